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
    }

    let path: String
    /// The documents that earlier runs recorded, by manifest index, as read when opened
    /// (this run's documents are written, not kept: memory stays flat over a long batch).
    private(set) var documents: [Int: Document] = [:]
    private(set) var printed: [String: (key: String, job: String)] = [:]
    private var descriptor: Int32 = -1
    /// Document lines recorded but not yet written.
    private var pending: [UInt8] = []

    /// Opens the journal in `folder`, reading what an earlier run recorded.
    init(folder: String) throws(QujatError) {
        path = (folder as NSString).appendingPathComponent(".qujat-batch.jsonl")
        if let data = FileManager.default.contents(atPath: path) {
            for line in data.split(separator: 0x0A) {
                guard let record = JSON.parse(line) else { continue }
                read(record)
            }
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

    private func read(_ record: [String: Any]) {
        if let line = record["doc"] as? Int, let key = record["key"] as? String, let id = record["id"] as? String,
           let pages = record["pages"] as? Int, let size = record["size"] as? Int {
            documents[line] = Document(key: key, id: id, group: record["group"] as? String,
                                       title: record["title"] as? String ?? id,
                                       info: PageInfo(pages: pages, sheetStarts: record["sheets"] as? [Int] ?? []),
                                       size: size)
        } else if let group = record["printed"] as? String, let key = record["key"] as? String, let job = record["job"] as? String {
            printed[group] = (key, job)
        }
    }

    /// Records a finished document. The line is kept in memory until `write()` (the batch
    /// calls it once per group commit), so ten thousand documents are not ten thousand
    /// system calls; losing unwritten lines only means rendering those documents again.
    func recordDocument(index: Int, _ document: Document) {
        // Written by hand, keys sorted as JSONSerialization would: a journal line per
        // document through JSONSerialization cost the coordinator thread 0.3 s per 10 000.
        var line = "{\"doc\":\(index)"
        if let group = document.group { line += ",\"group\":" + JSON.quoted(group) }
        line += ",\"id\":" + JSON.quoted(document.id) + ",\"key\":" + JSON.quoted(document.key)
        line += ",\"pages\":\(document.info.pages),\"sheets\":[" + document.info.sheetStarts.map(String.init).joined(separator: ",")
        line += "],\"size\":\(document.size),\"title\":" + JSON.quoted(document.title) + "}\n"
        pending.append(contentsOf: line.utf8)
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
        append(JSON.line(["printed": group, "key": key, "job": job]))
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
