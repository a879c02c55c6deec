import CPangoCairo
import Foundation
import QujatLayout
import Testing

/// `GlyphCoverage` packs the fonts' character maps into bits; fontconfig, asked character by
/// character, is the oracle.
@Suite struct GlyphCoverageTests {
    static let fonts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fonts").path

    /// Whether some font of the folder has `scalar`, by FcCharSetHasChar on each font's set.
    static func fontconfigHas(_ sets: [OpaquePointer], _ scalar: UInt32) -> Bool {
        sets.contains { FcCharSetHasChar($0, scalar) != 0 }
    }

    @Test("every scalar of the first three planes: covered exactly when a font's character set has it")
    func sameAsFontconfig() throws {
        let coverage = try GlyphCoverage.of(directory: Self.fonts)
        let config = try #require(FcConfigCreate())
        defer { FcConfigDestroy(config) }
        #expect(FcConfigAppFontAddDir(config, Self.fonts) != 0)
        let set = try #require(FcConfigGetFonts(config, FcSetApplication))
        var sets: [OpaquePointer] = []
        for index in 0..<Int(set.pointee.nfont) {
            var charset: OpaquePointer?
            if let pattern = set.pointee.fonts[index], FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch,
               let charset { sets.append(charset) }
        }
        #expect(sets.count >= 5)
        var covered = 0, mismatches: [String] = []
        for value in UInt32(0x7F)..<0x30000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let has = Self.fontconfigHas(sets, value)
            if has { covered += 1 }
            // canDraw also says yes for default-ignorable characters (drawn as nothing).
            if coverage.canDraw(scalar) != (has || scalar.properties.isDefaultIgnorableCodePoint), mismatches.count < 10 {
                mismatches.append(String(value, radix: 16))
            }
        }
        #expect(mismatches.isEmpty, "U+\(mismatches)")
        #expect(covered > 3000, "the DejaVu fonts cover thousands of characters")
        #expect(coverage.canDraw("Ә") && coverage.canDraw("ұ") && coverage.canDraw("№"))
        #expect(!coverage.canDraw("漢") && !coverage.canDraw("\u{10FFFF}"))
    }
}
