// syncfs(2) needs _GNU_SOURCE, which Swift's Glibc module does not define.
#define _GNU_SOURCE
#include <unistd.h>
#include "CQujatShims.h"

int qujat_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}
