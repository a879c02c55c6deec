@testable import KazakhText
import Testing

/// calendar.txt's lines and fields as `WorkCalendar(data:)` cuts them, against the character
/// splits it used before, on seeded random texts (line ends of every kind, tabs, Kazakh
/// comments, combining accents after spaces).
@Suite struct CalendarDataTests {
    @Test func sameCutsAsCharacterSplits() {
        let pieces = ["off", "work", "kurban-ait", "2026-03-09", " ", "  ", "\t", "#", "# Наурыз", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}",
                      "\u{85}", "\u{2028}", "\u{2029}", "\n\r", " \u{301}", "\u{301}", "x", "é", "ә"]
        var state: UInt64 = 0xCA1_E4DA4
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<20_000 {
            let text = (0..<(next() % 12)).map { _ in pieces[next() % pieces.count] }.joined()
            let old = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            let new = WorkCalendar.lines(text)
            #expect(new.map(String.init) == old.map(String.init), "\(Array(text.unicodeScalars))")
            for line in old {
                let oldFields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                #expect(WorkCalendar.fields(line).map(String.init) == oldFields, "\(Array(line.unicodeScalars))")
            }
        }
    }
}
