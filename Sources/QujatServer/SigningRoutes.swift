import Foundation
import Hummingbird
import Qujat
import QujatSign

/// The outside-signer route over HTTP (prepare → NCALayer or an HSM → embed) and verification.
extension QujatHTTPServer {
    func addSigningRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/signatures/prepare") { request, context in
            try authorize(request, .sign)
            return try await prepare(request, context)
        }
        router.post("/v1/signatures/embed") { request, context in
            let apiKey = try authorize(request, .sign)
            return try await embed(request, context, apiKey: apiKey)
        }
        router.post("/v1/verify") { request, context in
            try authorize(request, .render)
            return try await verify(request, context)
        }
    }

    /// The caller's API key name ("anonymous" on an open server).
    @discardableResult
    func authorize(_ request: Request, _ scope: APIKeys.Scope) throws -> String {
        guard let keys = configuration.apiKeys else { return "anonymous" }
        return try keys.authorize(request, scope)
    }

    /// Writes the audit line before the signed document leaves the server; no line, no document.
    func recordSignature(_ pdf: [UInt8], event: String, apiKey: String, document: String?, title: String?) throws {
        let line = AuditLog.Line(time: ISO8601DateFormatter().string(from: Date()), event: event, key: apiKey,
                                 document: document, title: title, sha256: SHA256Digest.hex(pdf))
        logger.notice("signature", metadata: ["event": .string(event), "key": .string(apiKey),
                                              "document": .string(document ?? "-"), "sha256": .string(line.sha256)])
        guard audit.record(line) else {
            throw Problem(status: .serviceUnavailable, title: "Audit log unavailable",
                          detail: "the signature could not be recorded, so it is not given out", retryAfter: 5)
        }
    }

    private func pdfBody(_ request: Request) async throws -> [UInt8] {
        try requireContentType(request, ["application/pdf"])
        return Array(buffer: try await request.body.collect(upTo: configuration.maxPDFBytes))
    }

    private func prepare(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        var time = Date()
        if let given = request.uri.queryParameters.get("signing_time") {
            guard let parsed = ISO8601DateFormatter().date(from: String(given)) else {
                throw Problem(status: .badRequest, title: "Bad parameter", detail: "signing_time must be ISO 8601 with a zone, such as 2026-11-30T10:00:00Z")
            }
            time = parsed
        }
        let pdf = try await pdfBody(request)
        do throws(SignError) {
            let prepared = try PDFSignature.prepare(pdf, time: time)
            let toBeSigned = prepared.toBeSigned
            return json(PreparedBody(preparedPDF: Data(prepared.bytes).base64EncodedString(),
                                     toBeSigned: Data(toBeSigned).base64EncodedString(),
                                     toBeSignedSHA256: SHA256Digest.hex(toBeSigned), capacity: prepared.capacity))
        } catch {
            throw Problem.from(.signing(error))
        }
    }

    private func embed(_ request: Request, _ context: BasicRequestContext, apiKey: String) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let buffer = try await request.body.collect(upTo: configuration.maxPDFBytes * 2)
        guard let body = try? JSONDecoder().decode(EmbedBody.self, from: Data(buffer: buffer)),
              let prepared = Data(base64Encoded: body.preparedPDF), let cms = Data(base64Encoded: body.cms.filter { !$0.isWhitespace }) else {
            throw Problem(status: .badRequest, title: "Bad body", detail: "send {\"prepared_pdf\": BASE64, \"cms\": BASE64}")
        }
        let result: (pdf: [UInt8], warnings: [String])
        do throws(SignError) {
            result = try PDFSignature.embed([UInt8](cms), into: [UInt8](prepared))
        } catch {
            throw Problem.from(.signing(error))
        }
        try recordSignature(result.pdf, event: "embed", apiKey: apiKey, document: nil, title: nil)
        var response = Response(status: .ok, headers: [.contentType: "application/pdf"],
                                body: .init(byteBuffer: ByteBuffer(bytes: result.pdf)))
        if !result.warnings.isEmpty { response.headers[.qujatWarnings] = result.warnings.joined(separator: "; ") }
        return response
    }

    private func verify(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let pdf = try await pdfBody(request)
        let reports = SignatureVerifier.verify(pdf, trust: configuration.trustRoots)
        let signatures = reports.map { report in
            VerifyBody.Signature(signer: report.signer?.commonName, iin: report.signer?.iin, organization: report.signer?.organization,
                                 bin: report.signer?.bin, certificateSerial: report.signer?.serialNumber, time: report.time,
                                 intact: report.intact, coversWholeFile: report.coversWholeFile, trusted: report.trusted,
                                 problems: report.problems)
        }
        return json(VerifyBody(valid: !reports.isEmpty && reports.allSatisfy(\.isValid), signatures: signatures))
    }
}

/// `POST /v1/signatures/prepare`.
struct PreparedBody: Encodable {
    var preparedPDF: String
    var toBeSigned: String
    var toBeSignedSHA256: String
    var capacity: Int

    enum CodingKeys: String, CodingKey {
        case capacity
        case preparedPDF = "prepared_pdf"
        case toBeSigned = "to_be_signed"
        case toBeSignedSHA256 = "to_be_signed_sha256"
    }
}

/// The body of `POST /v1/signatures/embed`.
struct EmbedBody: Decodable {
    var preparedPDF: String
    var cms: String

    enum CodingKeys: String, CodingKey {
        case cms
        case preparedPDF = "prepared_pdf"
    }
}

/// `POST /v1/verify`.
struct VerifyBody: Encodable {
    struct Signature: Encodable {
        var signer: String?
        var iin: String?
        var organization: String?
        var bin: String?
        var certificateSerial: String?
        var time: String?
        var intact: Bool
        var coversWholeFile: Bool
        /// Absent when the server has no trusted roots.
        var trusted: Bool?
        var problems: [String]

        enum CodingKeys: String, CodingKey {
            case signer, iin, organization, bin, time, intact, trusted, problems
            case certificateSerial = "certificate_serial"
            case coversWholeFile = "covers_whole_file"
        }
    }

    var valid: Bool
    var signatures: [Signature]
}
