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

    /// One line of `errors.jsonl`: the first problem's path and rule, a message with all of
    /// them, and the full list.
    var jsonLine: [UInt8] {
        var object: [String: Any] = [
            "id": id,
            "path": issues.first?.path ?? "$",
            "rule": issues.first?.rule ?? "failed",
            "message": issues.map(\.description).joined(separator: "; "),
            "issues": issues.map { ["path": $0.path, "rule": $0.rule] },
        ]
        if let line { object["line"] = line }
        return JSON.line(object)
    }
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
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
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
    public var seconds = 0.0
    public var jobs = 0
    public var merge = false
    public var duplex = false
    public var printer: String?
    public var groups: [Group] = []

    /// All documents rendered (now or by the run this one resumed).
    public var succeeded: Bool { failed == 0 }

    var json: [UInt8] {
        var object: [String: Any] = [
            "manifest": manifest,
            "documents": ["total": total, "rendered": rendered, "resumed": resumed, "failed": failed, "ok": total - failed],
            "pages": pages,
            "seconds": (seconds * 1000).rounded() / 1000,
            "documents_per_second": seconds > 0 ? (Double(rendered) / seconds * 10).rounded() / 10 : 0,
            "jobs": jobs,
            "merge": merge,
            "duplex": duplex,
            "groups": groups.map { group -> [String: Any] in
                var entry: [String: Any] = ["name": group.name, "documents": group.documents, "pages": group.pages]
                if let file = group.file { entry["file"] = file }
                if let job = group.printJob { entry["print_job"] = job }
                return entry
            },
        ]
        if let printer { object["printer"] = printer }
        var bytes = JSON.bytes(object, pretty: true)
        bytes.append(0x0A)
        return bytes
    }
}

/// JSON output with sorted keys, so the same run writes the same bytes.
enum JSON {
    static func bytes(_ object: Any, pretty: Bool = false) -> [UInt8] {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        return [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8))
    }

    static func line(_ object: Any) -> [UInt8] {
        bytes(object) + [0x0A]
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static func parse(_ bytes: some Collection<UInt8>) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}
