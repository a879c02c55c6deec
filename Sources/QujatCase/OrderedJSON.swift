import Yams

/// A JSON value whose objects keep their keys in the order they were written, so a schema,
/// a sample case or an OpenAPI document reads the same (and is the same bytes) every time.
public indirect enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([OrderedJSON])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: OrderedJSON

        public init(_ key: String, _ value: OrderedJSON) {
            self.key = key
            self.value = value
        }
    }

    /// A number: whole numbers as integers (`999999999999`, not `1e+12`).
    public static func number(_ value: Double) -> OrderedJSON {
        if let whole = Int(exactly: value) { return .int(whole) }
        return .double(value)
    }

    /// The value of `key` in an object.
    public subscript(key: String) -> OrderedJSON? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.key == key }?.value
        }
        set {
            guard case .object(var members) = self else { return }
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key, newValue))
            }
            self = .object(members)
        }
    }

    /// The members of an object (empty for anything else).
    public var members: [Member] {
        if case .object(let members) = self { members } else { [] }
    }

    // MARK: JSON

    /// JSON text: indented by two spaces (or on one line), keys in their order, non-ASCII as
    /// UTF-8, slashes unescaped; ends without a newline.
    public func json(pretty: Bool = true) -> String {
        var out = ""
        writeJSON(to: &out, indent: pretty ? "" : nil)
        return out
    }

    private func writeJSON(to out: inout String, indent: String?) {
        let inner = indent.map { $0 + "  " }
        let newline = indent == nil ? "" : "\n"
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                out += inner ?? ""
                item.writeJSON(to: &out, indent: inner)
                out += (index < items.count - 1 ? "," : "") + newline
            }
            out += (indent ?? "") + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{" + newline
            for (index, member) in members.enumerated() {
                out += inner ?? ""
                Self.quote(member.key, into: &out)
                out += indent == nil ? ":" : ": "
                member.value.writeJSON(to: &out, indent: inner)
                out += (index < members.count - 1 ? "," : "") + newline
            }
            out += (indent ?? "") + "}"
        }
    }

    /// A JSON string literal, which is also a YAML double-quoted scalar: `"`, `\` and control
    /// characters escaped (and the line and paragraph separators, which YAML 1.1 reads as breaks).
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    // MARK: YAML

    /// YAML text in block style, keys in their order. A string is written plain only when
    /// no YAML reader (1.1 or 1.2) could take it for anything else; otherwise double-quoted.
    public func yaml() -> String {
        var out = ""
        switch self {
        case .object(let members) where !members.isEmpty: writeYAML(members: members, to: &out, indent: "")
        case .array(let items) where !items.isEmpty: writeYAML(items: items, to: &out, indent: "")
        default: out += scalarYAML + "\n"
        }
        return out
    }

    /// A scalar after `key:` or `-`, its continuation lines indented by `indent`: several
    /// lines of text as a literal block (`|`), as they read.
    private func scalarYAML(indent: String) -> String {
        if case .string(let text) = self, let block = Self.literalBlock(text, indent: indent) { return block }
        return scalarYAML
    }

    /// `|` (or `|-`) and the lines, when a literal block keeps the text exactly: no trailing
    /// or leading blanks, tabs or control characters, at most one line break at the end.
    private static func literalBlock(_ text: String, indent: String) -> String? {
        guard text.contains("\n"), !text.hasSuffix("\n\n"), text.first != " ", text.first != "\n" else { return nil }
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            if line.last == " " || line.first == " " && line.isEmpty == false && line.allSatisfy({ $0 == " " }) { return nil }
            if line.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 || $0.value == 0xFEFF }) {
                return nil
            }
        }
        if lines.first?.first == " " { return nil }
        let header = text.hasSuffix("\n") ? "|" : "|-"
        return header + lines.map { $0.isEmpty ? "\n" : "\n" + indent + $0 }.joined()
    }

    private var scalarYAML: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return value.isFinite ? String(value) : ".nan"
        case .string(let text): return Self.yamlString(text)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    private var isBlockCollection: Bool {
        switch self {
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        default: false
        }
    }

    private func writeYAML(members: [Member], to out: inout String, indent: String) {
        for member in members {
            out += indent + Self.yamlString(member.key) + ":"
            member.value.writeYAMLValue(to: &out, indent: indent + "  ")
        }
    }

    private func writeYAML(items: [OrderedJSON], to out: inout String, indent: String) {
        for item in items {
            out += indent + "-"
            switch item {
            case .object(let members) where !members.isEmpty:
                // The first key on the dash's line, the rest lined up under it.
                var first = ""
                item.writeYAML(members: [members[0]], to: &first, indent: indent + "  ")
                out += " " + first.dropFirst(indent.count + 2)
                item.writeYAML(members: Array(members.dropFirst()), to: &out, indent: indent + "  ")
            case .array(let inner) where !inner.isEmpty:
                out += "\n"
                item.writeYAML(items: inner, to: &out, indent: indent + "  ")
            default:
                out += " " + item.scalarYAML(indent: indent + "  ") + "\n"
            }
        }
    }

    /// After `key:`: a scalar on the same line, a collection on the next lines.
    private func writeYAMLValue(to out: inout String, indent: String) {
        guard isBlockCollection else {
            out += " " + scalarYAML(indent: indent) + "\n"
            return
        }
        out += "\n"
        switch self {
        case .object(let members): writeYAML(members: members, to: &out, indent: indent)
        case .array(let items): writeYAML(items: items, to: &out, indent: indent)
        default: break
        }
    }

    /// Words YAML 1.1 reads as booleans or null.
    private static let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]

    static func yamlString(_ text: String) -> String {
        var plain = !text.isEmpty && !reserved.contains(text.lowercased()) && text.last != " "
        for (index, scalar) in text.unicodeScalars.enumerated() where plain {
            switch scalar {
            case "a"..."z", "A"..."Z", "_", "$", "/": break
            case "0"..."9", ".", "+", "-", " ", ",", "(", ")", "'", "?", "!", ";", "=", "`", "*", "&", "%", "@", "<", ">", "~", "^":
                plain = index > 0
            case _ where scalar.value >= 0xA0:
                // Letters and marks of any script, «», №, – …: not YAML's business.
                plain = (index > 0 || scalar.properties.isAlphabetic) && scalar.value != 0x2028 && scalar.value != 0x2029 && scalar.value != 0xFEFF
            default: plain = false
            }
        }
        if plain { return text }
        var out = ""
        quote(text, into: &out)
        return out
    }
}

extension OrderedJSON {
    /// YAML text read as JSON: mappings keep their order; a plain scalar is null, a boolean
    /// or a number when it reads as one (`true`, `12`, `1.5`), text otherwise; a quoted
    /// scalar is always text.
    package static func yaml(_ text: String) throws -> OrderedJSON {
        guard let node = try YAMLSource.compose(text) else { return .null }
        return try value(of: node)
    }

    private static func value(of node: Node) throws -> OrderedJSON {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            switch scalar.string {
            case "null", "~", "": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if let whole = Int(scalar.string) { return .int(whole) }
            if scalar.string.first?.isNumber == true, let number = Double(scalar.string) { return .double(number) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(try sequence.map { try value(of: $0) })
        case .mapping(let mapping):
            return .object(try mapping.map { Member($0.key.string ?? "", try value(of: $0.value)) })
        case .alias:
            throw TemplateError(SourceLocation(file: "YAML", line: node.mark?.line ?? 1, column: node.mark?.column ?? 1),
                                "aliases are not supported here")
        }
    }
}

/// Literals for writing schemas by hand: `["type": "string"]`.
extension OrderedJSON: ExpressibleByStringInterpolation, ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }

    public init(arrayLiteral elements: OrderedJSON...) {
        self = .array(elements)
    }

    public init(integerLiteral value: Int) {
        self = .int(value)
    }

    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }

    public init(stringLiteral value: String) {
        self = .string(value)
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        self = .string(String(stringInterpolation: stringInterpolation))
    }

    public init(dictionaryLiteral elements: (String, OrderedJSON)...) {
        self = .object(elements.map { Member($0.0, $0.1) })
    }
}
