import CPangoCairo
import Foundation

/// The characters the fonts of one folder can draw: the union of every font's character
/// map, read once per folder through fontconfig. Validation uses it to say before any
/// template runs what the renderer would say after layout: a character no font has is the
/// case's fault (exit 65 / HTTP 422), so `validate` and `render` give the same verdict.
public struct GlyphCoverage: Sendable {
    private let covered: Set<UInt32>

    /// True when a font has the character, or Pango draws it as nothing (format and other
    /// default-ignorable characters such as U+200B) and so needs no glyph.
    public func canDraw(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x7F || covered.contains(scalar.value) || scalar.properties.isDefaultIgnorableCodePoint
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
        let cache = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/qujat-fontconfig-cache"
        _ = FcConfigParseAndLoadFromMemory(config, "<fontconfig><cachedir>\(cache)</cachedir></fontconfig>", 1)
        guard FcConfigAppFontAddDir(config, directory) != 0, let set = FcConfigGetFonts(config, FcSetApplication) else {
            throw RenderError(.fonts, "fonts folder \(directory) cannot be read")
        }
        var covered = Set<UInt32>()
        for index in 0..<Int(set.pointee.nfont) {
            var charset: OpaquePointer?
            guard let pattern = set.pointee.fonts[index], FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch,
                  let charset else { continue }
            var map = [FcChar32](repeating: 0, count: Int(FC_CHARSET_MAP_SIZE))
            var next: FcChar32 = 0
            var base = map.withUnsafeMutableBufferPointer { FcCharSetFirstPage(charset, $0.baseAddress, &next) }
            while base != FcChar32.max {  // FC_CHARSET_DONE
                for (word, bits) in map.enumerated() where bits != 0 {
                    for bit in 0..<32 where bits & (1 << bit) != 0 {
                        covered.insert(base + UInt32(word * 32 + bit))
                    }
                }
                base = map.withUnsafeMutableBufferPointer { FcCharSetNextPage(charset, $0.baseAddress, &next) }
            }
        }
        guard !covered.isEmpty else { throw RenderError(.fonts, "no font in \(directory)") }
        return GlyphCoverage(covered: covered)
    }
}
