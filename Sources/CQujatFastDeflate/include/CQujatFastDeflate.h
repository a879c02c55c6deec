#ifndef QUJAT_FAST_DEFLATE_H
#define QUJAT_FAST_DEFLATE_H

/// Linking this module defines zlib's deflateInit_ for the whole process, so that Cairo's PDF
/// streams on threads where Qujat set a level (qujat_set_deflate_level) use that level and a
/// smaller window. Only executables link it (qujat, the benchmarks): the Qujat library itself
/// never changes zlib for the program that embeds it. An embedder may opt in by linking the
/// QujatFastDeflate product. The function below does nothing; it only gives Swift a symbol to
/// refer to so the module is linked.
void qujat_fast_deflate_linked(void);

#endif
