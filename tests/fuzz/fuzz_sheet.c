/* SPDX-License-Identifier: MIT */
/* libFuzzer target: a spreadsheet as 'isms import' meets it. The first
 * byte chooses the reader (even: CSV, odd: XLSX, the zip and XML behind
 * it), the rest is the file; every cell of what is read is visited, as the
 * import's column matching does. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "isms/error.h"
#include "isms/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isms_sheet sheet;
	size_t total = 0;
	int error;

	if (size < 1)
		return 0;
	memset(&sheet, 0, sizeof(sheet));
	error = data[0] & 1
		? isms_sheet_read_xlsx(&sheet, "fuzz.xlsx", (const char *)data + 1, size - 1)
		: isms_sheet_read_csv(&sheet, "fuzz.csv", (const char *)data + 1, size - 1);
	if (error == 0)
		for (size_t r = 0; r < sheet.count; r++)
			for (size_t c = 0; c < sheet.rows[r].count; c++) {
				const char *cell = isms_sheet_cell(&sheet.rows[r], c);

				total += cell ? strlen(cell) : 0;
			}
	isms_sheet_free(&sheet);
	return total == (size_t)-1;
}
