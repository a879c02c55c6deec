// Each thread's recently compressed streams, so that a stream compressed again is copied.
//
// Cairo writes every PDF on its own: each document embeds its own font subsets, ToUnicode maps
// and, in a batch, page parts that differ only where the case does. Two licenses in a row share
// most of them byte for byte (in a run of licenses about two thirds of the bytes compressed
// were a repeat), and compressing them again was 15 % of a license's instructions. A stream is
// looked up by its level, length and a 64-bit hash, and taken only when its bytes are equal to
// the kept input (memcmp), so what comes out is what libdeflate would have produced: the same
// bytes. Bounded by design: at most 48 streams and 2 MiB a thread, the least recently used
// dropped first, streams over 256 KiB (and empty ones) never kept, all freed when the thread
// ends.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "recent_streams.h"

enum { KEPT_STREAMS = 48, KEPT_BYTES = 2 << 20, LARGEST_KEPT = 256 << 10 };

typedef struct {
    uint64_t hash, last_used;
    int level;
    size_t count, produced;
    unsigned char *bytes;  // the input, then its compressed bytes
} kept_stream;

typedef struct {
    kept_stream streams[KEPT_STREAMS];
    size_t bytes;
    uint64_t clock;
} recent_streams;

static pthread_key_t recent_key;
static pthread_once_t recent_once = PTHREAD_ONCE_INIT;

static void forget_all(void *pointer) {
    recent_streams *recent = pointer;
    for (int i = 0; i < KEPT_STREAMS; i++) free(recent->streams[i].bytes);
    free(recent);
}

static void make_key(void) { (void)pthread_key_create(&recent_key, forget_all); }

static recent_streams *this_thread(void) {
    pthread_once(&recent_once, make_key);
    recent_streams *recent = pthread_getspecific(recent_key);
    if (recent == NULL) {
        recent = calloc(1, sizeof *recent);
        if (recent != NULL && pthread_setspecific(recent_key, recent) != 0) {
            free(recent);
            recent = NULL;
        }
    }
    return recent;
}

/// A 64-bit hash of the bytes, eight at a time (equality is decided by memcmp, not by this).
static uint64_t hash_bytes(const unsigned char *bytes, size_t count) {
    uint64_t hash = 0x9E3779B97F4A7C15ULL ^ count;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
        hash ^= hash >> 32;
    }
    for (; i < count; i++) hash = (hash ^ bytes[i]) * 0x100000001B3ULL;
    return hash ^ (hash >> 29);
}

static kept_stream *lookup(recent_streams *recent, int level, const unsigned char *input, size_t count, uint64_t hash) {
    for (int i = 0; i < KEPT_STREAMS; i++) {
        kept_stream *kept = &recent->streams[i];
        if (kept->bytes != NULL && kept->hash == hash && kept->count == count && kept->level == level
            && memcmp(kept->bytes, input, count) == 0) return kept;
    }
    return NULL;
}

int qujat_recent_find(int level, const unsigned char *input, size_t count,
                      unsigned char **output, size_t *produced) {
    if (count == 0 || count > LARGEST_KEPT) return 0;  // (an empty stream may have no buffer)
    recent_streams *recent = this_thread();
    if (recent == NULL) return 0;
    kept_stream *kept = lookup(recent, level, input, count, hash_bytes(input, count));
    if (kept == NULL) return 0;
    unsigned char *copy = malloc(kept->produced);
    if (copy == NULL) return 0;
    memcpy(copy, kept->bytes + kept->count, kept->produced);
    kept->last_used = ++recent->clock;
    *output = copy;
    *produced = kept->produced;
    return 1;
}

void qujat_recent_keep(int level, const unsigned char *input, size_t count,
                       const unsigned char *output, size_t produced) {
    if (count == 0 || count > LARGEST_KEPT || count + produced > KEPT_BYTES) return;
    recent_streams *recent = this_thread();
    if (recent == NULL) return;
    uint64_t hash = hash_bytes(input, count);
    if (lookup(recent, level, input, count, hash) != NULL) return;
    // Room: drop the least recently used until one slot is free and the bytes fit.
    for (;;) {
        kept_stream *oldest = NULL, *empty = NULL;
        for (int i = 0; i < KEPT_STREAMS; i++) {
            kept_stream *kept = &recent->streams[i];
            if (kept->bytes == NULL) {
                if (empty == NULL) empty = kept;
            } else if (oldest == NULL || kept->last_used < oldest->last_used) {
                oldest = kept;
            }
        }
        if (empty != NULL && recent->bytes + count + produced <= KEPT_BYTES) {
            unsigned char *bytes = malloc(count + produced);
            if (bytes == NULL) return;
            memcpy(bytes, input, count);
            memcpy(bytes + count, output, produced);
            *empty = (kept_stream){.hash = hash, .last_used = ++recent->clock, .level = level,
                                   .count = count, .produced = produced, .bytes = bytes};
            recent->bytes += count + produced;
            return;
        }
        if (oldest == NULL) return;
        recent->bytes -= oldest->count + oldest->produced;
        free(oldest->bytes);
        memset(oldest, 0, sizeof *oldest);
    }
}
