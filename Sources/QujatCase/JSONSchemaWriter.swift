/// Writes a document's schema as a JSON Schema (draft 2020-12): required keys, types, the
/// forms of IINs, BINs, dates and date-times as patterns, enums, array items, the ranges of
/// bounded numbers and the lengths of bounded text, null where the schema allows it, and the
/// `when KEY = VALUE` variants as a `oneOf` whose branches differ in that key's `const`.
///
/// What JSON Schema cannot say — check digits, real calendar dates, an IIN agreeing with a
/// birth date, characters the fonts lack, terms counted through the working-day calendar —
/// is named in `description`; `qujat validate` checks all of it. Output is deterministic:
/// keys in schema order, named types sorted.
package struct JSONSchemaWriter {
    package let schema: Schema
    /// Where named types live: `#/$defs/` in a schema file, `#/components/schemas/` in OpenAPI.
    package var referencePrefix = "#/$defs/"
    /// OpenAPI's `discriminator` on variant objects (an OpenAPI keyword, not JSON Schema's).
    package var openAPI = false

    package init(schema: Schema) {
        self.schema = schema
    }

    package static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// What every case of every document must satisfy beyond what the schema says.
    package static let limitsDescription = """
        Qujat also checks what JSON Schema cannot say: every IIN's and BIN's check digit (and an IIN's \
        birth date, which must agree with a birth_date beside it); that every date is a real calendar day \
        (2026-02-30 is not); that text holds only characters its fonts have; and, where a template counts \
        working days (a receipt without result_on), that the service's term is known and the holiday \
        calendar covers the years counted. Run qujat validate (or POST /v1/documents/validate) for the \
        whole verdict. Keys the schema does not name are allowed, with a warning (errors with --strict).
        """

    /// A complete schema file for one document's case, its named types under `$defs`.
    package func file(document: String, languages: [String]) -> OrderedJSON {
        var head: [OrderedJSON.Member] = [
            .init("$schema", .string(Self.dialect)),
            .init("title", .string("Qujat case: \(document)")),
            .init("description", .string(Self.limitsDescription)),
        ]
        head += caseSchema(document: document, languages: languages).members
        let definitions = definitions()
        if !definitions.isEmpty { head.append(.init("$defs", .object(definitions))) }
        return .object(head)
    }

    /// The case object: `document` fixed to this document, `language` one it has.
    package func caseSchema(document: String, languages: [String]) -> OrderedJSON {
        var root = schema.root
        root.fields.removeAll { $0.name == "document" || $0.name == "language" }
        var written = object(root, name: nil)
        var properties = written["properties"]?.members ?? []
        properties.insert(.init("document", ["const": .string(document), "description": "The document this case fills."]), at: 0)
        properties.insert(.init("language", [
            "type": "string", "enum": .array(languages.map(OrderedJSON.string)),
            "default": "kk", "description": "The template's language (kk when left out).",
        ]), at: 1)
        written["properties"] = .object(properties)
        var required: [OrderedJSON] = if case .array(let items)? = written["required"] { items } else { [] }
        required.insert(.string("document"), at: 0)
        written["required"] = .array(required)
        return written
    }

    /// Named types the document uses, directly or through each other, sorted by name; a type
    /// with variants also has one definition per variant (`licensee_legal`).
    package func definitions() -> [OrderedJSON.Member] {
        var names = Set<String>()
        var pending = [Schema.FieldType.object(schema.root)]
        while let type = pending.popLast() {
            for name in Self.references(in: type) where names.insert(name).inserted {
                if let next = schema.types[name] { pending.append(next) }
            }
        }
        var members: [OrderedJSON.Member] = []
        for name in names.sorted() {
            guard let type = schema.types[name] else { continue }
            if case .object(let object) = type, let key = object.discriminator, splitsVariants(of: name, object) {
                members.append(.init(name, self.object(object, name: name)))
                for variant in object.variants {
                    members.append(.init(Self.variantName(name, variant.value), branch(object, key: key, variant: variant)))
                }
            } else {
                members.append(.init(name, self.type(type)))
            }
        }
        return members.sorted { $0.key < $1.key }
    }

    // MARK: types

    private func reference(_ name: String) -> OrderedJSON {
        ["$ref": .string(referencePrefix + name)]
    }

    private static func variantName(_ type: String, _ value: String) -> String {
        "\(type)_\(value)"
    }

    /// Whether a named type's variants become definitions of their own (unless a name is taken).
    private func splitsVariants(of name: String, _ object: Schema.ObjectType) -> Bool {
        object.variants.allSatisfy { schema.types[Self.variantName(name, $0.value)] == nil }
    }

    private static func references(in type: Schema.FieldType) -> [String] {
        switch type {
        case .named(let name): [name]
        case .array(let item): references(in: item)
        case .nullable(let inner), .bounded(let inner, _): references(in: inner)
        case .object(let object):
            (object.fields + object.variants.flatMap(\.fields)).flatMap { references(in: $0.type) }
        default: []
        }
    }

    /// Text has a character that is not white space…
    package static let textPattern = #"\S"#
    /// …and no control character (U+0000–U+001F, U+007F–U+009F), anywhere: a `not` of this
    /// unanchored pattern, since `$` also matches before a final line break in some regex
    /// dialects (Python's). The fixed-width forms below have a `maxLength` for the same reason.
    package static let controlPattern = #"[\u0000-\u001f\u007f-\u009f]"#
    private static var noControl: OrderedJSON { ["pattern": .string(controlPattern)] }
    package static let datePattern = #"^(1[89]|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"#
    package static let dateTimePattern = #"^(1[89]|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]$"#
    package static let iinPattern = #"^[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[1-6][0-9]{5}$"#
    package static let binPattern = #"^[0-9]{12}$"#
    package static let urlPattern = #"^[Hh][Tt][Tt][Pp][Ss]?://[^ ]*$"#

    package func type(_ type: Schema.FieldType) -> OrderedJSON {
        switch type {
        case .string:
            return ["type": "string", "pattern": .string(Self.textPattern), "not": Self.noControl]
        case .date:
            return ["type": "string", "format": "date", "pattern": .string(Self.datePattern), "maxLength": 10,
                    "description": "YYYY-MM-DD, a real calendar day (Qujat checks the day exists; this pattern only its form)."]
        case .datetime:
            return ["type": "string", "pattern": .string(Self.dateTimePattern), "maxLength": 16,
                    "description": "YYYY-MM-DDTHH:MM, local time, printed as given (Qujat checks the day exists)."]
        case .iin:
            return ["type": "string", "pattern": .string(Self.iinPattern), "maxLength": 12,
                    "description": "IIN (ЖСН): 12 digits, the first six the birth date, the 7th 1–6. Qujat checks the check digit (weights 1–11 mod 11, then 3–11, 1, 2) and the date, which this pattern cannot."]
        case .bin:
            return ["type": "string", "pattern": .string(Self.binPattern), "maxLength": 12,
                    "description": "BIN (БСН): 12 digits. Qujat checks the check digit (weights 1–11 mod 11, then 3–11, 1, 2), which this pattern cannot."]
        case .url:
            return ["type": "string", "pattern": .string(Self.urlPattern), "not": Self.noControl, "maxLength": .int(Validator.maximumURLBytes),
                    "description": "An http(s) address without spaces, printed as a QR code: at most \(Validator.maximumURLBytes) bytes of UTF-8 (maxLength counts characters)."]
        case .integer:
            return ["type": "integer"]
        case .number:
            return ["type": "number"]
        case .boolean:
            return ["type": "boolean"]
        case .enumeration(let values):
            return ["type": "string", "enum": .array(values.map(OrderedJSON.string))]
        case .array(let item):
            return ["type": "array", "items": self.type(item)]
        case .object(let object):
            return self.object(object, name: nil)
        case .named(let name):
            return reference(name)
        case .nullable(let inner):
            return Self.nullable(self.type(inner))
        case .bounded(let inner, let bounds):
            var written = self.type(inner)
            if case .string = schema.resolve(inner) {
                if let minimum = bounds.minimum { written["minLength"] = .int(Int(minimum.rounded(.up))) }
                if let maximum = bounds.maximum { written["maxLength"] = .int(Int(maximum.rounded(.down))) }
            } else {
                if let minimum = bounds.minimum { written["minimum"] = .number(minimum) }
                if let maximum = bounds.maximum { written["maximum"] = .number(maximum) }
            }
            return written
        }
    }

    /// The type, or null: `"type": ["string", "null"]` for a plain type, else `anyOf`.
    private static func nullable(_ written: OrderedJSON) -> OrderedJSON {
        if case .string(let name)? = written["type"], written["enum"] == nil {
            var copy = written
            copy["type"] = .array([.string(name), "null"])
            return copy
        }
        return ["anyOf": .array([written, ["type": "null"]])]
    }

    private func field(_ field: Schema.Field) -> OrderedJSON {
        let written = type(field.type)
        // An optional key may be null, which counts as absent.
        if field.optional, !Self.allowsNull(field.type, in: schema) { return Self.nullable(written) }
        return written
    }

    private static func allowsNull(_ type: Schema.FieldType, in schema: Schema) -> Bool {
        if case .nullable = schema.resolveName(type) { return true }
        return false
    }

    /// An object; with variants, a `oneOf` of complete branches (named ones for a named type).
    private func object(_ object: Schema.ObjectType, name: String?) -> OrderedJSON {
        guard let key = object.discriminator, !object.variants.isEmpty else {
            return plainObject(object.fields)
        }
        var branches: [OrderedJSON] = []
        var mapping: [OrderedJSON.Member] = []
        for variant in object.variants {
            if let name, splitsVariants(of: name, object) {
                let branchName = Self.variantName(name, variant.value)
                branches.append(reference(branchName))
                mapping.append(.init(variant.value, .string(referencePrefix + branchName)))
            } else {
                branches.append(branch(object, key: key, variant: variant))
            }
        }
        // A value of the key that no variant names keeps only the common fields.
        let values = object.variants.map(\.value)
        if let base = object.fields.first(where: { $0.name == key }),
           !Self.onlyValues(values, allowedBy: schema.resolve(base.type)) {
            var other = plainObject(object.fields)
            var properties = other["properties"]?.members ?? []
            if let index = properties.firstIndex(where: { $0.key == key }) {
                properties[index].value = ["allOf": .array([properties[index].value, ["not": ["enum": .array(values.map(OrderedJSON.string))]]])]
            }
            other["properties"] = .object(properties)
            branches.append(other)
        }
        var written: OrderedJSON = ["type": "object", "oneOf": .array(branches)]
        if openAPI && !mapping.isEmpty && mapping.count == branches.count {
            written["discriminator"] = ["propertyName": .string(key), "mapping": .object(mapping)]
        }
        return written
    }

    /// Whether a type accepts only these strings (an enum of them, or fewer).
    private static func onlyValues(_ values: [String], allowedBy type: Schema.FieldType) -> Bool {
        if case .enumeration(let allowed) = type { return Set(allowed).isSubset(of: Set(values)) }
        return false
    }

    /// One variant: the common fields, the key fixed to the variant's value, its own fields.
    private func branch(_ object: Schema.ObjectType, key: String, variant: (value: String, fields: [Schema.Field])) -> OrderedJSON {
        var fields = object.fields.filter { $0.name != key }
        fields.insert(Schema.Field(name: key, type: .enumeration([variant.value]), optional: false), at: 0)
        let own = Set(variant.fields.map(\.name))
        fields.removeAll { own.contains($0.name) && $0.name != key }
        fields += variant.fields
        var written = plainObject(fields)
        var properties = written["properties"]?.members ?? []
        properties[0].value = ["const": .string(variant.value)]
        written["properties"] = .object(properties)
        return written
    }

    private func plainObject(_ fields: [Schema.Field]) -> OrderedJSON {
        var written: OrderedJSON = ["type": "object"]
        written["properties"] = .object(fields.map { .init($0.name, field($0)) })
        let required = fields.filter { !$0.optional }.map { OrderedJSON.string($0.name) }
        if !required.isEmpty { written["required"] = .array(required) }
        return written
    }
}
