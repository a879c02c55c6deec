// Cairo 1.16 compresses every PDF stream (page contents, font subsets, ToUnicode maps) with
// zlib at level 6 and has no setting for it; that compression was a third of Qujat's time per
// document, and at level 1 still 36 %. This file defines zlib's deflateInit_, deflate and
// deflateEnd so that the executable's definitions are the ones Cairo's calls reach (the
// dynamic linker prefers the executable). On a thread where Qujat chose a level
// (qujat_deflate_level, from CQujatShims, set by PDFWriter around its Cairo calls) a stream is
// compressed in one go by libdeflate when it is finished: Cairo's streams are small (1-40 KiB)
// and written whole before they are closed, and libdeflate compresses them about twice as
// fast as zlib at the same level, into the same zlib format (RFC 1950) that PDF's FlateDecode
// reads. A stream this thread compressed lately is copied instead (recent_streams.c: the
// same bytes, found by comparing the input). Every other stream — other threads, other
// libraries, anything started while no level was chosen — goes to the real zlib untouched.
//
// It lives in its own module, linked only by executables (and by an embedder that opts in):
// a library must not replace a libc/zlib symbol for the program that links it.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "CQujatFastDeflate.h"
#include "recent_streams.h"

int qujat_deflate_level(void);

void qujat_fast_deflate_linked(void) {}

typedef int (*deflate_init_fn)(z_streamp stream, int level, const char *version, int stream_size);
typedef int (*deflate_fn)(z_streamp stream, int flush);
typedef int (*deflate_end_fn)(z_streamp stream);

static deflate_init_fn real_init;
static deflate_fn real_deflate;
static deflate_end_fn real_end;

/// Looks zlib's functions up once (they are behind ours in the lookup order).
static int find_zlib(void) {
    if (real_init == NULL) real_init = (deflate_init_fn)dlsym(RTLD_NEXT, "deflateInit_");
    if (real_deflate == NULL) real_deflate = (deflate_fn)dlsym(RTLD_NEXT, "deflate");
    if (real_end == NULL) real_end = (deflate_end_fn)dlsym(RTLD_NEXT, "deflateEnd");
    if (real_init == NULL || real_deflate == NULL || real_end == NULL) {
        // No zlib after us: refuse the stream (Cairo reports an error) rather than call
        // through a null pointer.
        fprintf(stderr, "qujat: zlib's deflate functions not found (dlsym: %s)\n", dlerror());
        return 0;
    }
    return 1;
}

/// One of our streams: its input so far, then its compressed bytes being handed out.
typedef struct {
    z_streamp stream;
    int level;
    unsigned char *input;
    size_t count, capacity;
    unsigned char *output;
    size_t produced, given;
    int compressed;
} whole_stream;

// The process's open streams of ours (each worker has a few open at a time: a page's
// contents, a font's subset and its ToUnicode map), found by address from any thread; and
// each thread's compressors, one per level, reused.
enum { MAX_OPEN = 256 };
static whole_stream *open_streams[MAX_OPEN];
static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread struct libdeflate_compressor *compressors[13];

static whole_stream *ours(z_streamp stream) {
    whole_stream *found = NULL;
    pthread_mutex_lock(&open_lock);
    for (int i = 0; i < MAX_OPEN && found == NULL; i++) {
        if (open_streams[i] != NULL && open_streams[i]->stream == stream) found = open_streams[i];
    }
    pthread_mutex_unlock(&open_lock);
    return found;
}

int deflateInit_(z_streamp stream, int level, const char *version, int stream_size) {
    if (!find_zlib()) return Z_STREAM_ERROR;
    int chosen = qujat_deflate_level();
    if (chosen == -2) return real_init(stream, level, version, stream_size);
    whole_stream *state = calloc(1, sizeof(whole_stream));
    if (state == NULL) return Z_MEM_ERROR;
    state->stream = stream;
    state->level = chosen < 0 ? 6 : (chosen > 12 ? 12 : chosen);
    int placed = 0;
    pthread_mutex_lock(&open_lock);
    for (int i = 0; i < MAX_OPEN && !placed; i++) {
        if (open_streams[i] == NULL) {
            open_streams[i] = state;
            placed = 1;
        }
    }
    pthread_mutex_unlock(&open_lock);
    if (!placed) {  // very many open at once: this one is zlib's
        free(state);
        return real_init(stream, level, version, stream_size);
    }
    stream->total_in = stream->total_out = 0;
    stream->msg = NULL;
    stream->adler = 1;
    stream->state = NULL;  // zlib refuses this stream should it ever see it (no state)
    return Z_OK;
}

/// Compresses everything given so far (once).
static int compress_whole(whole_stream *state) {
    if (!qujat_recent_find(state->level, state->input, state->count, &state->output, &state->produced)) {
        struct libdeflate_compressor **compressor = &compressors[state->level];
        if (*compressor == NULL) *compressor = libdeflate_alloc_compressor(state->level);
        if (*compressor == NULL) return Z_MEM_ERROR;
        size_t bound = libdeflate_zlib_compress_bound(*compressor, state->count);
        state->output = malloc(bound);
        if (state->output == NULL) return Z_MEM_ERROR;
        state->produced = libdeflate_zlib_compress(*compressor, state->input, state->count, state->output, bound);
        if (state->produced == 0) return Z_BUF_ERROR;
        qujat_recent_keep(state->level, state->input, state->count, state->output, state->produced);
    }
    state->compressed = 1;
    free(state->input);
    state->input = NULL;
    return Z_OK;
}

int deflate(z_streamp stream, int flush) {
    whole_stream *state = ours(stream);
    if (state == NULL) return find_zlib() ? real_deflate(stream, flush) : Z_STREAM_ERROR;
    if (stream->avail_in > 0) {
        if (state->compressed) return Z_STREAM_ERROR;  // input after Z_FINISH
        size_t needed = state->count + stream->avail_in;
        if (needed > state->capacity) {
            size_t capacity = state->capacity < 16384 ? 16384 : state->capacity;
            while (capacity < needed) capacity *= 2;
            unsigned char *grown = realloc(state->input, capacity);
            if (grown == NULL) return Z_MEM_ERROR;
            state->input = grown;
            state->capacity = capacity;
        }
        memcpy(state->input + state->count, stream->next_in, stream->avail_in);
        state->count += stream->avail_in;
        stream->total_in += stream->avail_in;
        stream->next_in += stream->avail_in;
        stream->avail_in = 0;
    }
    if (flush != Z_FINISH) return Z_OK;  // nothing comes out before the end
    if (!state->compressed) {
        int status = compress_whole(state);
        if (status != Z_OK) return status;
    }
    size_t left = state->produced - state->given;
    size_t step = left < stream->avail_out ? left : stream->avail_out;
    memcpy(stream->next_out, state->output + state->given, step);
    state->given += step;
    stream->next_out += step;
    stream->avail_out -= (uInt)step;
    stream->total_out += step;
    return state->given == state->produced ? Z_STREAM_END : Z_OK;
}

int deflateEnd(z_streamp stream) {
    whole_stream *state = ours(stream);
    if (state == NULL) return find_zlib() ? real_end(stream) : Z_STREAM_ERROR;
    pthread_mutex_lock(&open_lock);
    for (int i = 0; i < MAX_OPEN; i++) {
        if (open_streams[i] == state) open_streams[i] = NULL;
    }
    pthread_mutex_unlock(&open_lock);
    int finished = state->compressed && state->given == state->produced;
    free(state->input);
    free(state->output);
    free(state);
    return finished ? Z_OK : Z_DATA_ERROR;  // zlib's answer for a stream freed early
}
