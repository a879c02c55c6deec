import Foundation
import HTTPTypes
import Hummingbird
import QujatZip
import Metrics
import Qujat
import QujatCase
import QujatTemplates
import QujatSign

extension QujatHTTPServer {
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/documents") { request, context in
            try authorize(request, .render)
            return try await renderDocument(request, context)
        }
        router.post("/v1/documents/validate") { request, context in
            try authorize(request, .render)
            return try await validateDocument(request, context)
        }
        router.get("/v1/templates") { _, _ in templates() }
        router.post("/v1/batches") { request, context in
            try authorize(request, .batch)
            return try await submitBatch(request, context)
        }
        router.get("/v1/batches/{id}") { request, context in
            try authorize(request, .batch)
            return try batchStatus(context)
        }
        router.get("/v1/batches/{id}/result") { request, context in
            try authorize(request, .batch)
            return try batchResult(request, context)
        }
        router.delete("/v1/batches/{id}") { request, context in
            try authorize(request, .batch)
            return try deleteBatch(context)
        }
        addSigningRoutes(to: router)
        router.get("/health") { _, _ in json(HealthBody(status: "ok")) }
        router.get("/ready") { _, _ in
            readiness.isReady
                ? json(reloader.readyBody)
                : Problem(status: .serviceUnavailable, title: "Shutting down", detail: "the server is draining", retryAfter: 5).response(requestID: nil)
        }
        router.get("/metrics") { _, _ in
            let text = metrics.exposition(queueDepth: pool.queueDepth, busyWorkers: pool.busyWorkers, workers: pool.workers)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
        router.get("/openapi.yaml") { request, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: .init(byteBuffer: ByteBuffer(string: openAPI(for: request).yaml())))
        }
        router.get("/openapi.json") { request, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: openAPI(for: request).json())))
        }
    }

    /// The OpenAPI document with the address this request reached the server at.
    private func openAPI(for request: Request) -> OrderedJSON {
        let url = OpenAPIDocument.serverURL(configured: configuration.publicURL,
                                            host: request.head.authority,
                                            listening: "\(configuration.host):\(configuration.port)")
        return OpenAPIDocument.serving(openAPICache.document(for: pool.current), at: url)
    }

    // MARK: documents

    /// The case body, read only once the request is admitted (see `Admission`): at most
    /// `workers + queue` bodies are held at once, whatever the number of connections.
    private func caseBody(_ request: Request, _ context: BasicRequestContext) async throws -> Data {
        try requireContentType(request, ["application/json"])
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        return Data(buffer: buffer)
    }

    /// Runs `body` if the server has room for one more case in memory; else 429, with the
    /// request body read and dropped chunk by chunk (never held: an unread body would keep the
    /// connection and its buffers open until the idle timeout). `body` gets the place's
    /// ticket to keep in its response.
    private func admitted(_ request: Request, _ body: (Admission.Ticket) async throws -> Response) async throws -> Response {
        guard let ticket = admission.enter() else {
            var remaining = configuration.maxBodyBytes
            do {
                for try await chunk in request.body {
                    remaining -= chunk.readableBytes
                    if remaining < 0 { break }
                }
            } catch {}
            throw Problem(status: .tooManyRequests, title: "Too many requests",
                          detail: "\(admission.limit) requests are being rendered or waiting; try again shortly", retryAfter: 1)
        }
        return try await body(ticket)
    }

    /// A response body that holds the request's admission until the bytes are written.
    private func responseBody(_ bytes: [UInt8], holding ticket: Admission.Ticket) -> ResponseBody {
        ResponseBody(contentLength: bytes.count) { writer in
            try await writer.write(ByteBuffer(bytes: bytes))
            try await writer.finish(nil)
            withExtendedLifetime(ticket) {}
        }
    }

    private func renderDocument(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let format = query.get("format") ?? "pdf"
        guard format == "pdf" || format == "png" else {
            throw Problem(status: .badRequest, title: "Bad format", detail: "format must be pdf or png, not '\(format)'")
        }
        let page = try positiveInteger(query.get("page"), name: "page", default: 1, maximum: 100_000)
        let strict = try flag(query.get("strict"), name: "strict")
        let dpi = try positiveInteger(query.get("dpi"), name: "dpi", default: 96, maximum: 100_000)
        let sign = try flag(query.get("sign"), name: "sign")
        var signer: (key: SigningKey, apiKey: String)?
        if sign {
            guard format == "pdf" else {
                throw Problem(status: .badRequest, title: "Bad parameter", detail: "sign=true makes a PDF; it does not go with format=png")
            }
            guard let key = configuration.signingKey else {
                throw Problem(status: .badRequest, title: "Bad parameter", detail: "this server has no signing key (qujat serve --sign-key)")
            }
            signer = (key, try authorize(request, .sign))
        }
        guard Renderer.dpiRange.contains(Double(dpi)) else {
            throw Problem.from(.limit("dpi must be from \(Int(Renderer.dpiRange.lowerBound)) to \(Int(Renderer.dpiRange.upperBound)), not \(dpi)"))
        }
        return try await admitted(request) { ticket in
            try await render(request, context, format: format, page: page, dpi: dpi, strict: strict, signer: signer, ticket: ticket)
        }
    }

    private func render(_ request: Request, _ context: BasicRequestContext, format: String, page: Int, dpi: Int,
                        strict: Bool, signer: (key: SigningKey, apiKey: String)?, ticket: Admission.Ticket) async throws -> Response {
        // Parsed on the worker: only the workers ever hold a parsed case.
        let body = try await caseBody(request, context)
        let deadline = ContinuousClock.now + configuration.timeout
        let start = ContinuousClock.now
        switch format {
        case "pdf":
            let rendered = try await pool.tryRun(deadline: deadline) { renderer throws(QujatError) in
                renderer.strict = strict
                if let signer { return try renderer.render(json: body, signing: Renderer.Signing(key: signer.key)) }
                return try renderer.render(json: body)
            }
            if let signer { try recordSignature(rendered.pdf, event: "sign", apiKey: signer.apiKey, document: rendered.document, title: rendered.title) }
            metrics.renderTimer(document: rendered.document).record(duration: ContinuousClock.now - start)
            context.logger.info("rendered", metadata: ["document": .string(rendered.document), "pages": .stringConvertible(rendered.info.pages)])
            var response = Response(status: .ok,
                                    headers: [.contentType: "application/pdf",
                                              .contentDisposition: "inline; filename=\"\(rendered.document).pdf\""],
                                    body: responseBody(rendered.pdf, holding: ticket))
            Self.addWarnings(rendered.warnings, to: &response)
            return response
        default:
            // Only page `page` is drawn; the layout is made whole for «N / M».
            let image = try await pool.tryRun(deadline: deadline) { renderer throws(QujatError) in
                renderer.strict = strict
                return try renderer.images(json: body, dpi: Double(dpi), pages: page...page)
            }
            metrics.renderTimer(document: image.document).record(duration: ContinuousClock.now - start)
            var response = Response(status: .ok, headers: [.contentType: "image/png"],
                                    body: responseBody(image.images[0], holding: ticket))
            Self.addWarnings(image.warnings, to: &response)
            return response
        }
    }

    private func validateDocument(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let strict = try flag(request.uri.queryParameters.get("strict"), name: "strict")
        return try await admitted(request) { _ in
            let body = try await caseBody(request, context)
            var response = Response(status: .noContent)
            Self.addWarnings(try pool.validate(json: body, strict: strict), to: &response)
            return response
        }
    }

    /// Keys the document does not read, as one `Qujat-Warnings` header: JSON Lines-style
    /// `path: rule` items separated by "; ", non-ASCII written as \uXXXX (header values are ASCII).
    static func addWarnings(_ warnings: [CaseIssue], to response: inout Response) {
        guard !warnings.isEmpty else { return }
        let text = warnings.prefix(50).map { "\($0.path): \($0.rule)" }.joined(separator: "; ")
        var ascii = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F { ascii.unicodeScalars.append(scalar) } else {
                ascii += String(format: "\\u%04x", scalar.value)
            }
        }
        response.headers[.qujatWarnings] = ascii
    }

    private func flag(_ text: String?, name: String) throws -> Bool {
        switch text {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        default: throw Problem(status: .badRequest, title: "Bad parameter", detail: "\(name) must be true or false")
        }
    }

    private func templates() -> Response {
        let set = pool.current
        let library = set.templates
        return json(TemplateListBody(documents: library.documents.map { library.summary(of: $0) },
                                     version: set.templatesVersion, fontsVersion: set.fontsVersion))
    }

    // MARK: batches

    private func submitBatch(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try requireContentType(request, ["application/x-ndjson", "application/jsonl", "application/json-lines"])
        let buffer = try await request.body.collect(upTo: configuration.maxBatchBytes)
        let id = try batches.submit(Array(buffer: buffer))
        context.logger.info("batch accepted", metadata: ["batch": .string(id)])
        // The batch may be gone already (deleted at once): then only its id.
        var response = if let status = batches.status(id) { json(status.body, status: .accepted) } else { json(["id": id], status: .accepted) }
        response.headers[.location] = "/v1/batches/\(id)"
        return response
    }

    /// The batch named in the path, or 404 (an id that is not a batch id is never looked up).
    private func batchID(_ context: BasicRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard BatchStore.isBatchID(id) else {
            throw Problem(status: .notFound, title: "No such batch", detail: "'\(id.prefix(64))' is not a batch id")
        }
        return id
    }

    private func deleteBatch(_ context: BasicRequestContext) throws -> Response {
        let id = try batchID(context)
        guard batches.delete(id) else {
            throw Problem(status: .notFound, title: "No such batch", detail: "no batch \(id)")
        }
        context.logger.info("batch deleted", metadata: ["batch": .string(id)])
        return Response(status: .noContent)
    }

    private func batchStatus(_ context: BasicRequestContext) throws -> Response {
        let id = try batchID(context)
        guard let status = batches.status(id) else {
            throw Problem(status: .notFound, title: "No such batch", detail: "no batch \(id)")
        }
        return json(status.body)
    }

    private func batchResult(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        let id = try batchID(context)
        guard let status = batches.status(id) else {
            throw Problem(status: .notFound, title: "No such batch", detail: "no batch \(id)")
        }
        guard status.state == .done else {
            throw Problem(status: .conflict, title: "Batch not finished",
                          detail: "batch \(id) is \(status.state.rawValue) (\(status.done) of \(status.total) documents)",
                          retryAfter: status.state == .failed ? nil : 2)
        }
        let output = batches.output(id)
        func path(_ name: String) -> String { (output as NSString).appendingPathComponent(name) }
        // Every file is streamed from disk: a night batch's print file can be gigabytes.
        let wanted = request.uri.queryParameters.get("group")
        if let wanted {
            guard status.groups.contains(wanted), let pdf = OpenFile.open(path("merged/\(wanted).pdf")) else {
                throw Problem(status: .notFound, title: "No such group", detail: "batch \(id) has groups: \(status.groups.joined(separator: ", "))")
            }
            return pdfResponse(pdf, name: wanted, context)
        }
        if status.groups.count == 1, let pdf = OpenFile.open(path("merged/\(status.groups[0]).pdf")) {
            return pdfResponse(pdf, name: status.groups[0], context)
        }
        // Several groups (or none rendered): every print file, the errors and the summary.
        var sources = status.groups.compactMap { ZipSource.file("\($0).pdf", path: path("merged/\($0).pdf")) }
        for name in ["errors.jsonl", "summary.json"] {
            sources.append(ZipSource.file(name, path: path(name)) ?? .bytes(name, []))
        }
        return Response(status: .ok, headers: [.contentType: "application/zip",
                                               .contentDisposition: "attachment; filename=\"batch-\(id).zip\""],
                        body: Self.logged(.zip(sources, cache: crcCache, limit: zip64Limit), context, what: "batch-\(id).zip"))
    }

    private func pdfResponse(_ pdf: OpenFile, name: String, _ context: BasicRequestContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: "inline; filename=\"\(name).pdf\""],
                 body: Self.logged(.file(pdf), context, what: "\(name).pdf"))
    }

    /// The body, with a download that ends early logged: the status line is sent by then, so
    /// the client only sees the connection close short of Content-Length.
    private static func logged(_ body: ResponseBody, _ context: BasicRequestContext, what: String) -> ResponseBody {
        let logger = context.logger
        return ResponseBody(contentLength: body.contentLength) { writer in
            do {
                try await body.write(writer)
            } catch {
                logger.notice("download ended early", metadata: ["file": .string(what), "error": .string("\(error)")])
                throw error
            }
        }
    }

    // MARK: helpers

    func requireContentType(_ request: Request, _ accepted: [String]) throws {
        // A compressed body would be read as garbage JSON (422); say what is wrong instead.
        if let encoding = request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased(),
           !encoding.isEmpty, encoding != "identity" {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type",
                          detail: "Content-Encoding '\(encoding)' is not accepted; send the body uncompressed")
        }
        let given = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        guard accepted.contains(given) else {
            throw Problem(status: .unsupportedMediaType, title: "Unsupported media type",
                          detail: "send \(accepted.joined(separator: " or ")), not '\(given.isEmpty ? "nothing" : given)'")
        }
    }

    private func positiveInteger(_ text: String?, name: String, default value: Int, maximum: Int) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), (1...maximum).contains(number) else {
            throw Problem(status: .badRequest, title: "Bad parameter", detail: "\(name) must be a whole number from 1 to \(maximum)")
        }
        return number
    }
}
