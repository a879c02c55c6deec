// glibc's __snprintf_chk, with a short path for the formats Cairo's PDF writer uses.
//
// Cairo 1.16 writes a PDF through _cairo_output_stream_printf, which formats each number with
// its own snprintf call: "%d", "%ld" and "%u" for object numbers and lengths, "%0*x" and
// "%04x" for glyph ids in text strings, "%010ld" for the cross-reference table, "%f", "%.*f"
// and "%.18f" for coordinates. A license page takes about 3 000 such calls, each about 900
// instructions through glibc's vfprintf (17 % of a merged batch's instructions). Here a
// format that is exactly one such conversion — '%', an optional '0' flag, an optional width
// (digits or '*'), an optional precision ('.' digits or '.*'), an optional 'l', and one of
// d i u x X o f — is formatted directly; anything else (and any argument outside what the
// short path takes) goes to glibc's __vsnprintf_chk with the arguments untouched.
//
// What comes out is glibc's output, byte for byte:
// - integers: sign, then zeros up to the width ('0' flag) or spaces before (no flag);
// - "%.Nf": the double's exact binary value rounded to N decimals, ties to even (glibc's
//   rounding in the default round-to-nearest mode), computed exactly in 128-bit integers;
//   a '-' for every negative value, -0.0 and values that round to zero included;
// - only in the C locale's decimal point ('.'); another LC_NUMERIC goes to glibc.
// Tests/QujatTests/FastFormatTests compares it with glibc's vsnprintf on seeded random values
// and every precision, ties and bounds included.
#define _GNU_SOURCE
#include <langinfo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "CQujatFastFormat.h"

int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, va_list ap);

enum { LONGEST = 128 };  // widths above 64 go to glibc; a "%.18f" takes at most 60 bytes

typedef struct {
    int zero, width, width_from_argument, precision, precision_from_argument, long_size;
    char conversion;
} conversion_spec;

/// Reads a format that is one conversion and nothing else; 0 when it is not one we take.
static int parse(const char *format, conversion_spec *spec) {
    memset(spec, 0, sizeof *spec);
    spec->precision = -1;
    const char *p = format;
    if (*p++ != '%') return 0;
    if (*p == '0') { spec->zero = 1; p++; }
    if (*p == '*') {
        spec->width_from_argument = 1;
        p++;
    } else {
        while (*p >= '0' && *p <= '9') {
            spec->width = spec->width * 10 + (*p++ - '0');
            if (spec->width > 64) return 0;
        }
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            spec->precision_from_argument = 1;
            p++;
        } else {
            spec->precision = 0;
            while (*p >= '0' && *p <= '9') {
                spec->precision = spec->precision * 10 + (*p++ - '0');
                if (spec->precision > 18) return 0;
            }
        }
    }
    if (*p == 'l') { spec->long_size = 1; p++; }
    switch (*p) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
        // Integers with a precision pad differently ('0' is then ignored): glibc's.
        if (spec->precision != -1 || spec->precision_from_argument) return 0;
        break;
    case 'f':
        // Widths and flags on a double: glibc's (Cairo uses none).
        if (spec->long_size || spec->zero || spec->width || spec->width_from_argument) return 0;
        break;
    default:
        return 0;
    }
    spec->conversion = *p++;
    return *p == '\0';
}

/// Digits of `value` in `base`, most significant first, into the end of `end`; the count.
static int digits(unsigned __int128 value, unsigned base, int upper, char *end) {
    const char *symbols = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int count = 0;
    uint64_t small = (uint64_t)value;
    if (value == small) {
        do { *--end = symbols[small % base]; small /= base; count++; } while (small != 0);
        return count;
    }
    do { *--end = symbols[(unsigned)(value % base)]; value /= base; count++; } while (value != 0);
    return count;
}

/// An integer conversion into `out` (LONGEST bytes); its length.
static int format_integer(char *out, const conversion_spec *spec, int width, int negative, unsigned __int128 magnitude) {
    char scratch[48];
    unsigned base = spec->conversion == 'x' || spec->conversion == 'X' ? 16 : spec->conversion == 'o' ? 8 : 10;
    int count = digits(magnitude, base, spec->conversion == 'X', scratch + sizeof scratch);
    int length = count + negative;
    int pad = width > length ? width - length : 0;
    int n = 0;
    if (!spec->zero) { memset(out, ' ', pad); n += pad; }
    if (negative) out[n++] = '-';
    if (spec->zero) { memset(out + n, '0', pad); n += pad; }
    memcpy(out + n, scratch + sizeof scratch - count, count);
    return n + count;
}

static const uint64_t powers_of_ten[19] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL};

/// "%.Nf" of `value` into `out` (LONGEST bytes); its length, or -1 for a value we leave to
/// glibc (not finite, or 2^67 and beyond).
static int format_fixed(char *out, double value, int precision) {
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    int negative = (int)(bits >> 63);
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t mantissa = bits & ((1ULL << 52) - 1);
    if (biased == 0x7ff) return -1;  // infinity, NaN
    int exponent;  // value = mantissa * 2^exponent
    if (biased == 0) {
        exponent = -1074;
    } else {
        mantissa |= 1ULL << 52;
        exponent = biased - 1075;
    }
    // The value times 10^precision, exactly (below 2^53 * 10^18 < 2^113), then rounded.
    unsigned __int128 scaled = (unsigned __int128)mantissa * powers_of_ten[precision];
    unsigned __int128 rounded;
    if (exponent >= 0) {
        if (exponent > 14) return -1;  // 2^113 * 2^14 is the most 128 bits hold
        rounded = scaled << exponent;
    } else if (-exponent >= 120) {
        rounded = 0;  // below 2^113 / 2^120: less than half of the last decimal
    } else {
        int shift = -exponent;
        rounded = scaled >> shift;
        unsigned __int128 rest = scaled - (rounded << shift);
        unsigned __int128 half = (unsigned __int128)1 << (shift - 1);
        if (rest > half || (rest == half && (rounded & 1))) rounded++;  // ties to even
    }
    char scratch[64];
    char *end = scratch + sizeof scratch;
    int count = digits(rounded, 10, 0, end);
    int n = 0;
    if (negative) out[n++] = '-';
    if (count <= precision) {  // below 1: "0.", the zeros before the first digit, the digits
        out[n++] = '0';
        out[n++] = '.';
        memset(out + n, '0', precision - count);
        n += precision - count;
        memcpy(out + n, end - count, count);
        return n + count;
    }
    int whole = count - precision;
    memcpy(out + n, end - count, whole);
    n += whole;
    if (precision > 0) {
        out[n++] = '.';
        memcpy(out + n, end - precision, precision);
        n += precision;
    }
    return n;
}

int qujat_fast_vsnprintf(char *buffer, size_t size, const char *format, va_list arguments) {
    conversion_spec spec;
    if (!parse(format, &spec)) return -1;
    const char *radix = nl_langinfo(RADIXCHAR);
    if (spec.conversion == 'f' && (radix[0] != '.' || radix[1] != '\0')) return -1;
    int width = spec.width;
    if (spec.width_from_argument) {
        width = va_arg(arguments, int);
        if (width < 0 || width > 64) return -1;  // negative: left-justified, glibc's
    }
    int precision = spec.precision;
    if (spec.precision_from_argument) {
        precision = va_arg(arguments, int);
        if (precision < 0 || precision > 18) return -1;
    }
    char out[LONGEST];
    int length;
    if (spec.conversion == 'f') {
        length = format_fixed(out, va_arg(arguments, double), precision < 0 ? 6 : precision);
        if (length < 0) return -1;
    } else if (spec.conversion == 'd' || spec.conversion == 'i') {
        long long value = spec.long_size ? va_arg(arguments, long) : va_arg(arguments, int);
        unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
        length = format_integer(out, &spec, width, value < 0, magnitude);
    } else {
        unsigned long long value = spec.long_size ? va_arg(arguments, unsigned long) : va_arg(arguments, unsigned int);
        length = format_integer(out, &spec, width, 0, value);
    }
    if (size > 0) {
        size_t copied = (size_t)length < size - 1 ? (size_t)length : size - 1;
        memcpy(buffer, out, copied);
        buffer[copied] = '\0';
    }
    return length;
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...) {
    va_list arguments, untouched;
    va_start(arguments, format);
    va_copy(untouched, arguments);
    int result = -1;
    // A buffer smaller than claimed is glibc's to report (__chk_fail); so is "%n", which the
    // short path never takes (flag > 0 asks glibc to refuse it in writable formats).
    if (slen >= maxlen) result = qujat_fast_vsnprintf(s, maxlen, format, arguments);
    if (result < 0) result = __vsnprintf_chk(s, maxlen, flag, slen, format, untouched);
    va_end(untouched);
    va_end(arguments);
    return result;
}
