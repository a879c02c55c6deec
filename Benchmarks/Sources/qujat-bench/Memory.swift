import Foundation

/// The process's memory, read from /proc/self/status (Linux).
enum Memory {
    /// Resident set size now, in MiB (VmRSS).
    static var residentMB: Double { field("VmRSS") }

    /// Peak resident set size since start or the last `resetPeak()`, in MiB (VmHWM).
    static var peakMB: Double { field("VmHWM") }

    /// Restarts the VmHWM peak at the current RSS (writing "5" to /proc/self/clear_refs,
    /// Linux 4.0+), so each scenario reports its own peak rather than the whole run's.
    /// - Returns: false when the kernel refused; the peak is then the process-wide one.
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// A "kB" line of /proc/self/status, in MiB; 0 when absent.
    private static func field(_ name: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            return (kilobytes.flatMap { Double($0) } ?? 0) / 1024
        }
        return 0
    }
}
