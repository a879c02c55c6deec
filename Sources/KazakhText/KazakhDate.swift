/// Dates written out in Kazakh as official documents use them.
public enum KazakhDate {
    /// Nominative month names, January first.
    static let months = ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
                         "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"]

    /// The attributive form, "2026 жылғы 23 қарашадағы": the locative month plus -ғы/-гі.
    public static func attributive(_ d: CivilDate) -> String {
        cased(d) { KazakhSuffix.locative($0) + KazakhSuffix.attributive($0) }
    }

    /// The locative form, "2026 жылғы 23 қарашада": the month takes -да/-де/-та/-те by vowel harmony and its last sound.
    public static func locative(_ d: CivilDate) -> String { cased(d, KazakhSuffix.locative) }

    /// The long nominative form, "2026 жылғы 23 қараша": a date standing alone after a label
    /// («Нәтиже беру мерзімі: 2026 жылғы 15 желтоқсан»).
    public static func long(_ d: CivilDate) -> String { cased(d) { _ in "" } }

    /// The genitive form, "2026 жылғы 23 қарашаның" («… қарашаның № 139 шешімі»).
    public static func genitive(_ d: CivilDate) -> String { cased(d, KazakhSuffix.genitive) }

    /// The dative form, "2026 жылғы 15 желтоқсанға" (a period's end: «… дейін»).
    public static func dative(_ d: CivilDate) -> String { cased(d, KazakhSuffix.dative) }

    /// The ablative form, "2026 жылғы 15 желтоқсаннан" (a period's start: «… бастап»).
    public static func ablative(_ d: CivilDate) -> String { cased(d, KazakhSuffix.ablative) }

    /// "2026 жылғы 23 " + the month with the ending `suffix` chooses for it.
    private static func cased(_ d: CivilDate, _ suffix: (String) -> String) -> String {
        let month = monthName(d.month)
        return "\(d.year) жылғы \(d.day) \(month)\(suffix(month))"
    }

    /// The nominative form, "23 қараша 2026 ж.".
    public static func nominative(_ d: CivilDate) -> String {
        "\(d.day) \(monthName(d.month)) \(d.year) ж."
    }

    /// The numeric form with zero-padded day and month, "23.11.2026".
    public static func numeric(_ d: CivilDate) -> String {
        "\(ASCIIDigits.padded(d.day, width: 2)).\(ASCIIDigits.padded(d.month, width: 2)).\(ASCIIDigits.padded(d.year, width: 4))"
    }

    /// The time of day as "HH:MM", e.g. "10:42", "09:05".
    public static func time(_ t: CivilDateTime) -> String {
        "\(ASCIIDigits.padded(t.hour, width: 2)):\(ASCIIDigits.padded(t.minute, width: 2))"
    }

    /// The nominative month name (1 = «қаңтар» ... 12 = «желтоқсан»); an empty string outside 1...12.
    public static func monthName(_ month: Int) -> String {
        (1...12).contains(month) ? months[month - 1] : ""
    }
}
