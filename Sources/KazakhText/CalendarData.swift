extension WorkCalendar {
    /// A calendar with the fixed holidays plus the data in the text format of Templates/calendar.txt:
    ///
    /// ```
    /// # comment (a line whose first non-blank character is #); blank lines are ignored
    /// kurban-ait YYYY-MM-DD          first day of Kurban ait (day off, not moved); a trailing # comment is allowed
    /// off YYYY-MM-DD  reason         an extra day off by decree; must be Monday–Friday; reason is free text
    /// work YYYY-MM-DD reason         a Saturday or Sunday made a working day by decree; reason is free text
    /// ```
    ///
    /// Fields are separated by spaces or tabs. Throws for the first malformed line, with its 1-based number.
    public init(data: String) throws(CalendarDataError) {
        self.init()
        var lineNumber = 0
        for line in data.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let keyword = fields.first, !keyword.hasPrefix("#") else { continue }
            func fail(_ message: String) -> CalendarDataError {
                CalendarDataError(line: lineNumber, message: message)
            }
            guard ["kurban-ait", "off", "work"].contains(keyword) else {
                throw fail("unknown keyword \"\(keyword)\" (expected kurban-ait, off or work)")
            }
            guard fields.count >= 2 else { throw fail("missing date after \"\(keyword)\"") }
            guard let date = CivilDate(iso: String(fields[1])) else {
                throw fail("\"\(fields[1])\" is not a valid YYYY-MM-DD date")
            }
            switch keyword {
            case "kurban-ait":
                if fields.count > 2 && !fields[2].hasPrefix("#") {
                    throw fail("unexpected text after the date: \"\(fields[2])\"")
                }
                kurbanAit.insert(date)
            case "off":
                guard !date.isWeekend else { throw fail("\(date) is a Saturday or Sunday, already a day off") }
                guard !decreeWork.contains(date) else { throw fail("\(date) is listed both as off and as work") }
                decreeOff.insert(date)
            default:
                guard date.isWeekend else {
                    throw fail("\(date) is not a Saturday or Sunday; a work line must name a weekend day")
                }
                guard !decreeOff.contains(date) else { throw fail("\(date) is listed both as off and as work") }
                decreeWork.insert(date)
            }
        }
    }
}
