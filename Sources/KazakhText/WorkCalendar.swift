/// Working days in Kazakhstan (Labour Code).
///
/// - Saturday and Sunday are days off.
/// - Public holidays 1–2 January, 8 March, 21–23 March, 1 May, 7 May, 9 May, 6 July, 30 August, 25 October and
///   16 December are days off; one that falls on a Saturday or Sunday moves to the next working day that is not
///   already off (several moved days are placed in date order, each on the next free weekday).
/// - 7 January and the first day of Kurban ait are days off but do not move when they fall on a weekend.
/// - Kurban ait dates and the government's yearly transfers are data (`init(data:)`); decree lines override
///   the rules above.
public struct WorkCalendar: Sendable {
    /// Public holidays that move to the next working day when they fall on a weekend, as (month, day), in date order.
    static let movableHolidays: [(month: Int, day: Int)] = [
        (1, 1), (1, 2), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9), (7, 6), (8, 30), (10, 25), (12, 16),
    ]

    /// First days of Kurban ait.
    var kurbanAit: Set<CivilDate> = []
    /// Extra days off by government decree.
    var decreeOff: Set<CivilDate> = []
    /// Weekend days made working days by government decree.
    var decreeWork: Set<CivilDate> = []

    /// A calendar with the fixed holidays only: no Kurban ait, no transfers.
    public init() {}

    /// The years this calendar has data for: those whose Kurban ait date it knows. (Kurban ait
    /// is set by decree each year; without it, a term running through that year could land on
    /// a day off.)
    public var coveredYears: Set<Int> { Set(kurbanAit.map(\.year)) }

    /// The date `n` working days after `start`, or the first year the term runs through that
    /// the calendar has no data for.
    public func dueDate(_ n: Int, after start: CivilDate) -> Result<CivilDate, UncoveredYear> {
        let due = addingWorkingDays(n, to: start)
        for year in start.year...due.year where !coveredYears.contains(year) {
            return .failure(UncoveredYear(year: year, known: coveredYears.sorted()))
        }
        return .success(due)
    }

    /// A year the calendar has no Kurban ait (decree) data for.
    public struct UncoveredYear: Error, Sendable {
        public let year: Int
        public let known: [Int]
    }

    /// Whether `d` is a working day.
    public func isWorkingDay(_ d: CivilDate) -> Bool {
        if decreeWork.contains(d) { return true }
        if decreeOff.contains(d) || d.isWeekend { return false }
        // A holiday late in one year could in principle move into the next, so look at both.
        return !statutoryDaysOff(in: d.year).contains(d) && !statutoryDaysOff(in: d.year - 1).contains(d)
    }

    /// The date N working days after `start`, not counting `start` itself (a term starts the day after acceptance).
    /// n >= 1; for n <= 0 the result is `start`.
    public func addingWorkingDays(_ n: Int, to start: CivilDate) -> CivilDate {
        var date = start
        var counted = 0
        while counted < n {
            date = date.adding(days: 1)
            if isWorkingDay(date) { counted += 1 }
        }
        return date
    }

    /// The days off of `year` other than ordinary weekends, sorted: public holidays (also those on a weekend),
    /// the days they move to, 7 January, Kurban ait and decree days off, minus decree working days.
    /// Every non-working day of the year is either listed here or a Saturday/Sunday.
    public func daysOff(in year: Int) -> [CivilDate] {
        let all = statutoryDaysOff(in: year).union(statutoryDaysOff(in: year - 1)).union(decreeOff)
        return all.filter { $0.year == year && !decreeWork.contains($0) }.sorted()
    }

    /// Holidays of `year` (wherever they fall), the weekdays they move to, 7 January and Kurban ait; no decrees.
    func statutoryDaysOff(in year: Int) -> Set<CivilDate> {
        let holidays = Self.movableHolidays.compactMap { CivilDate(year: year, month: $0.month, day: $0.day) }
        var off = Set(holidays)
        if let christmas = CivilDate(year: year, month: 1, day: 7) { off.insert(christmas) }
        off.formUnion(kurbanAit.filter { $0.year == year || $0.year == year + 1 })
        for holiday in holidays where holiday.isWeekend {
            var moved = holiday.adding(days: 1)
            while moved.isWeekend || off.contains(moved) { moved = moved.adding(days: 1) }
            off.insert(moved)
        }
        return off
    }
}
