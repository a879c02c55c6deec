// Each thread's recently compressed streams (recent_streams.c), for deflate_init.c.
#ifndef QUJAT_RECENT_STREAMS_H
#define QUJAT_RECENT_STREAMS_H
#include <stddef.h>

/// The compressed bytes of an input this thread compressed at `level` lately, in a new
/// malloc'd buffer (*output, *produced): 1; or 0 when none is kept (or memory ran out).
int qujat_recent_find(int level, const unsigned char *input, size_t count,
                      unsigned char **output, size_t *produced);

/// Keeps a copy of an input and its compressed bytes for this thread's next finds.
void qujat_recent_keep(int level, const unsigned char *input, size_t count,
                       const unsigned char *output, size_t produced);

#endif
