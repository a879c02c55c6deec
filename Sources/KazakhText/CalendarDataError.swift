/// A malformed line in the working-day calendar data (Templates/calendar.txt).
public struct CalendarDataError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public let line: Int
    /// What is wrong with the line.
    public let message: String

    /// "line N: message".
    public var description: String { "line \(line): \(message)" }
}
