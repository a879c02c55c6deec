/// Why an IIN or BIN was rejected.
public struct IDProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A short lowercase reason, e.g. "must be 12 digits", "check digit does not match".
    public let reason: String

    /// A problem with the given reason.
    public init(reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
