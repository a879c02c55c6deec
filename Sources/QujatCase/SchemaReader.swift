import Foundation
import Yams

/// Reads schema files. The language, in one breath: a mapping is an object whose keys are
/// required (`key:`) or optional (`key?:`); a value is a type name (`string`, `date`,
/// `datetime`, `iin`, `bin`, `integer`, `number`, `boolean`, `url`, or a name from `types.yaml`),
/// `integer(MIN..MAX)`, `number(MIN..MAX)` or `string(MIN..MAX)` (length) with limits (either may be left out),
/// `enum(a, b)`, a type followed by `?` to allow null, a one-item sequence for an array of
/// that item, or a nested mapping; `when KEY = VALUE:` adds fields for one value of `KEY`.
package struct SchemaReader {
    package static let builtins: [String: Schema.FieldType] = [
        "string": .string, "date": .date, "datetime": .datetime, "iin": .iin, "bin": .bin,
        "integer": .integer, "number": .number, "boolean": .boolean, "url": .url,
    ]

    package let source: YAMLSource
    package var issues: [TemplateIssue] = []
    /// Names of the types a reference may use.
    package let known: Set<String>

    package init(source: YAMLSource, known: Set<String>) {
        self.source = source
        self.known = known
    }

    /// A file whose top-level keys name types.
    package mutating func readTypes() -> [String: Schema.FieldType] {
        var types: [String: Schema.FieldType] = [:]
        for pair in source.root?.pairs ?? [] {
            types[pair.key] = type(of: pair.value)
        }
        return types
    }

    /// A file whose top level is the case object.
    package mutating func readObject() -> Schema.ObjectType {
        guard let root = source.root, root.isMapping else {
            issues.append(TemplateIssue(SourceLocation(file: source.file, line: 1, column: 1), "a schema is a mapping of keys to types"))
            return Schema.ObjectType()
        }
        return object(root)
    }

    private mutating func type(of node: Node) -> Schema.FieldType {
        switch node {
        case .scalar(let scalar):
            return type(named: scalar.string.trimmingWhitespace(), at: node)
        case .sequence:
            guard node.items.count == 1 else {
                issues.append(TemplateIssue(source.location(node), "an array type is a sequence of exactly one item type"))
                return .string
            }
            return .array(type(of: node.items[0]))
        case .mapping:
            return .object(object(node))
        case .alias:
            issues.append(TemplateIssue(source.location(node), "aliases are not allowed in a schema"))
            return .string
        }
    }

    private mutating func type(named text: String, at node: Node) -> Schema.FieldType {
        if text.hasSuffix("?") {
            return .nullable(type(named: String(text.dropLast()).trimmingWhitespace(), at: node))
        }
        if text.hasPrefix("enum("), text.hasSuffix(")") {
            let inner = text.dropFirst(5).dropLast()
            return .enumeration(inner.split(separator: ",").map { $0.trimmingWhitespace() })
        }
        if let open = text.firstIndex(of: "("), text.hasSuffix(")"), !text.hasPrefix("enum(") {
            let base = String(text[..<open]).trimmingWhitespace()
            let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            guard ["integer", "number", "string"].contains(base) else {
                issues.append(TemplateIssue(source.location(node), "only integer, number and string take limits, as in integer(0..100) or string(..2000)"))
                return .string
            }
            guard let bounds = Self.bounds(inner), base != "string" || (bounds.minimum ?? 0) >= 0 else {
                issues.append(TemplateIssue(source.location(node), "write limits as MIN..MAX, ..MAX or MIN.. (numbers), not '\(inner)'"))
                return Self.builtins[base]!
            }
            return .bounded(Self.builtins[base]!, bounds)
        }
        if let builtin = Self.builtins[text] { return builtin }
        if known.contains(text) { return .named(text) }
        let hint = Suggestion.nearest(text, in: Array(Self.builtins.keys) + Array(known)).map { "did you mean '\($0)'?; " } ?? ""
        issues.append(TemplateIssue(source.location(node),
            "unknown type '\(text)' (\(hint)use \(Self.builtins.keys.sorted().joined(separator: ", ")), enum(…) or a type from types.yaml)"))
        return .string
    }

    /// "0..100", "..2000", "1.." → bounds; nil when malformed or empty (min > max).
    package static func bounds(_ text: String) -> Schema.Bounds? {
        // Scalars, not Foundation's NSString search: its first use cost a cold render 0.5 M
        // instructions (SchemaBoundsTests holds the two to the same answers).
        let parts = text.split(separator: "..", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        func number(_ part: Substring) -> Double?? {
            let trimmed = String(String.UnicodeScalarView(part.trimmingWhitespace().unicodeScalars.filter { $0 != "_" }))
            if trimmed.isEmpty { return .some(nil) }
            guard let value = Double(trimmed), value.isFinite else { return nil }
            return .some(value)
        }
        guard let low = number(parts[0]), let high = number(parts[1]), low != nil || high != nil else { return nil }
        if let low, let high, low > high { return nil }
        return Schema.Bounds(minimum: low, maximum: high)
    }

    private mutating func object(_ node: Node) -> Schema.ObjectType {
        var object = Schema.ObjectType()
        for pair in node.pairs {
            if pair.key.hasPrefix("when ") {
                let condition = pair.key.dropFirst(5).split(separator: "=", maxSplits: 1)
                    .map { $0.trimmingWhitespace() }
                guard condition.count == 2, pair.value.isMapping else {
                    issues.append(TemplateIssue(source.location(pair.keyNode), "write a variant as `when KEY = VALUE:` followed by its fields"))
                    continue
                }
                if let discriminator = object.discriminator, discriminator != condition[0] {
                    issues.append(TemplateIssue(source.location(pair.keyNode), "all variants of an object must depend on the same key ('\(discriminator)')"))
                }
                object.discriminator = condition[0]
                object.variants.append((condition[1], fields(pair.value)))
            } else {
                object.fields += fields(of: pair)
            }
        }
        object.collectKeys()
        return object
    }

    private mutating func fields(_ node: Node) -> [Schema.Field] {
        node.pairs.flatMap { fields(of: $0) }
    }

    private mutating func fields(of pair: (key: String, keyNode: Node, value: Node)) -> [Schema.Field] {
        let optional = pair.key.hasSuffix("?")
        let name = optional ? String(pair.key.dropLast()) : pair.key
        return [Schema.Field(name: name, type: type(of: pair.value), optional: optional)]
    }
}
