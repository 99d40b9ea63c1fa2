/* SPDX-License-Identifier: MIT */
/* Text: UTF-8 checks, positions, small string helpers. */
#ifndef ISMS_TEXT_H
#define ISMS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum isms_text_problem {
	ISMS_TEXT_OK = 0,
	ISMS_TEXT_BAD_UTF8,  /* not well-formed UTF-8 (overlong, surrogate, truncated…) */
	ISMS_TEXT_CONTROL,   /* a control character other than tab, LF, CR */
};

/* Whether byte `c` is printable ASCII (space to tilde): one character,
 * one column, nothing to check or escape; most text is made of them. */
static inline bool isms_ascii_printable(char c)
{
	return (unsigned char)c >= 0x20 && (unsigned char)c < 0x7F;
}

/* The code point of the well-formed UTF-8 character at `s` (at most `len`
 * bytes) into *cp, and its length; 0 when it is not one (RFC 3629: no
 * overlong forms, surrogates or code points above U+10FFFF). */
size_t isms_utf8_decode(const char *s, size_t len, unsigned long *cp);

/* The UTF-8 form of code point `cp` into `out`; its length (1 to 4). */
size_t isms_utf8_encode(char out[4], unsigned long cp);

/* Check that `s` is well-formed UTF-8 without control characters (tab, LF
 * and CR allowed; a leading byte-order mark too). On a problem, *offset is
 * the byte offset of the first bad byte. */
enum isms_text_problem isms_text_check(const char *s, size_t len, size_t *offset);

/* The length of the line break at s[i] as YAML counts them (LF, CR LF,
 * a lone CR, U+2028, U+2029), or 0 when there is none. */
size_t isms_text_line_break(const char *s, size_t len, size_t i);

/* The 1-based line and column (in characters) of byte `offset` in `s`. */
void isms_text_position(const char *s, size_t len, size_t offset,
			unsigned *line, unsigned *column);

/* The byte offset of 1-based (line, column) in `s`, or `len` if beyond. */
size_t isms_text_offset(const char *s, size_t len, unsigned line, unsigned column);

/* What isms_text_escape keeps or escapes besides the control characters. */
enum isms_escape_flags {
	ISMS_ESCAPE_KEEP_LF = 1 << 0,    /* line feeds, where the output has several lines */
	ISMS_ESCAPE_KEEP_TAB = 1 << 1,   /* tabs, where they are part of the layout */
	ISMS_ESCAPE_BACKSLASH = 1 << 2,  /* a backslash as \\, so that the text "\x1b"
					    cannot pass for an escaped ESC (file names) */
};

/* Append `s` (`len` bytes) to `out` so that printing it cannot drive a
 * terminal: C0 control characters (LF and tab too, unless `flags` keep
 * them), DEL and bytes that are not well-formed UTF-8 as \xNN, C1 control
 * characters (U+0080 to U+009F) as \u00NN; everything else as it is. */
struct isms_buf;
void isms_text_escape(struct isms_buf *out, const char *s, size_t len, unsigned flags);

/* `s` escaped as isms_text_escape does, as a new string; the caller frees. */
char *isms_text_escaped(const char *s, unsigned flags);

bool isms_str_starts_with(const char *s, const char *prefix);
bool isms_str_ends_with(const char *s, const char *suffix);

/* Compare two IDs (or file names) the way people number things: runs of
 * digits by their value, so A.5.2 comes before A.5.10 and RSK-9 before
 * RSK-10; equal values with more leading zeros last; the rest byte by
 * byte. Negative, zero or positive, as strcmp. */
int isms_id_compare(const char *a, const char *b);

/* The edit distance between `a` and `b`: how many bytes must be inserted,
 * deleted, replaced, or swapped with their neighbour to turn one into the
 * other (optimal string alignment). For the short ASCII names of commands,
 * kinds and fields. */
size_t isms_text_distance(const char *a, const char *b);

/* "Did you mean": the nearest of the names offered to `word`. Start with
 * ISMS_NEAREST_INIT(word), offer each known name with isms_nearest_offer,
 * then isms_nearest_get gives the nearest (the first offered of equals),
 * or NULL when none is close: within 2 edits or a third of the length of
 * `word`, and fewer edits than `word` has bytes. Nothing is allocated. */
struct isms_nearest {
	const char *word;
	const char *best;
	size_t distance;
};
#define ISMS_NEAREST_INIT(word) { (word), NULL, (size_t)-1 }
void isms_nearest_offer(struct isms_nearest *n, const char *name);
const char *isms_nearest_get(const struct isms_nearest *n);

#endif
