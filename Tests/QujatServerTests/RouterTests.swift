import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Qujat
@testable import QujatServer
import Testing

/// The routes in process, through HummingbirdTesting's router framework: no port, no child
/// process, the same middleware as `qujat serve`.
@Suite("server routes in process", .timeLimit(.minutes(10)))
struct RouterTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test("POST /v1/documents renders a sample case to a PDF")
    func render() async throws {
        let app = try makeServer().application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/documents", method: .post, headers: Self.json,
                                                    body: ByteBuffer(data: try Repo.example("license")))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.headers[.contentDisposition] == "inline; filename=\"license.pdf\"")
            #expect(response.bytes.starts(with: Array("%PDF-".utf8)))
            #expect(response.text.hasSuffix("%%EOF\n") || response.text.hasSuffix("%%EOF"))
        }
    }

    @Test("a bad case is 422 problem+json naming each JSON path; validate says the same")
    func invalidCase() async throws {
        var data = try Repo.exampleObject("license")
        var licensee = data["licensee"] as! [String: Any]
        licensee["bin"] = "180140012340"
        data["licensee"] = licensee
        data["license"] = ["number": 5]
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: data))
        let app = try makeServer().application()
        try await app.test(.router) { client in
            for path in ["/v1/documents", "/v1/documents/validate"] {
                let response = try await client.execute(uri: path, method: .post, headers: Self.json, body: body)
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = response.json
                #expect(problem["status"] as? Int == 422)
                #expect(problem["type"] as? String == "https://qujat.kz/problems/invalid-case-data")
                #expect(problem["title"] as? String == "Invalid case data")
                let paths = Set((problem["errors"] as? [[String: String]] ?? []).compactMap { $0["path"] })
                #expect(paths.isSuperset(of: ["licensee.bin", "license.number"]), "\(response.text)")
                // The request id comes back in the body and the header.
                #expect(problem["request_id"] as? String == response.headers[.requestID])
            }
        }
    }

    @Test("an unknown document is a 4xx problem; a body that is not JSON too")
    func unknownDocument() async throws {
        var data = try Repo.exampleObject("license")
        data["document"] = "passport"
        let bodies = [try JSONSerialization.data(withJSONObject: data), Data("{not json".utf8)]
        let app = try makeServer().application()
        try await app.test(.router) { client in
            for body in bodies {
                let response = try await client.execute(uri: "/v1/documents", method: .post, headers: Self.json, body: ByteBuffer(data: body))
                #expect((400..<500).contains(response.status.code), "\(response.status) \(response.text)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(!(response.json["detail"] as? String ?? "").isEmpty)
            }
        }
    }

    @Test("415 for another content type and for a compressed body; 400 for a bad format; 404 problem for an unknown path")
    func requestErrors() async throws {
        let app = try makeServer().application()
        let license = ByteBuffer(data: try Repo.example("license"))
        try await app.test(.router) { client in
            let text = try await client.execute(uri: "/v1/documents", method: .post, headers: [.contentType: "text/plain"], body: license)
            #expect(text.status == .unsupportedMediaType)
            #expect(text.json["detail"] as? String == "send application/json, not 'text/plain'")
            let gzip = try await client.execute(uri: "/v1/documents", method: .post,
                                                headers: [.contentType: "application/json", .contentEncoding: "gzip"], body: license)
            #expect(gzip.status == .unsupportedMediaType)
            #expect(gzip.headers[.contentType] == "application/problem+json")
            #expect((gzip.json["detail"] as? String ?? "").contains("Content-Encoding 'gzip'"))
            let format = try await client.execute(uri: "/v1/documents?format=tiff", method: .post, headers: Self.json, body: license)
            #expect(format.status == .badRequest)
            let missing = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.json["detail"] as? String == "no such resource: /v2/nothing")
        }
    }

    @Test("429 with Retry-After when every admission place is taken; the next request after a place frees renders")
    func admissionFull() async throws {
        let server = try makeServer()
        let app = server.application()
        try await app.test(.router) { client in
            var tickets: [Admission.Ticket] = []
            while let ticket = server.admission.enter() { tickets.append(ticket) }
            #expect(tickets.count == server.admission.limit)
            let license = ByteBuffer(data: try Repo.example("license"))
            let refused = try await client.execute(uri: "/v1/documents", method: .post, headers: Self.json, body: license)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.json["title"] as? String == "Too many requests")
            let validate = try await client.execute(uri: "/v1/documents/validate", method: .post, headers: Self.json, body: license)
            #expect(validate.status == .tooManyRequests)
            tickets.removeLast()
            let rendered = try await client.execute(uri: "/v1/documents", method: .post, headers: Self.json, body: license)
            #expect(rendered.status == .ok)
            withExtendedLifetime(tickets) {}
        }
    }

    @Test("health, ready, templates and openapi answer as documented")
    func operations() async throws {
        let app = try makeServer().application()
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/health", method: .get).text == #"{"status":"ok"}"#)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.text.hasPrefix(#"{"status":"ready","templates":{"fonts_version":""#))
            #expect((ready.json["templates"] as? [String: Any])?["version"] as? String != nil)
            #expect(ready.json["workers"] as? Int == 2 && ready.json["reload_error"] == nil)
            let templates = try await client.execute(uri: "/v1/templates", method: .get)
            let documents = templates.json["documents"] as? [[String: Any]] ?? []
            #expect(documents.map { $0["document"] as? String ?? "" }
                    == ["license", "license_annex", "phc_talon", "receipt_accepted", "receipt_refused", "refusal", "survey", "termination"])
            let talon = documents.first { $0["document"] as? String == "phc_talon" }
            #expect(talon?["page"] as? String == "A5")
            #expect(talon?["variants"] as? [[String: String]] == [["key": "format", "page": "80 mm strip", "value": "strip"]])
            #expect(documents.first?["required"] as? [String] == ["document", "license", "licensee", "provider"])
            #expect(templates.text.hasPrefix(#"{"documents":[{"copies":1,"document":"license","duplicate":true,"languages":["#))
            let openapi = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(openapi.text.hasPrefix("openapi: \"3.1.0\"\ninfo:\n"))
        }
    }

    @Test("the OpenAPI request body is a oneOf of every document's case schema, made from the templates")
    func openAPICaseSchemas() async throws {
        let app = try makeServer().application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.headers[.contentType] == "application/json")
            let document = response.json
            // The test framework sends every request to "localhost".
            #expect(document["servers"] as? [[String: String]] == [["url": "http://localhost"]])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let oneOf = try #require((schemas["Case"] as? [String: Any])?["oneOf"] as? [[String: String]])
            let documents = ["license", "license_annex", "phc_talon", "receipt_accepted", "receipt_refused", "refusal", "survey", "termination"]
            #expect(oneOf.map { $0["$ref"] } == documents.map { "#/components/schemas/\($0)_case" })
            let discriminator = (schemas["Case"] as? [String: Any])?["discriminator"] as? [String: Any]
            #expect(discriminator?["propertyName"] as? String == "document")
            #expect((discriminator?["mapping"] as? [String: String])?["license"] == "#/components/schemas/license_case")
            // References point into components, where the shared types are.
            let license = try #require(schemas["license_case"] as? [String: Any])
            let licensee = (license["properties"] as? [String: Any])?["licensee"] as? [String: String]
            #expect(licensee == ["$ref": "#/components/schemas/licensee"])
            #expect(schemas["licensee_legal"] != nil && schemas["person"] != nil)
            // PDF and PNG answers are binary strings, as generators expect.
            let paths = try #require(document["paths"] as? [String: Any])
            let render = ((paths["/v1/documents"] as? [String: Any])?["post"] as? [String: Any])?["responses"] as? [String: Any]
            let content = (render?["200"] as? [String: Any])?["content"] as? [String: [String: [String: String]]]
            #expect(content?["application/pdf"]?["schema"]?["format"] == "binary")
            #expect(content?["image/png"]?["schema"]?["format"] == "binary")
        }
        #expect(OpenAPIDocument.serverURL(configured: nil, host: "qujat.example.kz:8443", listening: "0.0.0.0:8080") == "http://qujat.example.kz:8443")
        #expect(OpenAPIDocument.serverURL(configured: nil, host: "[::1]:8080", listening: "0.0.0.0:8080") == "http://[::1]:8080")
        #expect(OpenAPIDocument.serverURL(configured: nil, host: "evil\"\n: x", listening: "0.0.0.0:8080") == "http://0.0.0.0:8080")
        #expect(OpenAPIDocument.serverURL(configured: nil, host: nil, listening: "127.0.0.1:8080") == "http://127.0.0.1:8080")
        let configured = try makeServer { $0.publicURL = "https://qujat.example.kz" }.application()
        try await configured.test(.router) { client in
            let yaml = try await client.execute(uri: "/openapi.yaml", method: .get).text
            #expect(yaml.contains("servers:\n  - url: \"https://qujat.example.kz\"\n"), "\(yaml.prefix(600))")
        }
    }
}
