import CQujatFastFormat
import Foundation
import Testing

/// CQujatFastFormat's short path against glibc's vsnprintf, the oracle: the same bytes and the
/// same count for every format Cairo's PDF writer uses, on seeded random values (every
/// magnitude, exact ties, negative zero, the integer bounds) and every precision; and the
/// formats it must leave to glibc are left.
@Suite("Number formatting: the short snprintf equals glibc's")
struct FastFormatTests {
    /// The same 64-bit LCG as the property tests elsewhere: a seed gives the same values.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    /// Both formatters' results for one format and arguments, with a buffer of `size` bytes.
    private func both(_ format: String, _ arguments: [any CVarArg], size: Int = 200) -> (fast: String?, glibc: String, fastCount: Int32, glibcCount: Int32) {
        var fastBuffer = [CChar](repeating: 65, count: 256), glibcBuffer = [CChar](repeating: 65, count: 256)
        let fastCount = withVaList(arguments) { qujat_fast_vsnprintf(&fastBuffer, size, format, $0) }
        let glibcCount = withVaList(arguments) { vsnprintf(&glibcBuffer, size, format, $0) }
        let fast = fastCount < 0 ? nil : String(decoding: fastBuffer.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (fast, String(decoding: glibcBuffer.map { UInt8(bitPattern: $0) }, as: UTF8.self), fastCount, glibcCount)
    }

    /// Expects the short path to take the format and to give glibc's bytes (the whole buffer,
    /// so that what lies past the NUL is compared too) and count.
    private func expectSame(_ format: String, _ arguments: [any CVarArg], size: Int = 200) {
        let result = both(format, arguments, size: size)
        #expect(result.fast != nil, "\(format) \(arguments): not taken")
        #expect(result.fast == result.glibc && result.fastCount == result.glibcCount,
                "\(format) \(arguments) size \(size): «\(result.fast ?? "")» \(result.fastCount), glibc «\(result.glibc)» \(result.glibcCount)")
    }

    @Test("%f, %.Nf, %.*f and %.18f: exact rounding, ties to even, every magnitude (seeded)")
    func doubles() {
        var random = Seeded(state: 20261201)
        for _ in 0..<40_000 {
            let value: Double
            switch random.next() % 5 {
            case 0: value = Double(bitPattern: random.next())  // any double, huge and tiny
            case 1: value = Double(sign: .plus, exponent: Int(random.next() % 140) - 110,
                                   significand: 1 + Double(random.next() >> 12) / Double(1 << 52))
            case 2: value = Double(Int64(random.next() % 2_000_000) - 1_000_000) / 1000  // coordinates
            case 3: value = (Double(random.next() % 200_000) + 0.5) / Double(1 << (random.next() % 20))  // ties
            default: value = Double(Int64(random.next() % 20_000) - 10_000) / 8 / pow(10, Double(random.next() % 8))
            }
            let signed = random.next() % 2 == 0 ? value : -value
            guard signed.isFinite, abs(signed) < 1e20 else { continue }
            expectSame("%f", [signed])
            expectSame("%.18f", [signed])
            expectSame("%.3f", [signed])
            expectSame("%.*f", [Int32(random.next() % 19), signed])
        }
        let specials: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -0.5, 0.125, 0.0625, 1e-300, 5e-324, 9.9e19,
                                  0.1, 0.3, 999_999.999_999_5, 0.000_000_5, 0.000_000_499_999_999_999_999_94]
        for value in specials {
            for precision in 0...18 { expectSame("%.*f", [Int32(precision), value]) }
        }
    }

    @Test("%d %u %x %X %o %ld %lu with Cairo's widths and zero padding, at the bounds (seeded)")
    func integers() {
        var random = Seeded(state: 7)
        let formats = ["%d", "%i", "%u", "%x", "%X", "%o", "%04x", "%04X", "%02x", "%03o", "%5d", "%05d", "%64d"]
        let longFormats = ["%ld", "%lu", "%lx", "%010ld"]
        for _ in 0..<20_000 {
            let bits = random.next() >> (random.next() % 64)
            let value = random.next() % 2 == 0 ? Int64(bitPattern: bits) : -Int64(bitPattern: bits >> 1)
            expectSame(formats[Int(random.next() % UInt64(formats.count))], [Int32(truncatingIfNeeded: value)])
            expectSame(longFormats[Int(random.next() % UInt64(longFormats.count))], [Int(value)])
            expectSame("%0*x", [Int32(random.next() % 10), UInt32(truncatingIfNeeded: value)])
        }
        for value in [Int32.min, -1, 0, 1, Int32.max] {
            for format in formats { expectSame(format, [value]) }
        }
        for value in [Int.min, -1, 0, Int.max] {
            for format in longFormats { expectSame(format, [value]) }
        }
    }

    @Test("a short buffer: glibc's truncation and count")
    func truncation() {
        for size in 0..<12 {
            expectSame("%f", [-1234.5678], size: size)
            expectSame("%010ld", [Int(42)], size: size)
            expectSame("%0*x", [Int32(8), UInt32(0xBEEF)], size: size)
        }
    }

    @Test("what the short path leaves to glibc: other formats, flags, infinities, huge values")
    func leftToGlibc() {
        // Only the short path runs here (it reads no argument of a format it does not take).
        func taken(_ format: String, _ arguments: [any CVarArg]) -> Bool {
            var buffer = [CChar](repeating: 0, count: 256)
            return withVaList(arguments) { qujat_fast_vsnprintf(&buffer, buffer.count, format, $0) } >= 0
        }
        for format in ["%s", "x=%d", "%d %d", "%-5d", "%+d", "% d", "%.3d", "%lld", "%hd", "%c", "%p", "%", "%n", "%5"] {
            #expect(!taken(format, [Int32(1), Int32(2)]), "\(format) was taken")
        }
        for format in ["%g", "%e", "%10f", "%010f", "%lf", "%.19f"] {
            #expect(!taken(format, [1.5]), "\(format) was taken")
        }
        for value in [Double.infinity, -Double.infinity, Double.nan, 1e300, 2e20] {
            #expect(!taken("%f", [value]), "\(value) was taken")
        }
        #expect(!taken("%*d", [Int32(-4), Int32(7)]), "a negative width (left-justified) was taken")
        #expect(!taken("%.*f", [Int32(19), 1.5]), "precision 19 was taken")
    }
}
