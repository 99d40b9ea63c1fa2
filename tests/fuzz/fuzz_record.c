/* SPDX-License-Identifier: MIT */
/* libFuzzer target: a record file as 'isms check' and 'isms set' meet it.
 * Load the bytes; validate the tree against every kind; emit it; what is
 * emitted must load again, to an equal tree. Anything else that goes wrong
 * (a crash, a sanitizer report, a leak) is a finding. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "isms/buf.h"
#include "isms/error.h"
#include "isms/kind.h"
#include "isms/tree.h"
#include "isms/validate.h"
#include "isms/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The text as emitted may be longer than the input (block style for flow
 * style): only the size limit is lifted for reading it back. */
static const struct isms_yaml_limits reread = { .max_bytes = SIZE_MAX,
						.max_depth = ISMS_YAML_MAX_DEPTH };

static void validate_all(const struct isms_node *root)
{
	const char *id = root->type == ISMS_NODE_MAP ? isms_map_get_text(root, "id") : NULL;
	struct isms_buf text = ISMS_BUF_INIT;

	for (size_t i = 0; i < isms_kind_count(); i++) {
		struct isms_findings findings = ISMS_FINDINGS_INIT;

		isms_record_validate(&findings, root, isms_kind_at(i), id ? id : "POL-001");
		isms_findings_format(&text, "fuzz.yaml", &findings);
		isms_findings_free(&findings);
	}
	isms_buf_free(&text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct isms_node *root = NULL, *back = NULL;
	struct isms_buf out = ISMS_BUF_INIT;
	unsigned flags;

	if (isms_yaml_load(&root, &flags, (const char *)data, size, "fuzz.yaml", NULL) < 0)
		return 0;
	validate_all(root);
	if (isms_yaml_emit(&out, root) < 0) {
		fprintf(stderr, "a loaded tree cannot be written: %s\n", isms_error_last()->message);
		abort();
	}
	if (isms_yaml_load(&back, NULL, out.ptr, out.len, "emitted.yaml", &reread) < 0) {
		fprintf(stderr, "what was written does not load: %s\n--- written ---\n%s",
			isms_error_last()->message, out.ptr);
		abort();
	}
	if (!isms_node_equal(root, back)) {
		fprintf(stderr, "what was written loads differently\n--- written ---\n%s", out.ptr);
		abort();
	}
	isms_node_free(back);
	isms_node_free(root);
	isms_buf_free(&out);
	return 0;
}
