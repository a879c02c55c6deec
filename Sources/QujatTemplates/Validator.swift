import Foundation
import KazakhText

/// Checks case data against a schema and collects every problem with its JSON path.
/// Keys the schema does not name are allowed (FORMS.md: the renderer may accept more).
struct Validator {
    let schema: Schema
    private(set) var issues: [CaseIssue] = []

    init(schema: Schema) {
        self.schema = schema
    }

    mutating func check(_ value: Value) {
        check(value, against: .object(schema.root), path: "")
    }

    private mutating func fail(_ path: String, _ rule: String) {
        issues.append(CaseIssue(path: path.isEmpty ? "$" : path, rule: rule))
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    private mutating func check(_ value: Value, against type: Schema.FieldType, path: String) {
        switch schema.resolve(type) {
        case .nullable(let inner):
            if value != .null { check(value, against: inner, path: path) }
        case .string:
            guard case .string(let text) = value else { return mismatch(value, "a string", path) }
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fail(path, "must not be empty") }
        case .date:
            guard case .string(let text) = value else { return mismatch(value, "a date YYYY-MM-DD", path) }
            if CivilDate(iso: text) == nil { fail(path, "'\(text)' is not a real date in the form YYYY-MM-DD") }
        case .datetime:
            guard case .string(let text) = value else { return mismatch(value, "a date-time YYYY-MM-DDTHH:MM", path) }
            if CivilDateTime(iso: text) == nil { fail(path, "'\(text)' is not a real date-time in the form YYYY-MM-DDTHH:MM") }
        case .iin:
            guard case .string(let text) = value else { return mismatch(value, "an IIN (12 digits as a string)", path) }
            if case .failure(let problem) = NationalID.iin(text) { fail(path, "IIN \(problem.reason)") }
        case .bin:
            guard case .string(let text) = value else { return mismatch(value, "a BIN (12 digits as a string)", path) }
            if let problem = NationalID.binProblem(text) { fail(path, "BIN \(problem.reason)") }
        case .integer:
            guard case .int = value else { return mismatch(value, "a whole number", path) }
        case .number:
            switch value {
            case .int, .double: break
            default: mismatch(value, "a number", path)
            }
        case .boolean:
            guard case .bool = value else { return mismatch(value, "true or false", path) }
        case .enumeration(let allowed):
            guard case .string(let text) = value, allowed.contains(text) else {
                return fail(path, "must be one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
                                  + (value == .null ? "" : ", not \(Self.show(value))"))
            }
        case .array(let item):
            guard case .array(let items) = value else { return mismatch(value, "an array", path) }
            for (index, element) in items.enumerated() {
                check(element, against: item, path: "\(path)[\(index)]")
            }
        case .object(let object):
            guard case .object(let fields) = value else { return mismatch(value, "an object", path) }
            check(fields, against: object, path: path)
        case .named:
            fail(path, "has a type the schema does not define")
        }
    }

    private mutating func check(_ fields: [String: Value], against object: Schema.ObjectType, path: String) {
        var expected = object.fields
        if let key = object.discriminator, case .string(let chosen)? = fields[key],
           let variant = object.variants.first(where: { $0.value == chosen }) {
            expected += variant.fields
        } else if let key = object.discriminator, !object.fields.contains(where: { $0.name == key }) {
            let allowed = object.variants.map(\.value)
            expected.append(Schema.Field(name: key, type: .enumeration(allowed), optional: false))
        }
        for field in expected {
            let fieldPath = Self.join(path, field.name)
            guard let value = fields[field.name] else {
                if !field.optional { fail(fieldPath, "is required") }
                continue
            }
            // An optional key given as null counts as absent.
            if field.optional && value == .null { continue }
            check(value, against: field.type, path: fieldPath)
        }
        crossCheckBirthDate(fields, path: path)
    }

    /// An IIN carries its owner's birth date: when both are given they must agree.
    private mutating func crossCheckBirthDate(_ fields: [String: Value], path: String) {
        guard case .string(let iin)? = fields["iin"], case .string(let birth)? = fields["birth_date"],
              case .success(let info) = NationalID.iin(iin), let date = CivilDate(iso: birth),
              info.birthDate != date else { return }
        fail(Self.join(path, "iin"),
             "the IIN's birth date \(info.birthDate.iso) does not agree with \(Self.join(path, "birth_date")) \(date.iso)")
    }

    private mutating func mismatch(_ value: Value, _ expected: String, _ path: String) {
        fail(path, "must be \(expected), not \(Self.show(value))")
    }

    private static func show(_ value: Value) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .int(let number): String(number)
        default: value.typeName
        }
    }
}
