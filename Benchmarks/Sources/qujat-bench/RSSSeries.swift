import Foundation

/// Resident memory sampled during a long run, to show whether it stays flat.
struct RSSSeries {
    /// VmRSS before the first document, in MiB.
    var startMB: Double
    /// (documents done, VmRSS in MiB).
    var samples: [(docs: Int, mb: Double)] = []

    /// Flat means no growth after the first sample beyond 2 MiB (allocator noise); the first
    /// sample itself may sit above the start, since caches fill on the first documents.
    var isFlat: Bool {
        guard let first = samples.first?.mb else { return true }
        return samples.allSatisfy { $0.mb - first <= 2 }
    }

    /// One line: `VmRSS MB: start 41.2 · 1k 43.0 · 2k 43.0 · …`.
    var line: String {
        let points = samples.map { sample in
            let label = sample.docs % 1000 == 0 ? "\(sample.docs / 1000)k" : "\(sample.docs)"
            return "\(label) \(Format.number(sample.mb, 1))"
        }
        return "VmRSS MB over \(samples.last?.docs ?? 0) licenses: start \(Format.number(startMB, 1)) · "
            + points.joined(separator: " · ") + (isFlat ? "  (flat)" : "  (growing)")
    }
}
