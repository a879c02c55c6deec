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
        for line in Self.lines(data) {
            lineNumber += 1
            let fields = Self.fields(line)
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

    /// The lines of `data` as `split(omittingEmptySubsequences: false, whereSeparator:
    /// \.isNewline)` cuts them, found among the Unicode scalars rather than by cutting the whole
    /// text into characters: a line end (LF, VT, FF, CR, CR LF, NEL, U+2028, U+2029) is always a
    /// character of its own, so both cut at the same places (a license's cold render read
    /// calendar.txt in 1.6 M instructions).
    static func lines(_ data: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = data.unicodeScalars
        var start = scalars.startIndex, index = start
        while index < scalars.endIndex {
            switch scalars[index].value {
            case 0x0A, 0x0B, 0x0C, 0x85, 0x2028, 0x2029:
                lines.append(data[start..<index])
                index = scalars.index(after: index)
                start = index
            case 0x0D:
                lines.append(data[start..<index])
                index = scalars.index(after: index)
                if index < scalars.endIndex && scalars[index] == "\n" { index = scalars.index(after: index) }
                start = index
            default:
                index = scalars.index(after: index)
            }
        }
        lines.append(data[start...])
        return lines
    }

    /// A line's fields, separated by spaces or tabs: by bytes when the line is ASCII (where a
    /// byte is a character), else by characters as before (a space with a combining accent
    /// after it is a character that separates nothing).
    static func fields(_ line: Substring) -> [Substring] {
        guard line.utf8.allSatisfy({ $0 < 0x80 }) else { return line.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
        return line.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { Substring($0) }
    }
}
