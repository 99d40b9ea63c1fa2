/* SPDX-License-Identifier: MIT */
/* A report (include/isms/report.h) as an XLSX workbook, with libxlsxwriter:
 * a front sheet (organisation, commit, revision, approval state,
 * generation date), then one sheet per table with a frozen, filterable
 * header row, widths that fit, dates as dates, numbers as numbers, risk
 * levels coloured as the risk method colours them, and every text cell
 * neutralised as CSV neutralises it (isms_esc_cell), so that no formula
 * runs from a record's text. */
#ifndef ISMS_XLSX_H
#define ISMS_XLSX_H

#include "isms/buf.h"
#include "isms/report.h"

/* Append the workbook's bytes to `out`. ISMS_EIO when it cannot be made. */
int isms_xlsx_report(struct isms_buf *out, const struct isms_report_doc *report);

#endif
