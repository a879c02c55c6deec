import KazakhText

/// A valid case made from a schema: every key, optional ones too, so a template author sees
/// all a document reads. Text is the value's own JSON path (`license.number`), so a rendered
/// sample shows where each value lands; dates are 2026-11-23, numbers the smallest their
/// range allows (at least 1), enums their first value, variants the first one, lists one item.
package struct CaseSample {
    package let schema: Schema

    package init(schema: Schema) {
        self.schema = schema
    }

    package static let date = "2026-11-23"
    package static let dateTime = "2026-11-23T10:00"
    /// A person born on 1990-01-01 (7th digit 3: a man of the 1900s), valid check digit.
    package static let birthDate = "1990-01-01"
    package static var iin: String { withCheckDigit("90010130000") }
    package static var bin: String { withCheckDigit("01064000123") }
    package static let url = "https://example.com/verify/0001"

    /// Eleven digits and their check digit (the next eleven digits when these have none).
    static func withCheckDigit(_ first11: String) -> String {
        var digits = first11
        while NationalID.checkDigit(digits) == nil {
            digits = String(repeating: "0", count: 11 - String(Int(digits)! + 1).count) + String(Int(digits)! + 1)
        }
        return digits + String(NationalID.checkDigit(digits)!)
    }

    /// The case for `document` in `language`.
    package func make(document: String, language: String) -> OrderedJSON {
        var members: [OrderedJSON.Member] = [.init("document", .string(document)), .init("language", .string(language))]
        // `signature` (the signing time) is Qujat's own optional key, not the document's.
        let fields = schema.root.fields.filter { !["document", "language", "signature"].contains($0.name) }
        members += object(fields, variants: nil, path: JSONPath()).members
        return .object(members)
    }

    private func object(_ fields: [Schema.Field], variants: Schema.ObjectType?, path: JSONPath) -> OrderedJSON {
        var all = fields
        if let variants, let key = variants.discriminator, let first = variants.variants.first {
            if !all.contains(where: { $0.name == key }) {
                all.insert(Schema.Field(name: key, type: .enumeration([first.value]), optional: false), at: 0)
            }
            let own = Set(first.fields.map(\.name))
            all.removeAll { own.contains($0.name) }
            all += first.fields
        }
        var members: [OrderedJSON.Member] = []
        for field in all {
            var value = self.value(field.type, path: path.appending(.key(field.name)), key: field.name)
            if field.name == variants?.discriminator, let first = variants?.variants.first { value = .string(first.value) }
            members.append(.init(field.name, value))
        }
        return .object(members)
    }

    private func value(_ type: Schema.FieldType, path: JSONPath, key: String) -> OrderedJSON {
        switch schema.resolveName(type) {
        case .string: return .string(path.text)
        case .date: return .string(key == "birth_date" ? Self.birthDate : Self.date)
        case .datetime: return .string(Self.dateTime)
        case .iin: return .string(Self.iin)
        case .bin: return .string(Self.bin)
        case .url: return .string(Self.url)
        case .integer, .number: return .int(1)
        case .boolean: return .bool(true)
        case .enumeration(let values): return .string(values.first ?? "")
        case .array(let item): return .array([value(item, path: path.appending(.index(0)), key: key)])
        case .object(let object): return self.object(object.fields, variants: object, path: path)
        case .nullable(let inner): return value(inner, path: path, key: key)
        case .named: return .null
        case .bounded(let inner, let bounds):
            if case .string = schema.resolve(inner) {
                var text = path.text
                let minimum = Int(bounds.minimum ?? 0), maximum = bounds.maximum.map { Int($0) } ?? Int.max
                if text.count > maximum { text = String(text.suffix(max(maximum, 1))) }
                if text.count < minimum { text += String(repeating: "x", count: minimum - text.count) }
                return .string(text)
            }
            var number = max(bounds.minimum ?? 1, 1)
            if let maximum = bounds.maximum, number > maximum { number = maximum }
            if case .integer = schema.resolve(inner) { number = number.rounded(.up) }
            return .number(number)
        }
    }
}
