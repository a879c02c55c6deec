import Foundation
import Qujat
import QujatTemplates
import QujatCase

/// A document the batch could not render, with every problem found.
public struct BatchFailure: Sendable, Error {
    /// The manifest's id, or `line-N` / the file name when the id itself is unusable.
    public var id: String
    /// Manifest line (nil for a folder's case file).
    public var line: Int?
    /// Paths are relative to the manifest line (`case.licensee.bin`, `copies`).
    public var issues: [CaseIssue]

}

/// Progress of a running batch.
public struct BatchProgress: Sendable {
    public var total: Int
    /// Documents finished so far (rendered, resumed or failed).
    public var done: Int
    public var failed: Int
    /// Documents found already rendered by an earlier, interrupted run.
    public var resumed: Int
    public var elapsed: Duration

    /// Documents per second rendered in this run.
    public var rate: Double {
        let seconds = elapsed.inSeconds
        return seconds > 0 ? Double(done - resumed) / seconds : 0
    }

    /// Seconds left at the current rate.
    public var remaining: Double? {
        rate > 0 ? Double(total - done) / rate : nil
    }
}

/// What a batch did; written as `summary.json`.
public struct BatchSummary: Sendable {
    public struct Group: Sendable {
        public var name: String
        public var documents: Int
        /// Pages of the merged file, blank duplex pages included.
        public var pages: Int
        /// The merged file, relative to the output folder.
        public var file: String?
        /// The CUPS job that printed it.
        public var printJob: String?
        /// A hash of what the merged file holds (its documents, their pages, duplex or not):
        /// a printed group is not printed again while this stays the same.
        var contentKey = ""
    }

    public var manifest: String
    public var total = 0
    public var rendered = 0
    public var resumed = 0
    public var failed = 0
    /// Pages of all documents rendered fine (no duplex padding).
    public var pages = 0
    /// How long the run took, from one reading of the clock when it ended.
    public var seconds = 0.0
    public var jobs = 0
    public var merge = false
    public var duplex = false
    public var printer: String?
    public var groups: [Group] = []

    /// All documents rendered (now or by the run this one resumed).
    public var succeeded: Bool { failed == 0 }

    /// `summary.json` (see `SummaryRecord`).
    var json: [UInt8] { BatchJSON.document(SummaryRecord(self)) }
}

extension Duration {
    /// The duration in seconds, from one reading of its components.
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
