import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Qujat
@testable import QujatServer
import QujatSign
import Testing

/// A throwaway PKI (Tests/signatures/make-test-pki.sh), made once for this target.
enum ServerPKI {
    static let folder: URL = {
        let folder = temporaryFolder()
        let result = try! run("sh", [Repo.root.appendingPathComponent("Tests/signatures/make-test-pki.sh").path, folder.path])
        precondition(result.status == 0, "openssl could not make the test PKI: \(result.output)")
        return folder
    }()

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static let key: SigningKey = {
        let password = try! String(contentsOfFile: path("password"), encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
        return try! SigningKey(pkcs12: [UInt8](try! Data(contentsOf: URL(fileURLWithPath: path("rsa.p12")))), password: password)
    }()

    static let roots = try! Certificate.pem([UInt8](try! Data(contentsOf: URL(fileURLWithPath: path("ca.pem")))))
}

@Suite("server: signing behind API keys, prepare/embed, verify, audit", .serialized, .timeLimit(.minutes(10)))
struct SigningRouteTests {
    static let clerk = "clerk-token-0123456789", viewer = "viewer-token-abcdef"

    static func keysFile() throws -> APIKeys {
        try APIKeys(file: """
            # name  sha256(token)  scopes
            clerk   \(SHA256Digest.hex(Array(clerk.utf8)))   render,sign,batch
            viewer  \(SHA256Digest.hex(Array(viewer.utf8)))  render
            """)
    }

    private func headers(_ token: String?, _ type: String = "application/json") -> HTTPFields {
        var fields: HTTPFields = [.contentType: type]
        if let token { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    private func signingServer(audit: String? = nil) throws -> QujatHTTPServer {
        try makeServer { configuration in
            configuration.signingKey = ServerPKI.key
            configuration.apiKeys = try! Self.keysFile()
            configuration.trustRoots = ServerPKI.roots
            configuration.auditLogPath = audit
        }
    }

    @Test("a server with a signing key does not start without API keys")
    func refusesOpenSigning() throws {
        #expect(throws: QujatError.self) {
            _ = try makeServer { $0.signingKey = ServerPKI.key }
        }
    }

    @Test("no token 401, a token without the scope 403, the right one 200: a signed PDF that verifies, and its audit line")
    func signWithScopes() async throws {
        let audit = temporaryFolder().appendingPathComponent("audit.log").path
        let app = try signingServer(audit: audit).application()
        let body = ByteBuffer(data: try Repo.example("license"))
        try await app.test(.router) { client in
            let none = try await client.execute(uri: "/v1/documents?sign=true", method: .post, headers: headers(nil), body: body)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.contentType] == "application/problem+json")
            let wrong = try await client.execute(uri: "/v1/documents?sign=true", method: .post, headers: headers("not-a-token"), body: body)
            #expect(wrong.status == .unauthorized)
            let viewer = try await client.execute(uri: "/v1/documents?sign=true", method: .post, headers: headers(Self.viewer), body: body)
            #expect(viewer.status == .forbidden)
            #expect(viewer.text.contains("may not sign"))
            // The viewer may render, unsigned.
            let plain = try await client.execute(uri: "/v1/documents", method: .post, headers: headers(Self.viewer), body: body)
            #expect(plain.status == .ok)
            #expect(SignatureVerifier.verify(plain.bytes).isEmpty)
            let batch = try await client.execute(uri: "/v1/batches", method: .post, headers: headers(Self.viewer, "application/x-ndjson"),
                                                 body: ByteBuffer(string: "{}\n"))
            #expect(batch.status == .forbidden)
            let signed = try await client.execute(uri: "/v1/documents?sign=true", method: .post, headers: headers(Self.clerk), body: body)
            #expect(signed.status == .ok)
            let reports = SignatureVerifier.verify(signed.bytes, trust: ServerPKI.roots)
            #expect(reports.count == 1 && reports[0].isValid && reports[0].trusted == true)
            #expect(reports[0].signer?.iin == "800101300123")
            let line = try String(contentsOfFile: audit, encoding: .utf8)
            #expect(line.contains("\"key\":\"clerk\"") && line.contains("\"document\":\"license\""))
            #expect(line.contains(SHA256Digest.hex(signed.bytes)), "the audit line names the signed bytes")
            #expect(!line.contains("Денсаулық-Сервис"), "no case data in the audit log")
        }
    }

    @Test("prepare → an outside signer (openssl cms) → embed → verify, over HTTP")
    func outsideSigner() async throws {
        let app = try signingServer().application()
        let folder = temporaryFolder()
        try await app.test(.router) { client in
            let rendered = try await client.execute(uri: "/v1/documents", method: .post, headers: headers(Self.clerk),
                                                    body: ByteBuffer(data: try Repo.example("license")))
            let prepared = try await client.execute(uri: "/v1/signatures/prepare?signing_time=2030-01-01T00:00:00Z", method: .post,
                                                    headers: headers(Self.clerk, "application/pdf"), body: ByteBuffer(bytes: rendered.bytes))
            #expect(prepared.status == .ok, "\(prepared.text)")
            let answer = prepared.json
            let tbs = Data(base64Encoded: answer["to_be_signed"] as! String)!
            #expect(answer["to_be_signed_sha256"] as? String == SHA256Digest.hex([UInt8](tbs)))
            let tbsFile = folder.appendingPathComponent("tbs.bin"), cms = folder.appendingPathComponent("sig.p7s")
            try tbs.write(to: tbsFile)
            let openssl = try run("openssl", ["cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-in", tbsFile.path,
                                              "-signer", ServerPKI.path("ec.pem"), "-inkey", ServerPKI.path("ec.key"), "-out", cms.path])
            #expect(openssl.status == 0, "\(openssl.output)")
            let embedBody = try JSONSerialization.data(withJSONObject: [
                "prepared_pdf": answer["prepared_pdf"] as! String, "cms": try Data(contentsOf: cms).base64EncodedString()])
            let signed = try await client.execute(uri: "/v1/signatures/embed", method: .post, headers: headers(Self.clerk),
                                                  body: ByteBuffer(data: embedBody))
            #expect(signed.status == .ok)
            let verified = try await client.execute(uri: "/v1/verify", method: .post, headers: headers(Self.viewer, "application/pdf"),
                                                    body: ByteBuffer(bytes: signed.bytes))
            #expect(verified.status == .ok)
            #expect(verified.json["valid"] as? Bool == true, "\(verified.text)")
            #expect(verified.text.contains("\"time\":\"D:20300101000000+00'00'\""))
            // The CMS of other bytes is refused with 422, and nothing is embedded.
            let other = try JSONSerialization.data(withJSONObject: [
                "prepared_pdf": Data(rendered.bytes).base64EncodedString(), "cms": try Data(contentsOf: cms).base64EncodedString()])
            let refused = try await client.execute(uri: "/v1/signatures/embed", method: .post, headers: headers(Self.clerk),
                                                   body: ByteBuffer(data: other))
            #expect(refused.status == .unprocessableContent)
            // A changed byte: verify says not valid.
            var tampered = signed.bytes
            tampered[3000] ^= 1
            let broken = try await client.execute(uri: "/v1/verify", method: .post, headers: headers(Self.viewer, "application/pdf"),
                                                  body: ByteBuffer(bytes: tampered))
            #expect(broken.json["valid"] as? Bool == false)
        }
    }

    @Test("an open server (no API keys) renders but cannot sign: sign=true is 400")
    func openServerDoesNotSign() async throws {
        let app = try makeServer().application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/documents?sign=true", method: .post, headers: headers(nil),
                                                    body: ByteBuffer(data: try Repo.example("license")))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("no signing key"))
        }
    }
}
