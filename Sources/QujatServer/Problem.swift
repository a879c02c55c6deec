import Foundation
import HTTPTypes
import Hummingbird
import Qujat
import QujatSign
import QujatCase

/// An RFC 9457 problem: the body of every error response (`application/problem+json`).
struct Problem: Error {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    /// For invalid cases: every JSON path and rule.
    var errors: [CaseIssue] = []
    /// Seconds after which a client may retry (429, 503).
    var retryAfter: Int?

    var body: ProblemBody {
        ProblemBody(type: "https://qujat.kz/problems/\(slug)", title: title, status: Int(status.code), detail: detail,
                    errors: errors.isEmpty ? nil : errors.map { ProblemBody.Issue(path: $0.path, rule: $0.rule) })
    }

    func response(requestID: String?) -> Response {
        var body = body
        body.requestID = requestID
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONBody.bytes(body))))
    }

    private var slug: String {
        title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { $0.append($1) }
    }

    static func invalidCase(_ issues: [CaseIssue]) -> Problem {
        Problem(status: .unprocessableContent, title: "Invalid case data",
                detail: "\(issues.count) problem\(issues.count == 1 ? "" : "s") with the case data", errors: issues)
    }

    /// The HTTP face of a library error: the one mapping from error codes to statuses.
    static func from(_ error: QujatError) -> Problem {
        switch error {
        case .invalidCase(let problems):
            return .invalidCase(problems.issues)
        case .limit(let why):
            return Problem(status: .unprocessableContent, title: "Over a limit", detail: why,
                           errors: [CaseIssue(path: "$", rule: why)])
        case .unavailable(let why):
            return Problem(status: .tooManyRequests, title: "Too many requests", detail: why, retryAfter: 1)
        case .timedOut(let why), .busy(let why):
            return Problem(status: .serviceUnavailable, title: "Timed out", detail: why, retryAfter: 1)
        case .cancelled, .shutDown:
            return Problem(status: .serviceUnavailable, title: "Unavailable", detail: error.description, retryAfter: 1)
        case .signing(let failure) where failure.kind == .notQujatPDF || failure.kind == .cms:
            return Problem(status: .unprocessableContent, title: "Cannot sign", detail: failure.message)
        case .template, .render, .missing, .io, .printing, .internalError, .signing:
            // The detail may hold server paths: it goes to the log, not to the client.
            return Problem(status: .internalServerError, title: "Internal error",
                           detail: "the server could not render this document (\(error.code)); its log has the details")
        }
    }
}

/// Turns every error a handler throws into a problem response, with the request id.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The caller's request id if it is safe to log (a gateway's), else Hummingbird's;
        // an unsafe one is logged quoted beside it, never raw.
        var context = context
        if let given = request.headers[.requestID] {
            if Self.isSafeRequestID(given) {
                context.logger[metadataKey: "hb.request.id"] = .string(given)
            } else {
                context.logger[metadataKey: "rejected_request_id"] = .string(Self.quoted(given))
            }
        }
        let id = context.logger[metadataKey: "hb.request.id"]?.description
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response(requestID: id)
        } catch let error as QujatError {
            if Problem.from(error).status == .internalServerError {
                context.logger.error("render failed", metadata: ["error": "\(error)", "code": "\(error.code)"])
            }
            response = Problem.from(error).response(requestID: id)
        } catch let error as any HTTPResponseError {
            let title = error.status.reasonPhrase
            let detail: String
            switch error.status {
            case .contentTooLarge: detail = "the request body is larger than this server accepts"
            case .notFound: detail = "no such resource: \(request.uri.path)"
            case .methodNotAllowed: detail = "\(request.method) is not allowed on \(request.uri.path)"
            default: detail = "\(error)"
            }
            response = Problem(status: error.status, title: title, detail: detail).response(requestID: id)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            response = Problem(status: .internalServerError, title: "Internal error", detail: "see the server's log").response(requestID: id)
        }
        if let id { response.headers[.requestID] = id }
        return response
    }

    /// 1 to 128 characters of letters, digits and `-_.:/+@` (a UUID, a trace id, a gateway's token).
    static func isSafeRequestID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128 && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "-_.:/+@".utf8.contains(byte)
        }
    }

    /// A JSON-style quoted form of an untrusted header, cut to 128 characters.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars.prefix(128) {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
    static let qujatWarnings = Self("Qujat-Warnings")!
}
