/// A calendar date without time zone.
///
/// Valid dates lie between 1800-01-01 and 2999-12-31 (the failable initialisers reject others);
/// `adding(days:)` does not re-check that range.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public let year: Int
    /// The month, 1 = January ... 12 = December.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// A date from its parts; nil for impossible dates (2026-02-30, month 13) and for years outside 1800...2999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1800...2999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.init(unchecked: year, month, day)
    }

    /// A date from exactly "YYYY-MM-DD" (10 characters, zero-padded); nil for any other shape or an impossible date.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = ASCIIDigits.value(bytes[0..<4]),
              let m = ASCIIDigits.value(bytes[5..<7]),
              let d = ASCIIDigits.value(bytes[8..<10]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A date whose parts are already known to be consistent.
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date as "YYYY-MM-DD", e.g. "2026-11-23".
    public var iso: String {
        "\(ASCIIDigits.padded(year, width: 4))-\(ASCIIDigits.padded(month, width: 2))-\(ASCIIDigits.padded(day, width: 2))"
    }

    /// The same as `iso`.
    public var description: String { iso }

    /// The ISO weekday: 1 = Monday ... 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 (day number 0) was a Thursday.
        let fromMonday = (dayNumber + 3) % 7
        return (fromMonday < 0 ? fromMonday + 7 : fromMonday) + 1
    }

    /// True on Saturday and Sunday.
    var isWeekend: Bool { weekday >= 6 }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// Orders dates chronologically.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether `year` is a Gregorian leap year.
    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year`.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (H. Hinnant's days_from_civil).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01 (H. Hinnant's civil_from_days).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(unchecked: y, m, d)
    }
}
