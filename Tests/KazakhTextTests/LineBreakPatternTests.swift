@testable import KazakhText
import Testing

/// `LineBreaks` matches its stretches with hand-written patterns; they must find what the
/// regular expressions they replaced found, on any text.
@Suite struct LineBreakPatternTests {
    /// The former implementation, with Swift's regexes: the oracle (each run only when the
    /// text has its sign, as before).
    static func byRegex(_ text: String) -> [Range<String.Index>] {
        nonisolated(unsafe) let url = /https?:\/\/[^\s«»"]+/
        nonisolated(unsafe) let number = /№[ \u{00A0}]*[^\s,;:()«»]+/
        nonisolated(unsafe) let numbered = /\d+-\p{L}+/
        nonisolated(unsafe) let initials = /(?:\p{Lu}\.){1,3}[ \u{00A0}]?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?/
        nonisolated(unsafe) let phone = /(?:\+7|8)[ \u{00A0}]?\(?\d{3,4}\)?[ \u{00A0}]?\d{2,3}[- \u{00A0}]?\d{2}[- \u{00A0}]?\d{2}/
        let signs = LineBreaks.Signs(text)
        var found: [Range<String.Index>] = []
        for match in signs.url ? text.matches(of: url) : [] {
            var start = match.range.lowerBound
            var index = text[match.range].firstRange(of: "://").map { $0.upperBound } ?? start
            while index < match.range.upperBound {
                let next = text.index(after: index)
                if "/?&".contains(text[index]) || next == match.range.upperBound {
                    found.append(start..<next)
                    start = next
                }
                index = next
            }
        }
        let addresses = found
        for match in signs.number ? text.matches(of: number) : [] where !addresses.contains(where: { $0.overlaps(match.range) }) { found.append(match.range) }
        for match in signs.numbered ? text.matches(of: numbered) : [] where !addresses.contains(where: { $0.overlaps(match.range) }) { found.append(match.range) }
        for match in signs.initials ? text.matches(of: initials) : [] where !addresses.contains(where: { $0.overlaps(match.range) }) { found.append(match.range) }
        for match in signs.phone ? text.matches(of: phone) : [] where !addresses.contains(where: { $0.overlaps(match.range) }) { found.append(match.range) }
        return found.filter { text[$0].count > 1 && text[$0].count <= LineBreaks.maximumLength }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Pieces that make the patterns match, almost match and meet Unicode's corners: digits
    /// of other scripts, a superscript, decomposed letters, a titlecase letter, CR LF.
    static let pieces = ["№", " ", "\u{A0}", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-", ".", "+7", "+", "(", ")",
                         "А", "Ә", "Ө", "С", "Ж", "а", "ә", "қ", "ж", "е", "A", "b", "Q", "ǅ", "ß", "и\u{306}", "И\u{306}",
                         "e\u{301}", "٣", "²", "½", "https://", "http://", "/", "?", "&", "«", "»", "\"", ",", ";", ":", "\t",
                         "\r\n", "x", "Ә.", "Ө. ", "12-", "8 (7112) ", "Сейтқали", "-Ұлы", "№ 002-1", "🇰🇿"]

    @Test("the patterns find what the regular expressions found, on 20 000 seeded random texts")
    func sameAsTheRegularExpressions() {
        // Seeded: Knuth's MMIX linear congruential generator, its high bits; the same texts on every run.
        var state: UInt64 = 20261201
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for round in 0..<20_000 {
            let count = next() % 40 + 1
            let text = (0..<count).map { _ in Self.pieces[next() % Self.pieces.count] }.joined()
            let expected = Self.byRegex(text)
            let found = LineBreaks.unbreakable(in: text)
            #expect(found == expected, "round \(round): \(text.debugDescription): \(found.map { String(text[$0]) }) ≠ \(expected.map { String(text[$0]) })")
            if found != expected { return }
        }
    }

    @Test("a long run of digits is matched in time linear in it")
    func longRun() {
        let text = "1- " + String(repeating: "7", count: 200_000) + " № 1"
        let clock = ContinuousClock()
        let took = clock.measure { _ = LineBreaks.unbreakable(in: text) }
        // Quadratic would be 2·10¹⁰ steps: minutes, not this.
        #expect(took < .seconds(5))
        #expect(LineBreaks.unbreakable(in: text).map { String(text[$0]) } == ["№ 1"])
    }
}
