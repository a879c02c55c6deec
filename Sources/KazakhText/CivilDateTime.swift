/// A local date and time to the minute, written "YYYY-MM-DDTHH:MM".
public struct CivilDateTime: Hashable, Sendable {
    /// The calendar date.
    public let date: CivilDate
    /// The hour, 0...23.
    public let hour: Int
    /// The minute, 0...59.
    public let minute: Int

    /// A date and time from its parts; nil when the hour is outside 0...23 or the minute outside 0...59.
    public init?(date: CivilDate, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// A date and time from exactly "YYYY-MM-DDTHH:MM" (16 characters, zero-padded, capital T); nil otherwise.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 16, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
              let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              let h = ASCIIDigits.value(bytes[11..<13]),
              let m = ASCIIDigits.value(bytes[14..<16]) else { return nil }
        self.init(date: date, hour: h, minute: m)
    }

    /// The value as "YYYY-MM-DDTHH:MM", e.g. "2026-11-23T10:42".
    public var iso: String {
        "\(date.iso)T\(ASCIIDigits.padded(hour, width: 2)):\(ASCIIDigits.padded(minute, width: 2))"
    }
}
