import Foundation
import Testing
import KazakhText

/// Parses "YYYY-MM-DD" in tests; fails the test on a bad literal.
func day(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CivilDate {
    try #require(CivilDate(iso: iso), sourceLocation: sourceLocation)
}

/// The shipped Templates/calendar.txt, found from this file's path.
func shippedCalendarText() throws -> String {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates/calendar.txt")
    return try String(contentsOf: url, encoding: .utf8)
}

@Suite struct WorkCalendarTests {
    static let shipped: WorkCalendar = {
        do { return try WorkCalendar(data: shippedCalendarText()) } catch { fatalError("calendar.txt: \(error)") }
    }()

    @Test func shippedFileParses() throws {
        #expect(throws: Never.self) { try WorkCalendar(data: shippedCalendarText()) }
    }

    @Test(arguments: [
        // Terms from the brief, counted by hand.
        ("2026-12-29", 1, "2026-12-30"), ("2026-12-29", 2, "2026-12-31"),
        ("2026-12-29", 3, "2027-01-05"),   // 1 Jan Fri holiday, 2 Jan Sat holiday → Mon 4 Jan off
        ("2026-03-19", 1, "2026-03-20"),
        ("2026-03-19", 2, "2026-03-26"),   // 21–23 Mar Sat–Mon, moved to 24 and 25
        ("2026-11-23", 15, "2026-12-14"),  // Mon 23 Nov: 24–27, 30, 1–4, 7–11, 14 Dec
        ("2026-11-23", 16, "2026-12-15"),
        ("2026-11-23", 17, "2026-12-17"),  // 16 Dec (Wed) is Independence Day
        ("2026-08-28", 1, "2026-09-01"),   // 30 Aug Sun → Mon 31 Aug off
        ("2026-05-26", 1, "2026-05-28"),   // Kurban ait Wed 27 May
        ("2026-11-27", 1, "2026-11-30"),   // Friday → Monday
        ("2026-11-23", 0, "2026-11-23"),
    ])
    func terms(_ accepted: String, _ n: Int, _ expected: String) throws {
        #expect(Self.shipped.addingWorkingDays(n, to: try day(accepted)).iso == expected)
    }

    @Test(arguments: [
        ("2026-03-21", false), ("2026-03-22", false), ("2026-03-23", false), ("2026-03-24", false), ("2026-03-25", false),
        ("2026-03-26", true), ("2026-03-20", true), ("2026-08-30", false), ("2026-08-31", false), ("2026-09-01", true),
        ("2026-03-08", false), ("2026-03-09", false), ("2026-05-09", false), ("2026-05-11", false),
        ("2026-10-25", false), ("2026-10-26", false), ("2026-12-16", false), ("2026-12-17", true),
        ("2026-01-07", false), ("2026-05-27", false), ("2026-11-23", true), ("2026-11-28", false),
        ("2024-01-07", false), ("2024-01-08", true),   // 7 January on a Sunday does not move
        ("2024-06-16", false), ("2024-06-17", true),   // Kurban ait on a Sunday does not move
        ("2027-05-16", false), ("2027-05-17", true),
        ("2022-01-03", false), ("2022-01-04", false), ("2022-01-05", true),  // 1–2 Jan Sat–Sun
    ])
    func workingDays(_ iso: String, _ working: Bool) throws {
        #expect(Self.shipped.isWorkingDay(try day(iso)) == working)
    }

    @Test func daysOff2026() {
        #expect(Self.shipped.daysOff(in: 2026).map(\.iso) == [
            "2026-01-01", "2026-01-02", "2026-01-07", "2026-03-08", "2026-03-09", "2026-03-21", "2026-03-22",
            "2026-03-23", "2026-03-24", "2026-03-25", "2026-05-01", "2026-05-07", "2026-05-09", "2026-05-11",
            "2026-05-27", "2026-07-06", "2026-08-30", "2026-08-31", "2026-10-25", "2026-10-26", "2026-12-16",
        ])
    }

    @Test func daysOff2025WithTheTransfer() throws {
        #expect(Self.shipped.daysOff(in: 2025).map(\.iso) == [
            "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07", "2025-03-08", "2025-03-10", "2025-03-21",
            "2025-03-22", "2025-03-23", "2025-03-24", "2025-03-25", "2025-05-01", "2025-05-07", "2025-05-09",
            "2025-06-06", "2025-07-06", "2025-07-07", "2025-08-30", "2025-09-01", "2025-10-25", "2025-10-27",
            "2025-12-16",
        ])
        #expect(Self.shipped.isWorkingDay(try day("2025-01-05")))           // a Sunday made working
        #expect(!Self.shipped.isWorkingDay(try day("2025-01-03")))
        #expect(Self.shipped.addingWorkingDays(1, to: try day("2025-01-02")).iso == "2025-01-05")
        #expect(WorkCalendar().addingWorkingDays(1, to: try day("2025-01-02")).iso == "2025-01-03")
    }

    @Test func withoutDataOnlyFixedHolidays() throws {
        let calendar = WorkCalendar()
        #expect(calendar.isWorkingDay(try day("2026-05-27")))   // no Kurban ait without data
        #expect(!calendar.isWorkingDay(try day("2026-03-25")))
        #expect(!calendar.isWorkingDay(try day("2026-01-07")))
        #expect(calendar.daysOff(in: 2026).count == 20)
    }

    @Test func decreeLines() throws {
        let calendar = try WorkCalendar(data: "work 2026-11-28 Saturday made working\noff 2026-11-27 Friday off\n")
        #expect(calendar.isWorkingDay(try day("2026-11-28")))
        #expect(!calendar.isWorkingDay(try day("2026-11-27")))
        #expect(calendar.addingWorkingDays(1, to: try day("2026-11-26")).iso == "2026-11-28")
        #expect(calendar.daysOff(in: 2026).contains(try day("2026-11-27")))
        #expect(!calendar.daysOff(in: 2026).contains(try day("2026-11-28")))
    }

    /// Every non-working day is listed in `daysOff` or is an ordinary weekend day, and the list is sorted.
    @Test(arguments: 2022...2028)
    func daysOffMatchesIsWorkingDay(_ year: Int) throws {
        for calendar in [Self.shipped, WorkCalendar()] {
            let off = calendar.daysOff(in: year)
            #expect(off == off.sorted())
            #expect(off.allSatisfy { $0.year == year })
            let listed = Set(off)
            var date = try #require(CivilDate(year: year, month: 1, day: 1))
            while date.year == year {
                let working = calendar.isWorkingDay(date)
                if listed.contains(date) { #expect(!working, "\(date)") }
                else if date.weekday < 6 { #expect(working, "\(date)") }
                date = date.adding(days: 1)
            }
        }
    }

    @Test(arguments: [
        ("holiday 2026-01-01", 1, "unknown keyword"),
        ("# comment\n\nkurban-ait 2026-02-30", 3, "not a valid"),
        ("kurban-ait 2026-05-27\nkurban-ait 27.05.2026", 2, "not a valid"),
        ("off", 1, "missing date"),
        ("off 2026-11-28 Saturday", 1, "Saturday or Sunday"),
        ("work 2026-11-27 Friday", 1, "not a Saturday or Sunday"),
        ("kurban-ait 2026-05-27 2026-05-28", 1, "unexpected text"),
        ("kurban-ait 2026-05-27\r\nOFF 2026-03-10", 2, "unknown keyword"),
    ])
    func malformedLines(_ text: String, _ line: Int, _ fragment: String) {
        do {
            _ = try WorkCalendar(data: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.description.hasPrefix("line \(line): "))
        }
    }

    @Test func formatDetails() throws {
        let text = "  # indented comment\r\n\tkurban-ait\t2026-05-27   # trailing comment\r\n\r\noff 2026-03-10\n"
        let calendar = try WorkCalendar(data: text)
        #expect(!calendar.isWorkingDay(try day("2026-05-27")))
        #expect(!calendar.isWorkingDay(try day("2026-03-10")))   // reason is optional
        #expect(try WorkCalendar(data: "").daysOff(in: 2026) == WorkCalendar().daysOff(in: 2026))
    }
}
