import Foundation
import QujatCase
@testable import QujatServer
import QujatTemplates
import Testing

/// The Codable bodies write the bytes the server wrote with `JSONSerialization` and
/// `[String: Any]` before: the old code is kept here as the oracle.
@Suite("JSON bodies keep their wire format")
struct JSONWireTests {
    static func oracle(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    static func encoded(_ value: some Encodable) -> String {
        String(decoding: JSONBody.bytes(value), as: UTF8.self)
    }

    /// Strings a client can put into a detail (a query parameter, a JSON path, a key).
    static let awkward = ["plain", "a/b/c", "quote \" and \\ backslash", "tab\tnew\nline\r", "\u{1}\u{1f}\u{7f}",
                          "Қазақ тілі «ә»", "emoji 🙂", "line\u{2028}separator", "", "https://qujat.kz/x?y=1&z=<2>"]

    @Test("problems, with and without errors and request id")
    func problems() throws {
        for text in Self.awkward {
            let issues = [CaseIssue(path: "licensee.\(text)", rule: text), CaseIssue(path: "$", rule: "r")]
            for (problem, requestID) in [(Problem(status: .badRequest, title: "Bad parameter", detail: text), nil),
                                         (Problem(status: .unprocessableContent, title: "Invalid case data", detail: text, errors: issues), "id-\(text)"),
                                         (Problem(status: .tooManyRequests, title: text, detail: "d", retryAfter: 1), "x")] as [(Problem, String?)] {
                var object: [String: Any] = ["type": problem.body.type, "title": problem.title, "status": Int(problem.status.code),
                                             "detail": problem.detail]
                if !problem.errors.isEmpty { object["errors"] = problem.errors.map { ["path": $0.path, "rule": $0.rule] } }
                if let requestID { object["request_id"] = requestID }
                var body = problem.body
                body.requestID = requestID
                #expect(Self.encoded(body) == (try Self.oracle(object)), "\(text.debugDescription)")
            }
        }
    }

    @Test("batch status: queued, failed with an error, done with the runner's summary passed through")
    func batchStatus() throws {
        let summary = """
        {
          "documents" : {"failed" : 1, "ok" : 2, "rendered" : 3, "resumed" : 0, "total" : 3},
          "documents_per_second" : 2.5,
          "duplex" : false,
          "groups" : [{"documents" : 2, "file" : "merged/g1.pdf", "name" : "g1", "pages" : 3},
                      {"documents" : 1, "name" : "g/2", "pages" : 1, "print_job" : "lp-7"}],
          "jobs" : 2, "manifest" : "/data/batches/x/manifest.jsonl", "merge" : true,
          "pages" : 4, "printer" : "Ресепшн", "seconds" : 1.234, "tiny" : 1e-7, "big" : 12345678.901, "whole" : 3.0,
          "negative" : -0.5, "nothing" : null, "nested" : [[1, 2.25], {"a/b" : "\\u0001"}]
        }

        """
        let finished = Date(timeIntervalSince1970: 1_700_000_000)
        var done = BatchStore.Status(id: "0f8a", state: .done, total: 3, done: 3, failed: 1,
                                     summary: JSONValue.parse(Array(summary.utf8)), finishedAt: finished)
        done.groups = ["g1", "g/2"]
        var failed = BatchStore.Status(id: "77", state: .failed, finishedAt: finished)
        failed.error = "manifest line 3: \"case\" is missing / bad"
        let queued = BatchStore.Status(id: "5", state: .queued)
        for (status, summaryBytes) in [(done, summary), (failed, nil), (queued, nil)] as [(BatchStore.Status, String?)] {
            var object: [String: Any] = ["id": status.id, "state": status.state.rawValue, "total": status.total, "done": status.done,
                                         "failed": status.failed, "result": "/v1/batches/\(status.id)/result"]
            if let error = status.error { object["error"] = error }
            if let summaryBytes { object["summary"] = try JSONSerialization.jsonObject(with: Data(summaryBytes.utf8)) }
            if let finishedAt = status.finishedAt { object["finished_at"] = ISO8601DateFormatter().string(from: finishedAt) }
            #expect(Self.encoded(status.body) == (try Self.oracle(object)))
        }
        #expect(JSONValue.parse(Array(summary.utf8))?["documents"]?["total"]?.int == 3)
        #expect(JSONValue.parse(Array("{\"a\": 3.0}".utf8))?["a"] == .int(3))
        #expect(JSONValue.parse(Array("not json".utf8)) == nil)
    }

    @Test("health, ready and the template list")
    func small() throws {
        #expect(Self.encoded(HealthBody(status: "ok")) == (try Self.oracle(["status": "ok"])))
        #expect(Self.encoded(HealthBody(status: "ready", workers: 4)) == (try Self.oracle(["status": "ready", "workers": 4])))
        var license = DocumentSummary(document: "license", languages: ["kk", "ru"])
        license.page = "A4"
        license.required = ["document", "license"]
        license.optional = ["duplicate"]
        license.duplicate = true
        var talon = DocumentSummary(document: "x/y", languages: [])
        talon.variants = [.init(key: "format", value: "strip", page: "80 mm strip")]
        talon.copies = 2
        talon.problem = "broken: run qujat check"
        var object: [String: Any] = ["documents": [license, talon].map { summary -> [String: Any] in
            var object: [String: Any] = [
                "document": summary.document, "languages": summary.languages, "page": summary.page,
                "variants": summary.variants.map { ["key": $0.key, "value": $0.value, "page": $0.page] },
                "copies": summary.copies, "required": summary.required, "optional": summary.optional,
                "duplicate": summary.duplicate, "reissue": summary.reissue]
            if let problem = summary.problem { object["problem"] = problem }
            return object
        }]
        object["version"] = "0123456789abcdef"
        object["fonts_version"] = "fedcba9876543210"
        #expect(Self.encoded(TemplateListBody(documents: [license, talon], version: "0123456789abcdef", fontsVersion: "fedcba9876543210"))
                == (try Self.oracle(object)))
    }
}
