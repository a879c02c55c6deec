// Cairo 1.16 compresses every PDF stream (page contents, font subsets) at zlib's default
// level 6 and has no setting for it; that compression was a third of Qujat's time per
// document. This file defines zlib's deflateInit_ so that the executable's definition is the
// one Cairo's calls reach (the dynamic linker prefers the executable), and forwards to the
// real zlib with the level chosen for the calling thread. Threads that never set a level —
// anything else in the process using zlib — get exactly what they asked for.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include "CQujatShims.h"

static _Thread_local int override_level = -2;

void qujat_set_deflate_level(int level) { override_level = level; }
int qujat_deflate_level(void) { return override_level; }

typedef int (*deflate_init_fn)(void *stream, int level, const char *version, int stream_size);

int deflateInit_(void *stream, int level, const char *version, int stream_size) {
    static deflate_init_fn real = NULL;
    if (real == NULL) real = (deflate_init_fn)dlsym(RTLD_NEXT, "deflateInit_");
    if (override_level != -2) level = override_level;
    return real(stream, level, version, stream_size);
}
