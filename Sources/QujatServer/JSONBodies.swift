import Foundation
import HTTPTypes
import Hummingbird
import QujatTemplates

/// The JSON bodies the server writes, as `Encodable` values. Keys are sorted and slashes are
/// not escaped, so a body is the same bytes every time; an optional that is nil leaves its key
/// out (the synthesized `encode` uses `encodeIfPresent`). `Tests/openapi/conformance.py`
/// checks them against `/openapi.yaml`.
enum JSONBody {
    static func bytes(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Nothing the server encodes can fail (no non-finite numbers, string keys only).
        return (try? [UInt8](encoder.encode(value))) ?? Array("{}".utf8)
    }
}

/// A JSON response.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json"],
             body: .init(byteBuffer: ByteBuffer(bytes: JSONBody.bytes(value))))
}

/// `GET /health`, and `GET /ready` while the server takes work.
struct HealthBody: Encodable {
    var status: String
    var workers: Int?
}

/// `GET /v1/templates`: what `qujat templates --json` prints, with the versions of the
/// templates and fonts the server has loaded.
struct TemplateListBody: Encodable {
    var documents: [DocumentSummary]
    /// The loaded templates' version (`RenderSet.templatesVersion`: 16 hex digits of SHA-256
    /// over their files), and the fonts'; both change when a reload loads other files.
    var version: String
    var fontsVersion: String

    enum CodingKeys: String, CodingKey {
        case documents, version
        case fontsVersion = "fonts_version"
    }
}

/// An RFC 9457 problem (`application/problem+json`).
struct ProblemBody: Encodable {
    struct Issue: Encodable {
        var path: String
        var rule: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    /// Only for invalid cases and limits (nil, not empty, otherwise).
    var errors: [Issue]?
    var requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors
        case requestID = "request_id"
    }
}

/// `GET /v1/batches/{id}`, and the 202 of `POST /v1/batches`.
struct BatchStatusBody: Encodable {
    var id: String
    var state: String
    var total: Int
    var done: Int
    var failed: Int
    var result: String
    var error: String?
    /// The batch's `summary.json`, as the batch runner wrote it.
    var summary: JSONValue?
    var finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, state, total, done, failed, result, error, summary
        case finishedAt = "finished_at"
    }
}

/// Any JSON value: what the server passes through without owning its shape (a batch's
/// summary is the batch runner's). Integers stay integers (`3`, not `3.0`).
enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON document in `bytes`, or nil if it is not JSON.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var int: Int? {
        if case .int(let value) = self { Int(exactly: value) } else { nil }
    }

    var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }
}
