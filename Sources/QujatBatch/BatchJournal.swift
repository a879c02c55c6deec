import Foundation
import Qujat
import QujatLayout
import QujatPDF
import QujatDocument

/// The record that makes a batch resumable: `OUT/.qujat-batch.jsonl`, one JSON line per
/// finished step, appended after the step's file was renamed into place.
///
/// A document counts as done on a rerun only if its line is here, with the same key (a
/// hash of the manifest line, the templates, the fonts and Qujat's version), and its PDF is
/// on disk with the recorded size. Anything else is rendered again, which gives the same
/// bytes: the journal can lose its last lines (kill -9, power cut) without harm, and a torn
/// last line is ignored.
final class BatchJournal {
    struct Document {
        var key: String
        var id: String
        var group: String?
        var title: String
        var info: PageInfo
        var size: Int
        var signed: Date?
    }

    let path: String
    /// The documents that earlier runs recorded, by manifest index, as read when opened
    /// (this run's documents are written, not kept: memory stays flat over a long batch).
    private(set) var documents: [Int: Document] = [:]
    private(set) var printed: [String: (key: String, job: String)] = [:]
    private var descriptor: Int32 = -1
    /// Document lines recorded but not yet written.
    private var pending: [UInt8] = []
    private let encoder = BatchJSON.encoder()

    /// Opens the journal in `folder`, reading what an earlier run recorded.
    init(folder: String) throws(QujatError) {
        path = (folder as NSString).appendingPathComponent(".qujat-batch.jsonl")
        if let data = FileManager.default.contents(atPath: path) {
            let decoder = JSONDecoder()
            for line in data.split(separator: 0x0A) { read(line, decoder) }
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFile.failure(path) }
        // A torn last line from a killed run: start ours on a fresh line.
        if let data = FileManager.default.contents(atPath: path), let last = data.last, last != 0x0A {
            append([0x0A])
        }
    }

    deinit {
        write()
        if descriptor >= 0 { close(descriptor) }
    }

    /// One line: a document, a print job, or something this version does not read (the
    /// `merged` lines of the first journals, a torn last line), which is skipped.
    private func read(_ line: Data, _ decoder: JSONDecoder) {
        if let record = try? decoder.decode(JournalDocumentLine.self, from: line) {
            documents[record.doc] = Document(key: record.key, id: record.id, group: record.group, title: record.title ?? record.id,
                                             info: PageInfo(pages: record.pages, sheetStarts: record.sheets ?? []),
                                             size: record.size, signed: record.signed.map { Date(timeIntervalSince1970: $0) })
        } else if let record = try? decoder.decode(JournalPrintedLine.self, from: line) {
            printed[record.printed] = (record.key, record.job)
        }
    }

    /// Records a finished document. The line is kept in memory until `write()` (the batch
    /// calls it once per group commit), so ten thousand documents are not ten thousand
    /// system calls; losing unwritten lines only means rendering those documents again.
    func recordDocument(index: Int, _ document: Document) {
        let line = JournalDocumentLine(doc: index, group: document.group, id: document.id, key: document.key,
                                       pages: document.info.pages, sheets: document.info.sheetStarts,
                                       size: document.size, title: document.title,
                                       signed: document.signed?.timeIntervalSince1970)
        // One encoder for the journal's life: 3 µs a line on this machine (10 000 lines: 30 ms
        // against 22 ms for the hand-written line this replaced, well under 1 % of the batch).
        pending += (try? encoder.encode(line)) ?? Data("{}".utf8)
        pending.append(0x0A)
    }

    /// Writes the recorded lines not yet written.
    func write() {
        guard !pending.isEmpty else { return }
        append(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Printing is recorded at once and flushed to disk: a job must not be sent twice.
    func recordPrinted(group: String, key: String, job: String) {
        write()
        printed[group] = (key, job)
        append(BatchJSON.line(JournalPrintedLine(job: job, key: key, printed: group)))
        fsync(descriptor)
    }

    func sync() {
        write()
        fsync(descriptor)
    }

    private func append(_ bytes: [UInt8]) {
        _ = AtomicFile.writeAll(bytes, to: descriptor)
    }
}

/// FNV-1a, 64 bits: a cheap fingerprint for "is this the same input as last time".
struct Fingerprint {
    private(set) var value: UInt64 = 0xcbf29ce484222325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100000001b3
        }
        value ^= 0xFF
        value = value &* 0x100000001b3
    }

    mutating func add(_ text: String) { add(text.utf8) }

    /// The same as `add(_:)` of its bytes, read from memory directly: a font folder's 2.6 MB
    /// through `Data`'s iterator took a batch's start 10 ms.
    mutating func add(_ data: Data) {
        data.withUnsafeBytes { add($0) }
    }

    mutating func add(_ buffer: UnsafeRawBufferPointer) {
        var value = self.value
        for byte in buffer {
            value ^= UInt64(byte)
            value = value &* 0x100000001b3
        }
        value ^= 0xFF
        self.value = value &* 0x100000001b3
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Everything besides the manifest that decides a document's bytes: Qujat's version,
    /// every file in the templates folder and the fonts folder.
    static func resources(templates: String, fonts: String) -> Fingerprint {
        var print = Fingerprint()
        print.add(QujatVersion.creator)
        for folder in [templates, fonts] {
            let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String }.sorted() ?? []
            for file in files {
                let path = (folder as NSString).appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                print.add(file)
                print.add(data)
            }
        }
        return print
    }
}
