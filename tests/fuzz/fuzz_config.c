/* SPDX-License-Identifier: MIT */
/* libFuzzer target: an isms.yaml as opening an ISMS meets it. The bytes
 * are loaded and checked as the store checks its configuration (settings,
 * ID prefixes, review intervals, retention, the risk method), without a
 * repository, and the findings are formatted as 'isms check' prints them. */
#include "config.h"

#include <stdint.h>

#include "isms/buf.h"
#include "isms/validate.h"
#include "../../src/store/store_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isms_findings findings = ISMS_FINDINGS_INIT;
	struct isms_buf text = ISMS_BUF_INIT;

	store_config_check_text(&findings, (const char *)data, size, "isms.yaml");
	isms_findings_format(&text, "isms.yaml", &findings);
	isms_findings_free(&findings);
	isms_buf_free(&text);
	return 0;
}
