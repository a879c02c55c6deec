import Foundation
@testable import QujatCase
import Testing

/// `SchemaReader.bounds` against the Foundation version it replaced, on seeded random texts.
@Suite struct SchemaBoundsTests {
    /// The old reading: NSString's components and replacement.
    static func oracle(_ text: String) -> Schema.Bounds? {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else { return nil }
        func number(_ part: String) -> Double?? {
            let trimmed = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            if trimmed.isEmpty { return .some(nil) }
            guard let value = Double(trimmed), value.isFinite else { return nil }
            return .some(value)
        }
        guard let low = number(parts[0]), let high = number(parts[1]), low != nil || high != nil else { return nil }
        if let low, let high, low > high { return nil }
        return Schema.Bounds(minimum: low, maximum: high)
    }

    @Test func sameAsFoundation() {
        let pieces = ["0", "1", "9", "12", ".", "..", "...", "_", " ", "\t", "-", "+", "e", "E", "\u{301}", "٣", "\u{A0}", "inf", "x"]
        var state: UInt64 = 0xB0_0D5
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var texts = ["0..100", "..2000", "1..", "1_000..2_000", " 5 .. 7 ", "3..1", "..", "1...2", "a..b", "1e3..1e4"]
        for _ in 0..<20_000 { texts.append((0..<(next() % 7)).map { _ in pieces[next() % pieces.count] }.joined()) }
        for text in texts {
            let new = SchemaReader.bounds(text), old = Self.oracle(text)
            #expect(new?.minimum == old?.minimum && new?.maximum == old?.maximum && (new == nil) == (old == nil), "\(Array(text.unicodeScalars))")
        }
    }
}
