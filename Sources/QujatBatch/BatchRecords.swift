import Foundation

/// The JSON a batch writes, as `Codable` records: each type is the on-disk shape of one file
/// or line, apart from the Swift types the batch works with. Keys are sorted and slashes left
/// alone, so the same run writes the same bytes, and the bytes are those `JSONSerialization`
/// wrote before these types existed (`BatchRecordsTests` checks both).
enum BatchJSON {
    /// One compact object, sorted keys, then a newline: a line of a JSON Lines file.
    static func line(_ value: some Encodable) -> [UInt8] {
        lines([value])
    }

    /// Lines of a JSON Lines file, one encoder for all.
    static func lines<T: Encodable>(_ values: [T]) -> [UInt8] {
        let encoder = encoder()
        var bytes: [UInt8] = []
        for value in values {
            bytes += (try? encoder.encode(value)) ?? Data("{}".utf8)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// An indented object and a newline: `summary.json`.
    static func document(_ value: some Encodable) -> [UInt8] {
        // Strings, whole numbers, finite doubles and booleans cannot fail to encode.
        var bytes = [UInt8]((try? encoder(pretty: true).encode(value)) ?? Data("{}".utf8))
        bytes.append(0x0A)
        return bytes
    }

    static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// `summary.json`.
struct SummaryRecord: Codable, Equatable {
    struct Documents: Codable, Equatable {
        var total: Int
        var rendered: Int
        var resumed: Int
        var failed: Int
        var ok: Int
    }

    struct Group: Codable, Equatable {
        var name: String
        var documents: Int
        var pages: Int
        var file: String?
        var printJob: String?

        enum CodingKeys: String, CodingKey {
            case name, documents, pages, file
            case printJob = "print_job"
        }
    }

    var manifest: String
    var documents: Documents
    var pages: Int
    /// Rounded to the millisecond.
    var seconds: Double
    /// Rendered (not resumed) documents per second, to a tenth.
    var documentsPerSecond: Double
    var jobs: Int
    var merge: Bool
    var duplex: Bool
    var printer: String?
    var groups: [Group]

    enum CodingKeys: String, CodingKey {
        case manifest, documents, pages, seconds, jobs, merge, duplex, printer, groups
        case documentsPerSecond = "documents_per_second"
    }

    init(manifest: String, documents: Documents, pages: Int, seconds: Double, documentsPerSecond: Double,
         jobs: Int, merge: Bool, duplex: Bool, printer: String?, groups: [Group]) {
        self.manifest = manifest
        self.documents = documents
        self.pages = pages
        self.seconds = seconds
        self.documentsPerSecond = documentsPerSecond
        self.jobs = jobs
        self.merge = merge
        self.duplex = duplex
        self.printer = printer
        self.groups = groups
    }

    init(_ summary: BatchSummary) {
        self.init(manifest: summary.manifest,
                  documents: Documents(total: summary.total, rendered: summary.rendered, resumed: summary.resumed,
                                       failed: summary.failed, ok: summary.total - summary.failed),
                  pages: summary.pages,
                  seconds: (summary.seconds * 1000).rounded() / 1000,
                  documentsPerSecond: summary.seconds > 0 ? (Double(summary.rendered) / summary.seconds * 10).rounded() / 10 : 0,
                  jobs: summary.jobs, merge: summary.merge, duplex: summary.duplex, printer: summary.printer,
                  groups: summary.groups.map { Group(name: $0.name, documents: $0.documents, pages: $0.pages, file: $0.file, printJob: $0.printJob) })
    }
}

/// A line of `errors.jsonl`: the first problem's path and rule, a message with all of them,
/// and the full list.
struct FailureRecord: Codable, Equatable {
    struct Issue: Codable, Equatable {
        var path: String
        var rule: String
    }

    var id: String
    var line: Int?
    var path: String
    var rule: String
    var message: String
    var issues: [Issue]

    init(_ failure: BatchFailure) {
        id = failure.id
        line = failure.line
        path = failure.issues.first?.path ?? "$"
        rule = failure.issues.first?.rule ?? "failed"
        message = failure.issues.map(\.description).joined(separator: "; ")
        issues = failure.issues.map { Issue(path: $0.path, rule: $0.rule) }
    }
}

/// The journal's line for a finished document (see `BatchJournal`):
/// `{"doc":17,"group":"dept-2","id":"doc-00017","key":"…","pages":3,"sheets":[1,2],"size":61234,"title":"…"}`.
struct JournalDocumentLine: Codable, Equatable {
    /// Index among the batch's documents.
    var doc: Int
    var group: String?
    var id: String
    var key: String
    var pages: Int
    /// `PageInfo.sheetStarts` (pages that begin a copy); absent in the first journals.
    var sheets: [Int]?
    var size: Int
    /// Absent in the first journals: the id stands in.
    var title: String?
    /// A signed file's signing time (seconds since 1970), which its stamp shows: the print
    /// file draws the same stamp when a rerun lays the document out again.
    var signed: Double?
}

/// The journal's line for a print file sent to CUPS: `{"job":"Q-12","key":"…","printed":"dept-2"}`.
struct JournalPrintedLine: Codable, Equatable {
    var job: String
    var key: String
    var printed: String
}
