import Foundation
import HTTPTypes
import Hummingbird
import QujatZip
import HummingbirdTesting
@testable import QujatServer
import Testing

/// Batches through the routes in process: submit, poll, download (a PDF for one group, a
/// streamed zip for several), the zip checked by Python's zipfile and by unzip.
@Suite("server batches in process", .timeLimit(.minutes(10)))
struct BatchRouteTests {
    /// Submits `lines`, waits until the batch is done and returns its location.
    static func runBatch(_ client: some TestClientProtocol, _ lines: [(id: String, group: String, example: String)]) async throws -> String {
        let submitted = try await client.execute(uri: "/v1/batches", method: .post, headers: [.contentType: "application/x-ndjson"],
                                                 body: try manifest(lines))
        #expect(submitted.status == .accepted)
        #expect(["queued", "running"].contains(submitted.json["state"] as? String ?? ""), "\(submitted.text)")
        #expect(submitted.json["result"] as? String == (submitted.headers[.location] ?? "") + "/result")
        let location = try #require(submitted.headers[.location])
        var status: [String: Any] = [:]
        for _ in 0..<1200 {
            status = try await client.execute(uri: location, method: .get).json
            if status["state"] as? String == "done" || status["state"] as? String == "failed" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status["state"] as? String == "done", "\(status)")
        #expect(status["total"] as? Int == lines.count)
        #expect(status["finished_at"] is String)
        return location
    }

    /// The batch's output folder on disk.
    static func output(_ server: QujatHTTPServer, _ location: String) -> URL {
        URL(fileURLWithPath: server.batches.output(String(location.split(separator: "/").last!)))
    }

    static let threeDocuments = [(id: "a", group: "g1", example: "license"), (id: "b", group: "g2", example: "refusal"),
                                 (id: "c", group: "g1", example: "receipt_accepted")]

    @Test("submit, status, result: a zip of every group's print file, errors and summary, byte-identical to the files",
          arguments: [ZipLayout.defaultLimit, 1])
    func zipRoundTrip(zip64Limit: UInt64) async throws {
        var lowered = try makeServer()
        lowered.zip64Limit = zip64Limit
        let server = lowered
        let app = server.application()
        try await app.test(.router) { client in
            let location = try await Self.runBatch(client, Self.threeDocuments)
            let status = try await client.execute(uri: location, method: .get).json
            let summary = try #require(status["summary"] as? [String: Any])
            #expect((summary["groups"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["g1", "g2"])

            let result = try await client.execute(uri: location + "/result", method: .get)
            #expect(result.status == .ok)
            #expect(result.headers[.contentType] == "application/zip")
            #expect(result.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"batch-") == true)
            let url = temporaryFolder().appendingPathComponent("result.zip")
            try result.data.write(to: url)
            let check = try ZipCheck(url)
            #expect(check.bothAccept, "python: \(check.python.output)\nunzip: \(check.unzip.output)")
            #expect(check.entries.keys.sorted() == ["errors.jsonl", "g1.pdf", "g2.pdf", "summary.json"])
            let out = Self.output(server, location)
            for name in ["g1", "g2"] {
                #expect(check.entries["\(name).pdf"] == (try Data(contentsOf: out.appendingPathComponent("merged/\(name).pdf"))))
            }
            #expect(check.entries["summary.json"] == (try Data(contentsOf: out.appendingPathComponent("summary.json"))))
            // ZIP64 end records exactly when the limit was lowered.
            let zip64 = result.bytes.suffix(22 + 20 + 56).starts(with: [0x50, 0x4B, 0x06, 0x06])
            #expect(zip64 == (zip64Limit != ZipLayout.defaultLimit))

            let g1 = try await client.execute(uri: location + "/result?group=g1", method: .get)
            #expect(g1.headers[.contentType] == "application/pdf")
            #expect(g1.data == (try Data(contentsOf: out.appendingPathComponent("merged/g1.pdf"))))
            let unknown = try await client.execute(uri: location + "/result?group=zz", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.json["detail"] as? String == "batch \(location.split(separator: "/").last!) has groups: g1, g2")
        }
    }

    @Test("one group: the result is its merged PDF; DELETE removes the batch; a bad id is 404")
    func singleGroup() async throws {
        let server = try makeServer()
        let app = server.application()
        try await app.test(.router) { client in
            let location = try await Self.runBatch(client, [(id: "a", group: "only", example: "license"),
                                                            (id: "b", group: "only", example: "refusal")])
            let result = try await client.execute(uri: location + "/result", method: .get)
            #expect(result.status == .ok)
            #expect(result.headers[.contentType] == "application/pdf")
            #expect(result.headers[.contentDisposition] == "inline; filename=\"only.pdf\"")
            #expect(result.data == (try Data(contentsOf: Self.output(server, location).appendingPathComponent("merged/only.pdf"))))
            #expect(try await client.execute(uri: location, method: .delete).status == .noContent)
            #expect(try await client.execute(uri: location, method: .get).status == .notFound)
            #expect(try await client.execute(uri: location + "/result", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/batches/..%2F..%2Fetc", method: .get).status == .notFound)
        }
    }

    @Test("a manifest sent as application/json is 415; a batch queue that is full is 429")
    func batchErrors() async throws {
        let server = try makeServer { $0.batchQueueLimit = 1 }
        let app = server.application()
        try await app.test(.router) { client in
            let body = try manifest(Self.threeDocuments)
            let wrong = try await client.execute(uri: "/v1/batches", method: .post, headers: [.contentType: "application/json"], body: body)
            #expect(wrong.status == .unsupportedMediaType)
            // A long batch keeps the batch thread busy, so the queue (one place) fills at the
            // latest with the second small batch behind it. The workers are held meanwhile, so
            // however slowly the requests go (a loaded machine), the long batch cannot finish.
            let gate = DispatchSemaphore(value: 0)
            let pool = server.pool
            let holders = (0..<pool.workers).map { _ in Task { try await pool.run { _ in gate.wait() } } }
            var released = false
            // A failed expectation below must not leave the workers held (the server could not stop).
            defer { if !released { for _ in holders { gate.signal() } } }
            while pool.busyWorkers < pool.workers { try await Task.sleep(for: .milliseconds(5)) }
            let long = try manifest((0..<300).map { (id: "d\($0)", group: "g", example: "license") })
            let first = try await client.execute(uri: "/v1/batches", method: .post, headers: [.contentType: "application/x-ndjson"], body: long)
            // Once the batch thread has taken it, the queue's one place is free for the next
            // batch and the one after is refused, whenever the requests arrive.
            let firstLocation = try #require(first.headers[.location])
            for _ in 0..<2000 {
                let state = try await client.execute(uri: firstLocation, method: .get).json["state"] as? String
                if state != "queued" { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            var statuses = [first.status]
            for _ in 0..<3 where !statuses.contains(.tooManyRequests) {
                statuses.append(try await client.execute(uri: "/v1/batches", method: .post,
                                                         headers: [.contentType: "application/x-ndjson"], body: body).status)
            }
            let refused = try await client.execute(uri: "/v1/batches", method: .post, headers: [.contentType: "application/x-ndjson"], body: body)
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "30")
            for _ in holders { gate.signal() }
            released = true
            for holder in holders { try await holder.value }
            // Deleting the running batch stops it.
            #expect(try await client.execute(uri: firstLocation, method: .delete).status == .noContent)
            #expect(statuses.first == .accepted)
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
        }
    }
}
