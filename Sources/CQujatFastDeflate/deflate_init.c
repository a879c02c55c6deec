// Cairo 1.16 compresses every PDF stream (page contents, font subsets) at zlib's default
// level 6 and has no setting for it; that compression was a third of Qujat's time per
// document. This file defines zlib's deflateInit_ so that the executable's definition is the
// one Cairo's calls reach (the dynamic linker prefers the executable), and forwards to the
// real zlib with the level chosen for the calling thread (qujat_deflate_level, from
// CQujatShims). Threads that never set a level — anything else in the process using zlib —
// get exactly what they asked for.
//
// It lives in its own module, linked only by executables (and by an embedder that opts in):
// a library must not replace a libc/zlib symbol for the program that links it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include "CQujatFastDeflate.h"

int qujat_deflate_level(void);

typedef int (*deflate_init_fn)(void *stream, int level, const char *version, int stream_size);
typedef int (*deflate_init2_fn)(void *stream, int level, int method, int window_bits, int mem_level, int strategy,
                                const char *version, int stream_size);

// For the overridden threads, also a smaller window and hash than zlib's default (32 KiB
// window, memLevel 8): zlib allocates about 256 KiB and clears a 64 KiB hash table for every
// stream, and Cairo starts a dozen streams per file (page contents, each font subset, each
// ToUnicode map) of mostly 1-12 KiB. An 8 KiB window and memLevel 6 (about 50 KiB) made a
// license PDF 0.25 ms faster for the same size (24 703 bytes instead of 24 705).
enum { QUJAT_WINDOW_BITS = 13, QUJAT_MEM_LEVEL = 6, QUJAT_Z_STREAM_ERROR = -2 };

void qujat_fast_deflate_linked(void) {}

int deflateInit_(void *stream, int level, const char *version, int stream_size) {
    static deflate_init_fn real = NULL;
    static deflate_init2_fn real2 = NULL;
    if (real == NULL) real = (deflate_init_fn)dlsym(RTLD_NEXT, "deflateInit_");
    if (real2 == NULL) real2 = (deflate_init2_fn)dlsym(RTLD_NEXT, "deflateInit2_");
    if (real == NULL || real2 == NULL) {
        // No zlib after us in the lookup order: refuse the stream (Cairo reports an error)
        // rather than call through a null pointer.
        fprintf(stderr, "qujat: zlib's deflateInit_ not found (dlsym: %s)\n", dlerror());
        return QUJAT_Z_STREAM_ERROR;
    }
    int override_level = qujat_deflate_level();
    if (override_level == -2) return real(stream, level, version, stream_size);
    return real2(stream, override_level, 8 /* Z_DEFLATED */, QUJAT_WINDOW_BITS, QUJAT_MEM_LEVEL,
                 0 /* Z_DEFAULT_STRATEGY */, version, stream_size);
}
