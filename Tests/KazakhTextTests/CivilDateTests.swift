import Testing
@testable import KazakhText

@Suite struct CivilDateTests {
    @Test(arguments: [
        (2026, 11, 23, true), (2024, 2, 29, true), (2000, 2, 29, true), (1800, 1, 1, true), (2999, 12, 31, true),
        (2026, 2, 30, false), (2025, 2, 29, false), (1900, 2, 29, false), (2026, 13, 1, false), (2026, 0, 1, false),
        (2026, 1, 0, false), (2026, 4, 31, false), (2026, 1, 32, false), (1799, 12, 31, false), (3000, 1, 1, false),
    ])
    func validity(year: Int, month: Int, day: Int, valid: Bool) {
        let date = CivilDate(year: year, month: month, day: day)
        #expect((date != nil) == valid)
        if let date {
            #expect(date.year == year && date.month == month && date.day == day)
        }
    }

    @Test(arguments: ["2026-11-23", "1800-01-01", "2999-12-31", "2024-02-29"])
    func isoRoundTrip(_ text: String) throws {
        let date = try #require(CivilDate(iso: text))
        #expect(date.iso == text)
        #expect(date.description == text)
    }

    @Test(arguments: [
        "", "2026-1-23", "2026-11-3", "26-11-23", "2026-11-23 ", " 2026-11-23", "20261123", "2026/11/23",
        "2026-11-23T10:00", "2026-02-30", "2026-13-01", "+026-11-23", "2026-+1-23", "２０２６-11-23", "1799-12-31",
    ])
    func isoRejects(_ text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test(arguments: [
        ("2026-11-23", 1), ("2026-03-21", 6), ("2026-08-30", 7), ("2026-12-16", 3), ("1970-01-01", 4),
        ("2000-01-01", 6), ("1800-01-01", 3), ("2999-12-31", 2), ("2024-02-29", 4),
    ])
    func weekday(_ iso: String, _ expected: Int) throws {
        #expect(try #require(CivilDate(iso: iso)).weekday == expected)
    }

    @Test(arguments: [
        ("2026-11-23", 0, "2026-11-23"), ("2026-11-23", 8, "2026-12-01"), ("2026-12-29", 3, "2027-01-01"),
        ("2024-02-28", 1, "2024-02-29"), ("2025-02-28", 1, "2025-03-01"), ("2026-01-01", -1, "2025-12-31"),
        ("2026-03-01", -1, "2026-02-28"), ("2000-01-01", 366, "2001-01-01"), ("1800-01-01", 365, "1801-01-01"),
        ("2026-11-23", -20_000, "1972-02-20"),
    ])
    func adding(_ start: String, _ days: Int, _ expected: String) throws {
        #expect(try #require(CivilDate(iso: start)).adding(days: days).iso == expected)
    }

    /// Walks every day from 1800 to 2999 and checks `adding(days: 1)` and `weekday` against a naive calendar.
    @Test func everyDayInRange() throws {
        var date = try #require(CivilDate(year: 1800, month: 1, day: 1))
        var weekday = date.weekday
        var count = 0
        while date.year <= 2999 {
            let next = date.adding(days: 1)
            let expected = CivilDate(year: date.year, month: date.month, day: date.day + 1)
                ?? CivilDate(year: date.year, month: date.month + 1, day: 1)
                ?? CivilDate(year: date.year + 1, month: 1, day: 1)
            if date.year < 2999 || date.month < 12 || date.day < 31 {
                #expect(next == expected, "after \(date)")
            }
            weekday = weekday % 7 + 1
            if next.weekday != weekday { Issue.record("weekday of \(next)"); break }
            #expect(date < next)
            date = next
            count += 1
        }
        #expect(count == 438_291)
        #expect(CivilDate(iso: "2026-01-01")!.adding(days: 1_000).adding(days: -1_000).iso == "2026-01-01")
    }

    @Test func ordering() throws {
        let dates = try ["2026-11-23", "2025-12-31", "2026-01-01", "2026-11-22", "1800-01-01"].map { try #require(CivilDate(iso: $0)) }
        #expect(dates.sorted().map(\.iso) == ["1800-01-01", "2025-12-31", "2026-01-01", "2026-11-22", "2026-11-23"])
        #expect(CivilDate(iso: "2026-11-23") == CivilDate(year: 2026, month: 11, day: 23))
        #expect(Set(dates + dates).count == 5)
    }
}

@Suite struct CivilDateTimeTests {
    @Test(arguments: [("2026-11-23T10:42", 10, 42), ("2026-11-23T00:00", 0, 0), ("2026-11-23T23:59", 23, 59)])
    func parses(_ text: String, _ hour: Int, _ minute: Int) throws {
        let value = try #require(CivilDateTime(iso: text))
        #expect(value.date.iso == "2026-11-23")
        #expect(value.hour == hour && value.minute == minute)
        #expect(value.iso == text)
    }

    @Test(arguments: [
        "", "2026-11-23", "2026-11-23T24:00", "2026-11-23T10:60", "2026-11-23 10:42", "2026-11-23t10:42",
        "2026-11-23T1:42", "2026-11-23T10:4", "2026-11-23T10:42:00", "2026-02-30T10:00", "2026-11-23T10-42",
        "2026-11-23T-1:00",
    ])
    func rejects(_ text: String) {
        #expect(CivilDateTime(iso: text) == nil)
    }

    @Test func fromParts() throws {
        let date = try #require(CivilDate(iso: "2026-11-23"))
        #expect(CivilDateTime(date: date, hour: 9, minute: 5)?.iso == "2026-11-23T09:05")
        #expect(CivilDateTime(date: date, hour: 24, minute: 0) == nil)
        #expect(CivilDateTime(date: date, hour: 0, minute: -1) == nil)
    }
}

/// Every month in every case a template may need, against forms written out by hand
/// (vowel harmony and the month's last sound: қараша ends in a vowel, желтоқсан in н,
/// қыркүйек in a voiceless к, тамыз in a voiced з, сәуір in р).
@Suite struct KazakhDateCaseTests {
    static let expected: [(month: Int, gen: String, dat: String, abl: String, loc: String, attr: String)] = [
        (1, "қаңтардың", "қаңтарға", "қаңтардан", "қаңтарда", "қаңтардағы"),
        (2, "ақпанның", "ақпанға", "ақпаннан", "ақпанда", "ақпандағы"),
        (3, "наурыздың", "наурызға", "наурыздан", "наурызда", "наурыздағы"),
        (4, "сәуірдің", "сәуірге", "сәуірден", "сәуірде", "сәуірдегі"),
        (5, "мамырдың", "мамырға", "мамырдан", "мамырда", "мамырдағы"),
        (6, "маусымның", "маусымға", "маусымнан", "маусымда", "маусымдағы"),
        (7, "шілденің", "шілдеге", "шілдеден", "шілдеде", "шілдедегі"),
        (8, "тамыздың", "тамызға", "тамыздан", "тамызда", "тамыздағы"),
        (9, "қыркүйектің", "қыркүйекке", "қыркүйектен", "қыркүйекте", "қыркүйектегі"),
        (10, "қазанның", "қазанға", "қазаннан", "қазанда", "қазандағы"),
        (11, "қарашаның", "қарашаға", "қарашадан", "қарашада", "қарашадағы"),
        (12, "желтоқсанның", "желтоқсанға", "желтоқсаннан", "желтоқсанда", "желтоқсандағы"),
    ]

    @Test(arguments: expected.map(\.month))
    func everyCaseOfEveryMonth(_ month: Int) {
        let row = Self.expected[month - 1]
        let date = CivilDate(year: 2026, month: month, day: 15)!
        #expect(KazakhDate.genitive(date) == "2026 жылғы 15 \(row.gen)")
        #expect(KazakhDate.dative(date) == "2026 жылғы 15 \(row.dat)")
        #expect(KazakhDate.ablative(date) == "2026 жылғы 15 \(row.abl)")
        #expect(KazakhDate.locative(date) == "2026 жылғы 15 \(row.loc)")
        #expect(KazakhDate.attributive(date) == "2026 жылғы 15 \(row.attr)")
        #expect(KazakhDate.long(date) == "2026 жылғы 15 \(KazakhDate.monthName(month))")
    }
}

@Suite struct KazakhCaseTests {
    @Test(arguments: [
        ("«Азаматтарға арналған үкімет» мемлекеттік корпорациясы» КЕАҚ Батыс Қазақстан облысы бойынша филиалы",
         "«Азаматтарға арналған үкімет» мемлекеттік корпорациясы» КЕАҚ Батыс Қазақстан облысы бойынша филиалының"),
        ("денсаулық сақтау басқармасы", "денсаулық сақтау басқармасының"),
        ("мекеме", "мекеменің"), ("желтоқсан", "желтоқсанның"), ("қыркүйек", "қыркүйектің"), ("сәуір", "сәуірдің"),
        ("КЕАҚ", "КЕАҚ-тың"), ("«Денсаулық»", "«Денсаулық»-тың"),
    ])
    func genitive(_ phrase: String, _ expected: String) {
        #expect(KazakhCase.genitive(phrase) == expected)
    }

    @Test(arguments: [("№ 3 бөлім", "№ 3 бөлімі"), ("бөлімше", "бөлімшесі"), ("филиал", "филиалы"), ("3-бөлім", "3-бөлімі"),
                      ("орталық", "орталығы"), ("бөлек", "бөлегі"), ("кітап", "кітабы"), ("«Ақ жол» ЖШС", "«Ақ жол» ЖШС-ы")])
    func possessive(_ phrase: String, _ expected: String) {
        #expect(KazakhCase.possessive(phrase) == expected)
    }
}

@Suite struct LineBreaksTests {
    static func kept(_ text: String) -> [String] {
        LineBreaks.unbreakable(in: text).map { String(text[$0]) }
    }

    @Test func theStretchesKeptTogether() {
        #expect(Self.kept("Қолхат № 002-1123-0457 берілді") == ["№ 002-1123-0457"])
        #expect(Self.kept("Сырым Датұлы көшесі, 72, 14-кеңсе және 8-қосымша") == ["14-кеңсе", "8-қосымша"])
        #expect(Self.kept("Басшы Ә.Ө. Мұхамеджанов қол қойды") == ["Ә.Ө. Мұхамеджанов"])
        #expect(Self.kept("тел. 8 (7112) 24-15-60, +7 701 555 12 34") == ["8 (7112) 24-15-60", "+7 701 555 12 34"])
        #expect(Self.kept("https://elicense.kz/check?n=KZ1&b=2") == ["https://elicense.kz/", "check?", "n=KZ1&", "b=2"])
        // Too long to keep on one line: left breakable.
        #expect(Self.kept("№ " + String(repeating: "7", count: 60)).isEmpty)
    }
}
