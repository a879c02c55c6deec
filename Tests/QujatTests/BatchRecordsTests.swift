import Foundation
@testable import QujatBatch
import Qujat
import QujatLayout
import QujatPDF
import QujatTemplates
import Testing
import QujatCase
import QujatDocument

/// The batch's JSON as the code before `Codable` wrote it (`JSONSerialization` with sorted
/// keys and unescaped slashes; the journal's document line by hand): the oracle for the
/// on-disk format.
enum LegacyJSON {
    static func serialized(_ object: Any, pretty: Bool = false) -> [UInt8] {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        return [UInt8](try! JSONSerialization.data(withJSONObject: object, options: options))
    }

    static func summary(_ summary: BatchSummary) -> [UInt8] {
        let seconds = summary.seconds
        var object: [String: Any] = [
            "manifest": summary.manifest,
            "documents": ["total": summary.total, "rendered": summary.rendered, "resumed": summary.resumed,
                          "failed": summary.failed, "ok": summary.total - summary.failed],
            "pages": summary.pages,
            "seconds": (seconds * 1000).rounded() / 1000,
            "documents_per_second": seconds > 0 ? (Double(summary.rendered) / seconds * 10).rounded() / 10 : 0,
            "jobs": summary.jobs,
            "merge": summary.merge,
            "duplex": summary.duplex,
            "groups": summary.groups.map { group -> [String: Any] in
                var entry: [String: Any] = ["name": group.name, "documents": group.documents, "pages": group.pages]
                if let file = group.file { entry["file"] = file }
                if let job = group.printJob { entry["print_job"] = job }
                return entry
            },
        ]
        if let printer = summary.printer { object["printer"] = printer }
        return serialized(object, pretty: true) + [0x0A]
    }

    static func failure(_ failure: BatchFailure) -> [UInt8] {
        var object: [String: Any] = [
            "id": failure.id,
            "path": failure.issues.first?.path ?? "$",
            "rule": failure.issues.first?.rule ?? "failed",
            "message": failure.issues.map(\.description).joined(separator: "; "),
            "issues": failure.issues.map { ["path": $0.path, "rule": $0.rule] },
        ]
        if let line = failure.line { object["line"] = line }
        return serialized(object) + [0x0A]
    }

    /// The hand-written journal line (bb3d795 to this change).
    static func documentLine(index: Int, _ document: BatchJournal.Document) -> String {
        var line = "{\"doc\":\(index)"
        if let group = document.group { line += ",\"group\":" + quoted(group) }
        line += ",\"id\":" + quoted(document.id) + ",\"key\":" + quoted(document.key)
        line += ",\"pages\":\(document.info.pages),\"sheets\":[" + document.info.sheetStarts.map(String.init).joined(separator: ",")
        line += "],\"size\":\(document.size),\"title\":" + quoted(document.title) + "}\n"
        return line
    }

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
}

/// Text that JSON must carry: quotes, backslashes, slashes, control characters, Kazakh, emoji.
private let awkward = "«Қайта» \"ресімдеу\" \\ / a/b \t\n\r \u{1} \u{1F} \u{7F} \u{2028} ₸ 😀"

@Suite("batch JSON records")
struct BatchRecordsTests {
    @Test("summary.json: the bytes JSONSerialization wrote, and it decodes back")
    func summaryBytes() throws {
        var plain = BatchSummary(manifest: "night.jsonl")
        plain.jobs = 1
        var full = BatchSummary(manifest: "/srv/batches/2026-11-30/" + awkward)
        full.total = 10_000
        full.rendered = 9_000
        full.resumed = 990
        full.failed = 10
        full.pages = 31_337
        full.seconds = 10.66149
        full.jobs = 2
        full.merge = true
        full.duplex = true
        full.printer = "Qujat-PDF"
        full.groups = [BatchSummary.Group(name: "dept-1", documents: 5_000, pages: 16_000, file: "merged/dept-1.pdf", printJob: "Qujat-PDF-12"),
                       BatchSummary.Group(name: "all", documents: 4_990, pages: 15_337, file: "merged/all.pdf"),
                       BatchSummary.Group(name: "x", documents: 0, pages: 0)]
        var tiny = full
        tiny.seconds = 0.0004
        tiny.groups = []
        for summary in [plain, full, tiny] {
            #expect(summary.json == LegacyJSON.summary(summary), "\(String(decoding: summary.json, as: UTF8.self))")
            let record = try JSONDecoder().decode(SummaryRecord.self, from: Data(summary.json))
            #expect(record == SummaryRecord(summary))
        }
        let text = String(decoding: full.json, as: UTF8.self)
        #expect(text.contains("\"documents_per_second\" : 844.2"))
        #expect(text.contains("\"file\" : \"merged/dept-1.pdf\""))
    }

    @Test("errors.jsonl lines: the bytes JSONSerialization wrote")
    func failureBytes() throws {
        let failures = [
            BatchFailure(id: "doc-1", line: 7, issues: [CaseIssue(path: "case.licensee.bin", rule: "check digit does not match"),
                                                        CaseIssue(path: "copies", rule: "must be a whole number from 1 to 20")]),
            BatchFailure(id: "license", line: nil, issues: [CaseIssue(path: "case_file", rule: "dir/\(awkward).json: cannot read")]),
            BatchFailure(id: "line-3", line: 3, issues: []),
        ]
        for failure in failures {
            #expect(BatchJSON.line(FailureRecord(failure)) == LegacyJSON.failure(failure))
        }
        #expect(BatchJSON.lines(failures.map(FailureRecord.init)) == failures.flatMap(LegacyJSON.failure))
        let empty = String(decoding: BatchJSON.line(FailureRecord(failures[2])), as: UTF8.self)
        #expect(empty == #"{"id":"line-3","issues":[],"line":3,"message":"","path":"$","rule":"failed"}"# + "\n")
    }

    @Test("journal document lines: the bytes the hand-written line gave")
    func journalLineBytes() throws {
        let folder = temporaryFolder().path
        // JSONEncoder writes U+0008 and U+000C as \b and \f where the hand-written line wrote
        // \u0008 and \u000c: the same string to any reader (see the old-journal test).
        let documents = [
            BatchJournal.Document(key: "0123456789abcdef", id: "doc-00017", group: "dept-2", title: "Лицензия — " + awkward,
                                  info: PageInfo(pages: 3, sheetStarts: [1, 2]), size: 61_234),
            BatchJournal.Document(key: "k", id: "a", group: nil, title: "", info: PageInfo(pages: 1), size: 0),
        ]
        do {
            let journal = try BatchJournal(folder: folder)
            for (index, document) in documents.enumerated() { journal.recordDocument(index: index, document) }
            journal.recordPrinted(group: "dept-2", key: "pk", job: "Qujat-PDF-3")
        }
        let written = try String(contentsOfFile: folder + "/.qujat-batch.jsonl", encoding: .utf8)
        let expected = documents.enumerated().map { LegacyJSON.documentLine(index: $0, $1) }.joined()
            + #"{"job":"Qujat-PDF-3","key":"pk","printed":"dept-2"}"# + "\n"
        #expect(written == expected)
    }

    @Test("a journal the old code wrote is read: every line format it ever had; merged lines and a torn line skipped")
    func oldJournalLines() throws {
        let folder = temporaryFolder().path
        let old = [
            // JSONSerialization, sorted keys (5c26c11 to bb3d795)
            #"{"doc":0,"id":"a","key":"k0","pages":1,"sheets":[],"size":100,"title":"«Лицензия» № KZ12LAA00012345"}"#,
            // by hand (bb3d795 on): \u00XX for control characters
            #"{"doc":1,"group":"dept-1","id":"b","key":"k1","pages":3,"sheets":[1,2],"size":200,"title":"tab\there \u0008\u000c\u001f \"q\" \\"}"#,
            // no title, no sheets: the reader always took the id and no copies for them
            #"{"doc":2,"id":"c","key":"k2","pages":2,"size":300}"#,
            // any JSON writer: spaces, other key order, escaped slash and letters, null group
            #"{ "title" : "\u049b\/x", "size" : 400, "pages" : 1, "key" : "k3", "id" : "d", "group" : null, "doc" : 3 }"#,
            // merged print files were recorded until 15dca74; nothing reads them now
            #"{"key":"mk","merged":"dept-1","size":999}"#,
            #"{"job":"Qujat-PDF-12","key":"pk","printed":"dept-1"}"#,
            // killed while writing
            #"{"doc":4,"id":"e","key":"k4","pa"#,
        ]
        try Data(old.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: folder + "/.qujat-batch.jsonl"))
        do {
            let journal = try BatchJournal(folder: folder)
            #expect(journal.documents.count == 4)
            let a = try #require(journal.documents[0]), b = try #require(journal.documents[1])
            let c = try #require(journal.documents[2]), d = try #require(journal.documents[3])
            #expect(a.key == "k0" && a.id == "a" && a.group == nil && a.title == "«Лицензия» № KZ12LAA00012345" && a.size == 100)
            #expect(b.group == "dept-1" && b.info == PageInfo(pages: 3, sheetStarts: [1, 2]) && b.title == "tab\there \u{8}\u{c}\u{1F} \"q\" \\")
            #expect(c.title == "c" && c.info == PageInfo(pages: 2) && c.size == 300)
            #expect(d.title == "қ/x" && d.group == nil && d.key == "k3" && d.size == 400)
            #expect(journal.printed["dept-1"]?.job == "Qujat-PDF-12" && journal.printed["dept-1"]?.key == "pk")
            #expect(journal.printed["dept-2"] == nil)
            // Written after the torn line, on a line of its own.
            journal.recordDocument(index: 4, BatchJournal.Document(key: "k4", id: "e", group: nil, title: "E", info: PageInfo(pages: 1), size: 5))
        }
        let reread = try BatchJournal(folder: folder)
        #expect(reread.documents.count == 5)
        #expect(reread.documents[4]?.title == "E")
        #expect(reread.documents[1]?.title == "tab\there \u{8}\u{c}\u{1F} \"q\" \\")
    }

    @Test("a batch resumes from a journal the old code wrote: nothing is rendered again, the print files are the same bytes")
    func resumeFromOldJournal() throws {
        let manifest = try InProcessBatch.manifest(count: 3, groups: 2)
        let pool = try InProcessBatch.pool()
        defer { pool.shutdown() }
        let out = temporaryFolder().appendingPathComponent("out")
        let runner = InProcessBatch.runner(pool, output: out, merge: true)
        #expect(try runner.run(manifest).rendered == 3)
        let reference = try outputFiles(out)

        // The same records, written as the old code wrote them (and as a foreign writer might).
        let documents = try BatchJournal(folder: out.path).documents
        #expect(documents.count == 3)
        let d0 = try #require(documents[0]), d1 = try #require(documents[1]), d2 = try #require(documents[2])
        var serialized: [String: Any] = ["doc": 0, "key": d0.key, "id": d0.id, "title": d0.title, "pages": d0.info.pages,
                                         "sheets": d0.info.sheetStarts, "size": d0.size]
        if let group = d0.group { serialized["group"] = group }
        let lines = [
            String(decoding: LegacyJSON.serialized(serialized), as: UTF8.self),
            LegacyJSON.documentLine(index: 1, d1).trimmingCharacters(in: .newlines),
            "{ \"title\" : \"\(Self.escapingAll(d2.title))\", \"size\" : \(d2.size), \"sheets\" : \(d2.info.sheetStarts), "
                + "\"pages\" : \(d2.info.pages), \"key\" : \"\(d2.key)\", \"id\" : \"\(d2.id)\", "
                + (d2.group.map { "\"group\" : \"\($0)\", " } ?? "") + "\"doc\" : 2 }",
            #"{"key":"0000000000000000","merged":"dept-0","size":1}"#,
            #"{"doc":3,"id":"torn","ke"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: out.appendingPathComponent(".qujat-batch.jsonl"))

        let again = try runner.run(manifest)
        #expect(again.resumed == 3 && again.rendered == 0 && again.failed == 0)
        let files = try outputFiles(out)
        #expect(files.keys.sorted() == reference.keys.sorted())
        for (name, bytes) in reference { #expect(files[name] == bytes, "\(name) differs") }
    }

    /// Every character but plain ASCII as `\uXXXX`, slashes as `\/`.
    private static func escapingAll(_ text: String) -> String {
        text.utf16.map { unit in
            (0x20..<0x7F).contains(unit) && unit != 0x22 && unit != 0x5C && unit != 0x2F
                ? String(UnicodeScalar(UInt8(unit))) : String(format: "\\u%04x", unit)
        }.joined()
    }
}
