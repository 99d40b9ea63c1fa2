/* SPDX-License-Identifier: MIT */
/* Fault injection, for tests only.
 *
 * The steps of a write that can fail on a real machine (creating a lock,
 * writing, syncing, renaming a file, writing git's index, moving a
 * reference) each ask isms_fault() first, with the step's name. Nothing in
 * the program sets the hook; a test sets it to make chosen steps fail and
 * checks that nothing is lost and every message is true. */
#ifndef ISMS_FAULT_H
#define ISMS_FAULT_H

#include <stdbool.h>

/* Asked with the step's name: true makes that step fail. NULL: no faults. */
extern bool (*isms_fault_hook)(const char *step);

/* Whether step `step` is to fail now. */
bool isms_fault(const char *step);

#endif
