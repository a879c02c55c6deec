import CPangoCairo
import Foundation

/// The characters the fonts of one folder can draw: the union of every font's character
/// map, read once per folder through fontconfig. Validation uses it to say before any
/// template runs what the renderer would say after layout: a character no font has is the
/// case's fault (exit 65 / HTTP 422), so `validate` and `render` give the same verdict.
public struct GlyphCoverage: Sendable {
    /// Bit N is set when a font has the character U+N (a set of the scalars took a cold
    /// render 0.5 ms to fill: 30 000 insertions).
    private let covered: [UInt64]

    /// True when a font has the character, or Pango draws it as nothing (format and other
    /// default-ignorable characters such as U+200B) and so needs no glyph.
    public func canDraw(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x7F || has(scalar.value) || scalar.properties.isDefaultIgnorableCodePoint
    }

    private func has(_ value: UInt32) -> Bool {
        let word = Int(value >> 6)
        return word < covered.count && covered[word] & (1 << (value & 63)) != 0
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: GlyphCoverage] = [:]

    /// The coverage of the fonts in `directory` (read once per folder and process).
    public static func of(directory: String) throws(RenderError) -> GlyphCoverage {
        lock.lock()
        defer { lock.unlock() }
        if let found = known[directory] { return found }
        let coverage = try read(directory)
        known[directory] = coverage
        return coverage
    }

    private static func read(_ directory: String) throws(RenderError) -> GlyphCoverage {
        guard let config = FcConfigCreate() else { throw RenderError(.fonts, "fontconfig could not be set up") }
        defer { FcConfigDestroy(config) }
        let cache = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/qujat-fontconfig-cache"
        _ = FcConfigParseAndLoadFromMemory(config, "<fontconfig><cachedir>\(cache)</cachedir></fontconfig>", 1)
        guard FcConfigAppFontAddDir(config, directory) != 0, let set = FcConfigGetFonts(config, FcSetApplication) else {
            throw RenderError(.fonts, "fonts folder \(directory) cannot be read")
        }
        // fontconfig hands a character set out in pages of 256 characters, 8 words of 32 bits.
        var covered: [UInt64] = []
        for index in 0..<Int(set.pointee.nfont) {
            var charset: OpaquePointer?
            guard let pattern = set.pointee.fonts[index], FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch,
                  let charset else { continue }
            var map = [FcChar32](repeating: 0, count: Int(FC_CHARSET_MAP_SIZE))
            var next: FcChar32 = 0
            var base = map.withUnsafeMutableBufferPointer { FcCharSetFirstPage(charset, $0.baseAddress, &next) }
            while base != FcChar32.max {  // FC_CHARSET_DONE
                let first = Int(base >> 6)  // a page starts at a multiple of 256
                if covered.count < first + map.count / 2 { covered += repeatElement(0, count: first + map.count / 2 - covered.count) }
                for pair in 0..<(map.count / 2) {
                    covered[first + pair] |= UInt64(map[2 * pair]) | UInt64(map[2 * pair + 1]) << 32
                }
                base = map.withUnsafeMutableBufferPointer { FcCharSetNextPage(charset, $0.baseAddress, &next) }
            }
        }
        guard covered.contains(where: { $0 != 0 }) else { throw RenderError(.fonts, "no font in \(directory)") }
        return GlyphCoverage(covered: covered)
    }
}
