/// Wall-clock time of a stretch of code, added up over many stretches.
struct Stopwatch {
    private let clock = ContinuousClock()
    /// Seconds measured so far.
    private(set) var seconds = 0.0

    /// Runs `body`, adds its duration, and returns its result.
    mutating func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { seconds += Self.seconds(clock.now - start) }
        return try body()
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
