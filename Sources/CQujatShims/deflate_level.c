// The zlib level Qujat asks for on this thread, around Cairo's PDF output (PDFWriter). It
// takes effect only in a program that links CQujatFastDeflate (the qujat executable does):
// that module's deflateInit_ reads it. In a program that does not, Cairo's own level 6 is used.
#include "CQujatShims.h"

static _Thread_local int override_level = -2;

void qujat_set_deflate_level(int level) { override_level = level; }
int qujat_deflate_level(void) { return override_level; }
