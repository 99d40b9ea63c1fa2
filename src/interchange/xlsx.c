/* SPDX-License-Identifier: MIT */
#include "config.h"

#include "isms/error.h"
#include "isms/sheet.h"

int isms_sheet_read_xlsx(struct isms_sheet *out, const char *name, const char *data, size_t len)
{
	(void)out;
	(void)data;
	(void)len;
	return isms_error_set(ISMS_EPARSE, "%s:1:1: XLSX is not read yet", name);
}
