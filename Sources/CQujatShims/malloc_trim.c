#include "CQujatShims.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

int qujat_malloc_trim(void) {
#ifdef __GLIBC__
    return malloc_trim(0);
#else
    return 0;
#endif
}
