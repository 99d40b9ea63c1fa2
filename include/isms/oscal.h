/* SPDX-License-Identifier: MIT */
/* The Statement of Applicability as an OSCAL component definition (JSON,
 * OSCAL 1.0.6), made from the SoA report (include/isms/report.h). Why a
 * component definition and not a system security plan: the man page,
 * EXPORTS. UUIDs are derived from the organisation and the record IDs
 * (name-based, SHA-1, version 5, from a fixed namespace), so that exporting
 * again gives the same UUIDs and the documents diff cleanly. */
#ifndef ISMS_OSCAL_H
#define ISMS_OSCAL_H

#include "isms/buf.h"
#include "isms/report.h"

#define ISMS_OSCAL_VERSION "1.0.6"

/* The UUID (version 5) of `name` in the workbench's namespace, as 36
 * characters and a NUL. */
void isms_oscal_uuid(char out[37], const char *name);

/* Append the component definition of `soa` (made by isms_report_soa) to
 * `out`. ISMS_EINVALID when `soa` is not a Statement of Applicability. */
int isms_oscal_soa(struct isms_buf *out, const struct isms_report_doc *soa);

#endif
