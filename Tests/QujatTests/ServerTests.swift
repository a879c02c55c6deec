import Foundation
import Testing

@Suite("qujat serve", .serialized, .timeLimit(.minutes(10)))
struct ServerTests {
    @Test("POST /v1/documents renders the same bytes as the CLI; the request id comes back")
    func renderLicense() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let result = try await http("POST", server.base + "/v1/documents", body: try Repo.example("license"),
                                    contentType: "application/json", headers: ["X-Request-Id": "test-123"])
        #expect(result.status == 200)
        #expect(result.header("Content-Type") == "application/pdf")
        #expect(result.header("X-Request-Id") == "test-123")
        let cli = temporaryFolder().appendingPathComponent("license.pdf")
        try run(Repo.executable, ["render", Repo.examples.appendingPathComponent("license.json").path, "-o", cli.path,
                                  "--templates", Repo.templates, "--fonts", Repo.fonts])
        #expect(result.body == (try Data(contentsOf: cli)))
        #expect(PDF.contains(PDF.squeezed(try PDF.text(PDF.write([UInt8](result.body)))), "KZ12LAA00012345"))
    }

    @Test("422 lists every JSON path and rule as an RFC 9457 problem; validate answers 204 or 422")
    func invalidCase() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        var data = try Repo.exampleObject("license")
        var licensee = data["licensee"] as! [String: Any]
        licensee["bin"] = "180140012340"
        data["licensee"] = licensee
        data["license"] = ["number": 5]
        let body = try JSONSerialization.data(withJSONObject: data)
        for path in ["/v1/documents", "/v1/documents/validate"] {
            let result = try await http("POST", server.base + path, body: body, contentType: "application/json")
            #expect(result.status == 422)
            #expect(result.header("Content-Type") == "application/problem+json")
            let errors = result.json["errors"] as? [[String: String]] ?? []
            let paths = Set(errors.map { $0["path"]! })
            #expect(paths.contains("licensee.bin"))
            #expect(paths.contains("license.number"))
            #expect(result.json["status"] as? Int == 422)
            #expect(result.json["title"] is String && result.json["type"] is String)
        }
        let valid = try await http("POST", server.base + "/v1/documents/validate", body: try Repo.example("refusal"),
                                   contentType: "application/json")
        #expect(valid.status == 204)
        #expect(valid.body.isEmpty)
    }

    @Test("413 over the body limit, 415 for another content type, 400 for a bad format, 404 for an unknown path")
    func requestErrors() async throws {
        let server = try ServerProcess(["--max-body", "2000"])
        defer { server.stop() }
        let big = try await http("POST", server.base + "/v1/documents", body: try Repo.example("license_annex"), contentType: "application/json")
        #expect(big.status == 413)
        #expect(big.header("Content-Type") == "application/problem+json")
        let text = try await http("POST", server.base + "/v1/documents", body: Data("{}".utf8), contentType: "text/plain")
        #expect(text.status == 415)
        let format = try await http("POST", server.base + "/v1/documents?format=tiff", body: try Repo.example("license"), contentType: "application/json")
        #expect(format.status == 400)
        let missing = try await http("GET", server.base + "/v2/nothing")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
    }

    @Test("?format=png&page=N gives that page as a PNG")
    func pngPreview() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let page2 = try await http("POST", server.base + "/v1/documents?format=png&page=2&dpi=40",
                                   body: try Repo.example("license_annex"), contentType: "application/json")
        #expect(page2.status == 200)
        #expect(page2.header("Content-Type") == "image/png")
        #expect(page2.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let beyond = try await http("POST", server.base + "/v1/documents?format=png&page=40",
                                    body: try Repo.example("license_annex"), contentType: "application/json")
        // A page past the end is over a limit: 422, naming the page count.
        #expect(beyond.status == 422)
        #expect(beyond.text.contains("the document has 3"))
        let dpi = try await http("POST", server.base + "/v1/documents?format=png&dpi=5000",
                                 body: try Repo.example("license_annex"), contentType: "application/json")
        #expect(dpi.status == 422)
        #expect(dpi.text.contains("dpi must be from 10 to 600"))
    }

    @Test("templates, health, ready, openapi and Prometheus metrics")
    func operations() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        _ = try await http("POST", server.base + "/v1/documents", body: try Repo.example("license"), contentType: "application/json")
        let templates = try await http("GET", server.base + "/v1/templates")
        let documents = (templates.json["documents"] as? [[String: Any]] ?? []).map { $0["document"] as! String }
        #expect(documents == ["license", "license_annex", "phc_talon", "receipt_accepted", "receipt_refused", "refusal", "survey", "termination"])
        #expect((templates.json["documents"] as? [[String: Any]])?.first { $0["document"] as? String == "phc_talon" }?["page"] as? String == "A5")
        #expect(try await http("GET", server.base + "/health").status == 200)
        let ready = try await http("GET", server.base + "/ready")
        #expect(ready.status == 200)
        #expect((ready.json["workers"] as? Int ?? 0) >= 1)
        let openapi = try await http("GET", server.base + "/openapi.yaml")
        #expect(String(decoding: openapi.body, as: UTF8.self).hasPrefix("openapi: \"3.1.0\""))
        let metrics = String(decoding: try await http("GET", server.base + "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"qujat_http_requests_total{route="/v1/documents",method="POST",status="200"} 1"#))
        #expect(metrics.contains(#"qujat_render_duration_count{document="license"} 1"#))
        #expect(metrics.contains("qujat_render_queue_depth"))
        #expect(metrics.contains("qujat_workers_busy"))
        #expect(metrics.contains("qujat_http_request_duration_bucket"))
    }

    @Test("64 parallel requests all return the same valid PDF")
    func parallelRequests() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let results = try await postAll(64, server.base + "/v1/documents", body: try Repo.example("license"))
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0.status == 200 && isPDF($0.body) })
        #expect(Set(results.map(\.body)).count == 1)
    }

    @Test("overload is answered with 429 and Retry-After, never a timeout; everything else renders")
    func overload() async throws {
        let server = try ServerProcess(["--workers", "1", "--queue", "2"])
        defer { server.stop() }
        let results = try await postAll(40, server.base + "/v1/documents", body: try Repo.example("license_annex"))
        let refused = results.filter { $0.status == 429 }
        #expect(!refused.isEmpty)
        #expect(refused.allSatisfy { $0.header("Retry-After") != nil && $0.header("Content-Type") == "application/problem+json" })
        #expect(results.allSatisfy { $0.status == 429 || ($0.status == 200 && isPDF($0.body)) })
        #expect(results.contains { $0.status == 200 })
    }

    @Test("SIGTERM under load: every accepted request is answered, then the server exits 0")
    func gracefulShutdown() async throws {
        let server = try ServerProcess(["--workers", "1", "--queue", "64"])
        let body = try Repo.example("license_annex")
        let url = server.base + "/v1/documents"
        let count = 12
        let requests = Task { try await postAll(count, url, body: body) }
        // Wait until the server holds every request (queued or rendering), then stop it.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let metrics = String(decoding: try await http("GET", server.base + "/metrics").body, as: UTF8.self)
            if held(metrics) >= count - 1 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        kill(server.process.processIdentifier, SIGTERM)
        let results = try await requests.value
        #expect(results.count == count)
        #expect(results.allSatisfy { $0.status == 200 && isPDF($0.body) })
        #expect(server.stop() == 0)
    }

    /// Queued plus busy render jobs, from the metrics text.
    private func held(_ metrics: String) -> Int {
        func value(_ name: String) -> Int {
            metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .flatMap { Double($0.split(separator: " ").last!) }.map { Int($0) } ?? 0
        }
        return value("qujat_render_queue_depth") + value("qujat_workers_busy")
    }

    @Test("batches: 202 with Location, status with progress, the merged PDF or a zip; case_file is refused")
    func batches() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        var manifest = TestManifest()
        try manifest.add(id: "a", group: "g1", example: "license")
        try manifest.add(id: "b", group: "g2", example: "refusal")
        try manifest.add(id: "c", group: "g1", example: "receipt_accepted")
        manifest.lines.append(#"{"id": "d", "case_file": "/etc/passwd"}"#)
        let submitted = try await http("POST", server.base + "/v1/batches", body: Data(manifest.lines.joined(separator: "\n").utf8),
                                       contentType: "application/x-ndjson")
        #expect(submitted.status == 202)
        let location = try #require(submitted.header("Location"))
        var status: [String: Any] = [:]
        for _ in 0..<600 {
            status = try await http("GET", server.base + location).json
            if status["state"] as? String == "done" || status["state"] as? String == "failed" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status["state"] as? String == "done")
        #expect(status["total"] as? Int == 4)
        #expect(status["failed"] as? Int == 1)
        let zip = try await http("GET", server.base + location + "/result")
        #expect(zip.status == 200)
        #expect(zip.header("Content-Type") == "application/zip")
        // Streamed, with its exact length known before the first byte.
        #expect(zip.header("Content-Length") == String(zip.body.count))
        let zipFile = temporaryFolder().appendingPathComponent("result.zip")
        try zip.body.write(to: zipFile)
        let listing = try run("/usr/bin/env", ["python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(' '.join(sorted(z.namelist())))", zipFile.path])
        #expect(listing.text.trimmingCharacters(in: .whitespacesAndNewlines) == "errors.jsonl g1.pdf g2.pdf summary.json")
        let g1 = try await http("GET", server.base + location + "/result?group=g1")
        #expect(g1.header("Content-Type") == "application/pdf")
        #expect(g1.header("Content-Length") == String(g1.body.count))
        let g1File = PDF.write([UInt8](g1.body))
        #expect(try PDF.pages(g1File) == 3)
        let errors = try await http("GET", server.base + location + "/result?group=zz")
        #expect(errors.status == 404)
    }

    @Test("real responses conform to /openapi.yaml (OpenAPI 3.1, checked with openapi-spec-validator and jsonschema)")
    func openAPIConformance() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let script = Repo.root.appendingPathComponent("Tests/openapi/conformance.py").path
        let result = try run("/usr/bin/env", ["python3", script, server.base, Repo.examples.path])
        #expect(result.status == 0, "\(result.text)\(result.stderr)")
        #expect(result.text.contains("0 mismatches"))
    }

    @Test("a client generated from /openapi.json (openapi-python-client) round-trips every example through its typed models")
    func generatedModels() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let script = Repo.root.appendingPathComponent("Tests/openapi/generated_models.py").path
        let result = try run("/usr/bin/env", ["python3", script, server.base, Repo.examples.path])
        #expect(result.status == 0, "\(result.text)\(result.stderr)")
        #expect(result.text.contains("11 cases round-tripped, 0 mismatches"), "\(result.text)")
    }
}
