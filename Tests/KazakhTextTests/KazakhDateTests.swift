import Testing
@testable import KazakhText

@Suite struct KazakhDateTests {
    /// (month, nominative, locative, attributive) — the locative and attributive are computed by the suffix rule.
    static let months: [(Int, String, String, String)] = [
        (1, "қаңтар", "қаңтарда", "қаңтардағы"),
        (2, "ақпан", "ақпанда", "ақпандағы"),
        (3, "наурыз", "наурызда", "наурыздағы"),
        (4, "сәуір", "сәуірде", "сәуірдегі"),
        (5, "мамыр", "мамырда", "мамырдағы"),
        (6, "маусым", "маусымда", "маусымдағы"),
        (7, "шілде", "шілдеде", "шілдедегі"),
        (8, "тамыз", "тамызда", "тамыздағы"),
        (9, "қыркүйек", "қыркүйекте", "қыркүйектегі"),
        (10, "қазан", "қазанда", "қазандағы"),
        (11, "қараша", "қарашада", "қарашадағы"),
        (12, "желтоқсан", "желтоқсанда", "желтоқсандағы"),
    ]

    @Test(arguments: months)
    func monthForms(month: Int, nominative: String, locative: String, attributive: String) throws {
        let date = try #require(CivilDate(year: 2026, month: month, day: 23))
        #expect(KazakhDate.monthName(month) == nominative)
        #expect(KazakhDate.locative(date) == "2026 жылғы 23 \(locative)")
        #expect(KazakhDate.attributive(date) == "2026 жылғы 23 \(attributive)")
        #expect(KazakhDate.nominative(date) == "23 \(nominative) 2026 ж.")
    }

    @Test func examplesFromTheBrief() throws {
        let date = try #require(CivilDate(iso: "2026-11-23"))
        #expect(KazakhDate.attributive(date) == "2026 жылғы 23 қарашадағы")
        #expect(KazakhDate.locative(date) == "2026 жылғы 23 қарашада")
        #expect(KazakhDate.nominative(date) == "23 қараша 2026 ж.")
        #expect(KazakhDate.numeric(date) == "23.11.2026")
        #expect(KazakhDate.time(try #require(CivilDateTime(iso: "2026-11-23T10:42"))) == "10:42")
    }

    @Test func paddingAndSingleDigitDays() throws {
        let date = try #require(CivilDate(iso: "2026-01-05"))
        #expect(KazakhDate.numeric(date) == "05.01.2026")
        #expect(KazakhDate.nominative(date) == "5 қаңтар 2026 ж.")
        #expect(KazakhDate.attributive(date) == "2026 жылғы 5 қаңтардағы")
        #expect(KazakhDate.time(try #require(CivilDateTime(iso: "2026-01-05T09:05"))) == "09:05")
        #expect(KazakhDate.time(try #require(CivilDateTime(iso: "2026-01-05T00:00"))) == "00:00")
    }

    @Test(arguments: [0, 13, -1])
    func monthNameOutOfRange(_ month: Int) {
        #expect(KazakhDate.monthName(month) == "")
    }

    /// The suffix rule on stems other than month names: harmony by the last vowel, т- after voiceless consonants.
    @Test(arguments: [
        ("қала", "да", "ғы"), ("мектеп", "те", "гі"), ("кітап", "та", "ғы"), ("үй", "де", "гі"), ("көл", "де", "гі"),
        ("Астана", "да", "ғы"), ("ас", "та", "ғы"), ("тау", "да", "ғы"), ("кеш", "те", "гі"), ("жаз", "да", "ғы"),
        ("мөр", "де", "гі"), ("ҚАРАША", "да", "ғы"), ("СӘУІР", "де", "гі"),
    ])
    func suffixRule(stem: String, locative: String, attributive: String) {
        #expect(KazakhSuffix.locative(stem) == locative)
        #expect(KazakhSuffix.attributive(stem) == attributive)
    }
}
