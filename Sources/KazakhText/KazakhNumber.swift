/// Numbers written out in Kazakh words and grouped digits.
///
/// The «бір» rule used by `words(_:)` is the financial documents' one (and num2words' `kz`):
/// - Hundreds never take «бір»: 100 is «жүз», 101 «жүз бір», 100 000 «жүз мың», 101 000 «жүз бір мың».
/// - Thousands, millions and milliards always do: 1 000 «бір мың», 1 500 «бір мың бес жүз»,
///   1 001 000 «бір миллион бір мың», «бір миллиард». (Speech drops it before «мың»; a sum on a
///   receipt must not, so that «бір» cannot be read as missing.)
public enum KazakhNumber {
    static let units = ["", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
    static let tens = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]

    /// The largest number `words(_:)` writes out.
    static let maximum = 999_999_999_999

    /// `n` in Kazakh words for 0...999 999 999 999 (nil otherwise): 0 «нөл», 21 «жиырма бір», 1 000 «бір мың»,
    /// 2 000 001 «екі миллион бір», 43 250 «қырық үш мың екі жүз елу». See the type's «бір» rule.
    public static func words(_ n: Int) -> String? {
        guard (0...maximum).contains(n) else { return nil }
        if n == 0 { return "нөл" }
        let milliards = n / 1_000_000_000
        let millions = n / 1_000_000 % 1000
        let thousands = n / 1000 % 1000
        let rest = n % 1000
        var parts: [String] = []
        if milliards > 0 { parts.append(contentsOf: triple(milliards) + ["миллиард"]) }
        if millions > 0 { parts.append(contentsOf: triple(millions) + ["миллион"]) }
        if thousands > 0 {
            parts.append(contentsOf: triple(thousands) + ["мың"])
        }
        if rest > 0 { parts.append(contentsOf: triple(rest)) }
        return parts.joined(separator: " ")
    }

    /// The words of 1...999, hundreds without «бір» (100 «жүз», 200 «екі жүз»).
    static func triple(_ n: Int) -> [String] {
        var parts: [String] = []
        let h = n / 100, t = n / 10 % 10, u = n % 10
        if h == 1 { parts.append("жүз") } else if h > 1 { parts += [units[h], "жүз"] }
        if t > 0 { parts.append(tens[t]) }
        if u > 0 { parts.append(units[u]) }
        return parts
    }

    /// Digits grouped by three with U+00A0 NO-BREAK SPACE: 43250 → "43\u{00A0}250", 999 → "999", -1500 → "-1\u{00A0}500".
    public static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var result = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { result.append("\u{00A0}") }
            result.append(digit)
        }
        return n < 0 ? "-" + result : result
    }

    /// Grouped digits, then the words in parentheses: "15 (он бес)"; nil when `words(_:)` is nil.
    public static func withWords(_ n: Int) -> String? {
        guard let w = words(n) else { return nil }
        return "\(grouped(n)) (\(w))"
    }

    /// An amount in tenge: "43 250 (қырық үш мың екі жүз елу) теңге" (grouped with U+00A0); nil when `words(_:)` is nil.
    public static func money(_ tenge: Int) -> String? {
        guard let w = withWords(tenge) else { return nil }
        return w + " теңге"
    }

    /// A numbered noun as documents write it: `ordinal(8, "қосымша")` → "8-қосымша".
    public static func ordinal(_ n: Int, _ noun: String) -> String {
        "\(n)-\(noun)"
    }
}
