import Foundation
import Testing
@testable import QujatCase

/// `trimmingWhitespace()` against its oracle, Foundation's `trimmingCharacters(in: .whitespaces)`.
@Suite struct TrimmingTests {
    @Test func everyScalarAlone() {
        var differences: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), "a\(scalar)", "\(scalar)a", "\(scalar)a\(scalar)"] where
                text.trimmingWhitespace() != text.trimmingCharacters(in: .whitespaces) {
                differences.append(String(value, radix: 16))
                break
            }
        }
        #expect(differences.isEmpty, "scalars trimmed differently: \(differences.prefix(20))")
    }

    @Test func seededTexts() {
        // Spaces, tabs, no-break and other Zs spaces, line breaks, letters, a combining accent
        // (after a space it must stay: both cut at scalars), emoji, Kazakh letters.
        let pieces: [String] = [" ", "\t", "\u{A0}", "\u{2003}", "\u{3000}", "\n", "\r\n", "\u{85}", "\u{2028}",
                                "a", "Қ", "ү", "\u{301}", "👍🏽", "12", "мм", "\u{200B}", "\u{FEFF}"]
        var state: UInt64 = 0x5EED_0001
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<20_000 {
            let text = (0..<(next() % 9)).map { _ in pieces[next() % pieces.count] }.joined()
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            let sub = text.dropFirst(text.isEmpty ? 0 : 1)
            #expect(sub.trimmingWhitespace() == sub.trimmingCharacters(in: .whitespaces))
        }
    }
}
