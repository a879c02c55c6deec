import Foundation
import KazakhText

/// Checks case data against a schema and collects every problem with its JSON path.
/// Keys the schema does not name are allowed (FORMS.md: the renderer may accept more).
package struct Validator {
    package let schema: Schema
    package private(set) var issues: [CaseIssue] = []
    /// Keys the schema does not name (allowed, but a misspelt optional key would silently
    /// print nothing): each with "did you mean …?" when a known key is close.
    package private(set) var warnings: [CaseIssue] = []
    /// Where the check is. Its text is built only for a problem, not for every value checked.
    private var trail = JSONPath()

    /// Whether the renderer's fonts can draw a character; nil skips the check.
    package let canDraw: (@Sendable (Unicode.Scalar) -> Bool)?

    package init(schema: Schema, canDraw: (@Sendable (Unicode.Scalar) -> Bool)? = nil) {
        self.schema = schema
        self.canDraw = canDraw
    }

    package mutating func check(_ value: CaseValue) {
        check(value, against: .object(schema.root))
    }

    private mutating func fail(_ rule: String) {
        issues.append(CaseIssue(path: trail.text, rule: rule))
    }

    private mutating func fail(key: String, _ rule: String) {
        trail.append(.key(key))
        fail(rule)
        trail.removeLast()
    }

    /// True for text that is empty or only white space (what `whitespacesAndNewlines` trims).
    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// The longest verification address: a QR code of it stays at version 13 (69 modules,
    /// level M), which a phone reads at the 25 mm the templates print it.
    package static let maximumURLBytes = 256

    /// A control character (U+0000–U+001F, U+007F–U+009F) in text: nothing on a page can show
    /// it, a NUL would cut the value short in C, and a line break inside one field is not
    /// plain text. The first one and its offset, or nil.
    package static func controlCharacter(in text: String) -> (scalar: Unicode.Scalar, offset: Int)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return (scalar, offset)
        }
        return nil
    }

    private mutating func checkText(_ text: String) -> Bool {
        if let (scalar, offset) = Self.controlCharacter(in: text) {
            fail("has the control character U+\(String(format: "%04X", scalar.value)) at character \(offset + 1); text must be printable (no line breaks, tabs or NUL)")
            return false
        }
        guard let canDraw else { return true }
        var missing: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars where scalar.value >= 0x7F && !canDraw(scalar) && !missing.contains(scalar) {
            missing.append(scalar)
        }
        guard missing.isEmpty else {
            // The words Renderer uses when layout finds the same character.
            let names = missing.sorted { $0.value < $1.value }.map { "'\($0)' U+\(String($0.value, radix: 16, uppercase: true))" }.joined(separator: ", ")
            fail("has \(names), which no font in the fonts folder has")
            return false
        }
        return true
    }

    private mutating func check(_ value: CaseValue, against type: Schema.FieldType) {
        switch schema.resolveName(type) {
        case .bounded(let inner, let bounds):
            let before = issues.count
            check(value, against: inner)
            guard issues.count == before else { return }
            let measured: Double
            switch value {
            case .int(let n): measured = Double(n)
            case .double(let d): measured = d
            case .string(let text): measured = Double(text.count)
            default: return
            }
            guard !bounds.contains(measured) else { return }
            if case .string = value {
                fail("must be \(bounds.text) characters long, not \(Int(measured))")
            } else {
                fail("must be \(bounds.text), not \(Self.show(value))")
            }
        case .nullable(let inner):
            if value != .null { check(value, against: inner) }
        case .string:
            guard case .string(let text) = value else { return mismatch(value, "a string") }
            if Self.isBlank(text) { fail("must not be empty") } else { _ = checkText(text) }
        case .url:
            guard case .string(let text) = value else { return mismatch(value, "an http(s) address") }
            guard checkText(text) else { return }
            let lower = text.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || text.contains(" ") {
                fail("must be an http:// or https:// address without spaces")
            } else if text.utf8.count > Self.maximumURLBytes {
                fail("is \(text.utf8.count) bytes; a printed QR code holds at most \(Self.maximumURLBytes)")
            }
        case .date:
            guard case .string(let text) = value else { return mismatch(value, "a date YYYY-MM-DD") }
            if CivilDate(iso: text) == nil { fail("'\(text)' is not a real date in the form YYYY-MM-DD") }
        case .datetime:
            guard case .string(let text) = value else { return mismatch(value, "a date-time YYYY-MM-DDTHH:MM") }
            if CivilDateTime(iso: text) == nil { fail("'\(text)' is not a real date-time in the form YYYY-MM-DDTHH:MM") }
        case .iin:
            guard case .string(let text) = value else { return mismatch(value, "an IIN (12 digits as a string)") }
            if case .failure(let problem) = NationalID.iin(text) { fail("IIN \(problem.reason)") }
        case .bin:
            guard case .string(let text) = value else { return mismatch(value, "a BIN (12 digits as a string)") }
            if let problem = NationalID.binProblem(text) { fail("BIN \(problem.reason)") }
        case .integer:
            guard case .int = value else { return mismatch(value, "a whole number") }
        case .number:
            switch value {
            case .int, .double: break
            default: mismatch(value, "a number")
            }
        case .boolean:
            guard case .bool = value else { return mismatch(value, "true or false") }
        case .enumeration(let allowed):
            guard case .string(let text) = value, allowed.contains(text) else {
                return fail("must be one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))"
                                  + (value == .null ? "" : ", not \(Self.show(value))"))
            }
        case .array(let item):
            guard case .array(let items) = value else { return mismatch(value, "an array") }
            for (index, element) in items.enumerated() {
                trail.append(.index(index))
                check(element, against: item)
                trail.removeLast()
            }
        case .object(let object):
            guard case .object(let fields) = value else { return mismatch(value, "an object") }
            check(fields, against: object)
        case .named:
            fail("has a type the schema does not define")
        }
    }

    private mutating func check(_ fields: [String: CaseValue], against object: Schema.ObjectType) {
        var expected = object.fields
        if let key = object.discriminator, case .string(let chosen)? = fields[key],
           let variant = object.variants.first(where: { $0.value == chosen }) {
            expected += variant.fields
        } else if let key = object.discriminator, !object.fields.contains(where: { $0.name == key }) {
            let allowed = object.variants.map(\.value)
            expected.append(Schema.Field(name: key, type: .enumeration(allowed), optional: false))
        }
        for key in fields.keys.sorted() where !object.keys.contains(key) {
            trail.append(.key(key))
            warnings.append(CaseIssue(path: trail.text, rule: "is not a key this document reads" + Suggestion.didYouMean(key, in: object.keys)))
            trail.removeLast()
        }
        for field in expected {
            guard let value = fields[field.name] else {
                if !field.optional { fail(key: field.name, "is required") }
                continue
            }
            // An optional key given as null counts as absent.
            if field.optional && value == .null { continue }
            trail.append(.key(field.name))
            check(value, against: field.type)
            trail.removeLast()
        }
        crossCheckBirthDate(fields)
    }

    /// An IIN carries its owner's birth date: when both are given they must agree.
    private mutating func crossCheckBirthDate(_ fields: [String: CaseValue]) {
        guard case .string(let iin)? = fields["iin"], case .string(let birth)? = fields["birth_date"],
              case .success(let info) = NationalID.iin(iin), let date = CivilDate(iso: birth),
              info.birthDate != date else { return }
        fail(key: "iin", "the IIN's birth date \(info.birthDate.iso) does not agree with \(trail.appending(.key("birth_date")).text) \(date.iso)")
    }

    private mutating func mismatch(_ value: CaseValue, _ expected: String) {
        fail("must be \(expected), not \(Self.show(value))")
    }

    private static func show(_ value: CaseValue) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .int(let number): String(number)
        case .double(let number): String(number)
        default: value.typeName
        }
    }
}
