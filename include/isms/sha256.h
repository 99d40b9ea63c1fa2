/* SPDX-License-Identifier: MIT */
/* SHA-256, for the checksums of documents' files (libgit2 hashes with
 * SHA-1 only). A thin face on Nettle's implementation. */
#ifndef ISMS_SHA256_H
#define ISMS_SHA256_H

#include <stddef.h>
#include <nettle/sha2.h>

#define ISMS_SHA256_HEX 65  /* 64 hex digits and a NUL */

struct isms_sha256 {
	struct sha256_ctx ctx;
};

void isms_sha256_init(struct isms_sha256 *ctx);
void isms_sha256_update(struct isms_sha256 *ctx, const void *data, size_t len);
/* The digest as 64 lower-case hex digits; the context is used up. */
void isms_sha256_hex(char out[ISMS_SHA256_HEX], struct isms_sha256 *ctx);
/* All at once. */
void isms_sha256(char out[ISMS_SHA256_HEX], const void *data, size_t len);

#endif
