import Foundation
import HTTPTypes
import Hummingbird
import Qujat

/// An RFC 9457 problem: the body of every error response (`application/problem+json`).
struct Problem: Error {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    /// For invalid cases: every JSON path and rule.
    var errors: [CaseIssue] = []
    /// Seconds after which a client may retry (429, 503).
    var retryAfter: Int?

    func response(requestID: String?) -> Response {
        var object: [String: Any] = [
            "type": "https://qujat.kz/problems/\(slug)",
            "title": title,
            "status": Int(status.code),
            "detail": detail,
        ]
        if !errors.isEmpty {
            object["errors"] = errors.map { ["path": $0.path, "rule": $0.rule] }
        }
        if let requestID { object["request_id"] = requestID }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private var slug: String {
        title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { $0.append($1) }
    }

    static func invalidCase(_ issues: [CaseIssue]) -> Problem {
        Problem(status: .unprocessableContent, title: "Invalid case data",
                detail: "\(issues.count) problem\(issues.count == 1 ? "" : "s") with the case data", errors: issues)
    }

    /// The HTTP face of a library error.
    static func from(_ error: QujatError) -> Problem {
        switch error {
        case .invalidCase(let problems):
            return .invalidCase(problems.issues)
        case .unavailable(let why):
            if why.contains("timed out") {
                return Problem(status: .serviceUnavailable, title: "Timed out", detail: why, retryAfter: 1)
            }
            return Problem(status: .tooManyRequests, title: "Too many requests", detail: why, retryAfter: 1)
        case .template(let detail):
            return Problem(status: .internalServerError, title: "Template error", detail: detail.description)
        case .render(let detail):
            return Problem(status: .internalServerError, title: "Render error", detail: detail.description)
        case .missing(let detail):
            return Problem(status: .internalServerError, title: "Missing resource", detail: detail)
        }
    }
}

/// Turns every error a handler throws into a problem response, with the request id.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The caller's request id if it sent one (a gateway's), else Hummingbird's.
        var context = context
        if let given = request.headers[.requestID], !given.isEmpty, given.count <= 128 {
            context.logger[metadataKey: "hb.request.id"] = .string(given)
        }
        let id = context.logger[metadataKey: "hb.request.id"]?.description
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response(requestID: id)
        } catch let error as QujatError {
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
            response = Problem(status: .internalServerError, title: "Internal error", detail: "\(error)").response(requestID: id)
        }
        if let id { response.headers[.requestID] = id }
        return response
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
