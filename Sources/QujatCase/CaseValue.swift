import Foundation

/// A value of case data: what JSON can say.
public indirect enum CaseValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([CaseValue])
    case object([String: CaseValue])

    /// Parses UTF-8 JSON.
    public static func parse(json data: Data) throws(CaseError) -> CaseValue {
        let result: Result<CaseValue, JSONReader.Failure> = data.withUnsafeBytes { raw in
            Result { () throws(JSONReader.Failure) -> CaseValue in try JSONReader.parse(raw.bindMemory(to: UInt8.self)) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let failure): throw CaseError([CaseIssue(path: "$", rule: "is not valid JSON (\(failure.message))")])
        }
    }

    public subscript(key: String) -> CaseValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The value at a dotted path below this one (`licensee.bin`, `annex.subtypes.0.name`).
    public func at(_ path: [String]) -> CaseValue? {
        var current = self
        for key in path {
            switch current {
            case .object(let fields):
                guard let next = fields[key] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Every string below this value for which `predicate` holds, with its JSON path
    /// (`licensee.name`, `annex.subtypes[2].name`, as the validator writes them), keys in order.
    public func strings(where predicate: (String) -> Bool) -> [(path: String, text: String)] {
        var found: [(path: String, text: String)] = []
        var path = JSONPath()
        func walk(_ value: CaseValue) {
            switch value {
            case .string(let text): if predicate(text) { found.append((path.text, text)) }
            case .array(let items):
                for (index, item) in items.enumerated() {
                    path.append(.index(index))
                    walk(item)
                    path.removeLast()
                }
            case .object(let fields):
                for key in fields.keys.sorted() {
                    path.append(.key(key))
                    walk(fields[key]!)
                    path.removeLast()
                }
            default: break
            }
        }
        walk(self)
        return found
    }

    /// Null, false, an empty string or an empty array.
    public var isFalsy: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .string(let value): value.isEmpty
        case .array(let items): items.isEmpty
        default: false
        }
    }

    /// The kind of value, as error messages name it.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The text a template prints for the value.
    public var text: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "иә" : "жоқ"
        case .int(let value): String(value)
        case .double(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): value
        case .array(let items): items.map(\.text).joined(separator: ", ")
        case .object: ""
        }
    }
}
