#ifndef QUJAT_SHIMS_H
#define QUJAT_SHIMS_H

/// Sets the zlib compression level that deflate streams started *on this thread* use,
/// whatever level their caller asked for; -1 is zlib's default, -2 turns the override off.
/// Qujat sets it around Cairo's PDF output only (see PDFWriter.swift). It acts only in a
/// program that links CQujatFastDeflate (which defines deflateInit_); the library never does.
void qujat_set_deflate_level(int level);

/// The override on this thread (-2 when off).
int qujat_deflate_level(void);

/// syncfs(2): flushes every file of the file system holding `fd` (Linux; elsewhere fsync).
int qujat_syncfs(int fd);

/// malloc_trim(0) where the C library is glibc: gives free heap pages of every arena back to
/// the system. Returns 1 if memory was released.
int qujat_malloc_trim(void);

#endif
