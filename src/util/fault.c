/* SPDX-License-Identifier: MIT */
/* Fault injection for tests: see include/isms/fault.h. */
#include "config.h"

#include <errno.h>
#include <stddef.h>

#include "isms/fault.h"

bool (*isms_fault_hook)(const char *step);

bool isms_fault(const char *step)
{
	if (!isms_fault_hook || !isms_fault_hook(step))
		return false;
	errno = EIO;
	return true;
}
