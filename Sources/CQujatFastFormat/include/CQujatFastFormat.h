#ifndef QUJAT_FAST_FORMAT_H
#define QUJAT_FAST_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/// Linking this module defines glibc's `__snprintf_chk` (what a fortified `snprintf` call
/// compiles to) for the whole process, so that Cairo's PDF writer — which formats every number
/// of a page, a font subset and a cross-reference table with one `snprintf` call each — takes
/// a short path for the single-conversion formats it uses ("%d", "%0*x", "%ld", "%f",
/// "%.*f", …). The output is glibc's, byte for byte; every other format goes to glibc.
/// Only executables link it (qujat, qujat-server, the benchmarks): the Qujat library itself
/// never changes libc for the program that embeds it. An embedder may opt in by linking the
/// QujatFastFormat product.

/// The short path alone, as `vsnprintf`: the number of bytes the result has (written up to
/// `size` - 1 and a NUL), or -1 when `format` is not one it takes (nothing is then written and
/// `arguments` is not read). The tests compare it with glibc's `vsnprintf`.
int qujat_fast_vsnprintf(char *buffer, size_t size, const char *format, va_list arguments);

#endif
