import Foundation
import Testing

/// `qujat serve` reloading its templates: SIGHUP and --watch-templates on a real process.
@Suite("qujat serve reloads templates", .serialized)
struct ServerReloadTests {
    struct Templates {
        let folder: URL
        init() throws {
            folder = temporaryFolder().appendingPathComponent("Templates")
            try FileManager.default.copyItem(atPath: Repo.templates, toPath: folder.path)
        }

        func edit(_ old: String, _ new: String, file: String = "license/kk.yaml") throws {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old))
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static func version(_ server: ServerProcess) async throws -> String {
        try await http("GET", server.base + "/v1/templates").json["version"] as? String ?? ""
    }

    static func ready(_ server: ServerProcess) async throws -> HTTPResult { try await http("GET", server.base + "/ready") }

    /// Polls until `condition` holds (a reload runs on a thread of its own after the signal).
    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let end = ContinuousClock.now + .seconds(20)
        while !(try await condition()) {
            if ContinuousClock.now > end { Issue.record("timed out waiting for \(what)"); return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func licenseText(_ server: ServerProcess) async throws -> String {
        let result = try await http("POST", server.base + "/v1/documents", body: try Repo.example("license"), contentType: "application/json")
        #expect(result.status == 200)
        return PDF.squeezed(try PDF.text(PDF.write([UInt8](result.body))))
    }

    @Test("SIGHUP: an edit is served next; a broken set is refused (old set kept, /ready explains); fixed, it loads")
    func sighup() async throws {
        let templates = try Templates()
        let server = try ServerProcess(["--workers", "1"], templates: templates.folder.path)
        defer { server.stop() }
        let first = try await Self.version(server)
        #expect(first.count == 16)
        #expect(!(try await Self.licenseText(server)).contains("ЖАҢАЛИЦЕНЗИЯ"))

        try templates.edit("- heading: ЛИЦЕНЗИЯ", "- heading: ЖАҢАЛИЦЕНЗИЯ")
        kill(server.process.processIdentifier, SIGHUP)
        try await Self.eventually("the edited set") { try await Self.version(server) != first }
        let second = try await Self.version(server)
        #expect(try await Self.licenseText(server).contains("ЖАҢАЛИЦЕНЗИЯ"))

        try templates.edit("{{ license.number }}", "{{ license.numbr }}")
        kill(server.process.processIdentifier, SIGHUP)
        try await Self.eventually("the refusal") { try await Self.ready(server).json["reload_error"] != nil }
        let ready = try await Self.ready(server)
        #expect(ready.status == 200)
        let refusal = ready.json["reload_error"] as? [String: Any] ?? [:]
        let issues = refusal["issues"] as? [[String: Any]] ?? []
        #expect(issues.contains { ($0["file"] as? String ?? "").hasSuffix("license/kk.yaml") && ($0["line"] as? Int ?? 0) > 0
                                  && ($0["message"] as? String ?? "").contains("license.numbr") })
        #expect((ready.json["templates"] as? [String: Any])?["version"] as? String == second)
        #expect(try await Self.version(server) == second)
        // Still serving the set it had: the edited heading, the number printed.
        let text = try await Self.licenseText(server)
        #expect(text.contains("ЖАҢАЛИЦЕНЗИЯ") && text.contains("KZ12LAA00012345"))
        #expect(server.logText.contains("reload refused"))
        // The refusal's body is what /openapi.yaml says /ready answers.
        let schemaCheck = """
        import json, sys, urllib.request, yaml, jsonschema
        spec = yaml.safe_load(urllib.request.urlopen(sys.argv[1] + "/openapi.yaml").read())
        schema = spec["paths"]["/ready"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        jsonschema.validate(json.loads(urllib.request.urlopen(sys.argv[1] + "/ready").read()), schema)
        print("conforms")
        """
        let conformance = try run("/usr/bin/env", ["python3", "-c", schemaCheck, server.base])
        #expect(conformance.text.contains("conforms"), "\(conformance.stderr)")

        try templates.edit("{{ license.numbr }}", "{{ license.number }}")
        try templates.edit("- heading: ЖАҢАЛИЦЕНЗИЯ", "- heading: ТҮЗЕТІЛГЕН")
        kill(server.process.processIdentifier, SIGHUP)
        try await Self.eventually("the fixed set") { try await Self.ready(server).json["reload_error"] == nil }
        #expect(try await Self.version(server) != second)
        #expect(try await Self.licenseText(server).contains("ТҮЗЕТІЛГЕН"))
        #expect(server.stop() == 0)
    }

    @Test("--watch-templates: a saved edit is served without a signal")
    func watch() async throws {
        let templates = try Templates()
        let server = try ServerProcess(["--workers", "1", "--watch-templates"], templates: templates.folder.path)
        defer { server.stop() }
        let first = try await Self.version(server)
        try templates.edit("- heading: ЛИЦЕНЗИЯ", "- heading: ЖАҢАЛИЦЕНЗИЯ")
        try await Self.eventually("the watched edit") { try await Self.version(server) != first }
        #expect(try await Self.licenseText(server).contains("ЖАҢАЛИЦЕНЗИЯ"))
        #expect(server.logText.contains("templates reloaded"))
        // The case schemas in /openapi.json are made from the set in use: a schema edit shows.
        func openAPI() async throws -> String { String(decoding: try await http("GET", server.base + "/openapi.json").body, as: UTF8.self) }
        #expect(!(try await openAPI()).contains("\"remark\""))
        let second = try await Self.version(server)
        try templates.edit("  note?: string\n", "  note?: string\n  remark?: string\n", file: "license/schema.yaml")
        try await Self.eventually("the watched schema edit") { try await Self.version(server) != second }
        #expect(try await openAPI().contains("\"remark\""))
        #expect(server.stop() == 0)
    }
}
