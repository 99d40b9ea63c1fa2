/* SPDX-License-Identifier: MIT */
/* SHA-256 through Nettle: a well-kept, reviewed implementation that Debian
 * ships (libgit2 already depends on it), rather than one of our own. */
#include "config.h"

#include <stdio.h>

#include "isms/sha256.h"

void isms_sha256_init(struct isms_sha256 *c)
{
	sha256_init(&c->ctx);
}

void isms_sha256_update(struct isms_sha256 *c, const void *data, size_t len)
{
	sha256_update(&c->ctx, len, data);
}

void isms_sha256_hex(char out[ISMS_SHA256_HEX], struct isms_sha256 *c)
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_digest(&c->ctx, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

void isms_sha256(char out[ISMS_SHA256_HEX], const void *data, size_t len)
{
	struct isms_sha256 c;

	isms_sha256_init(&c);
	isms_sha256_update(&c, data, len);
	isms_sha256_hex(out, &c);
}
