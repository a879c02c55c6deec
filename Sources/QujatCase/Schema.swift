/// What a document's case data must hold: the contract of FORMS.md written as data
/// (`Templates/types.yaml` for shared objects, `Templates/<document>/schema.yaml` per document).
public struct Schema: Sendable {
    package indirect enum FieldType: Sendable {
        case string, date, datetime, iin, bin, integer, number, boolean
        /// An http(s) address short enough for a printed QR code (`Validator.maximumURLBytes`).
        case url
        case enumeration([String])
        case array(FieldType)
        case object(ObjectType)
        /// A named type from `types.yaml`.
        case named(String)
        /// The type, or null.
        case nullable(FieldType)
        /// A number within a range (`integer(0..999999999999)`), or a string whose length in
        /// characters is within it (`string(..2000)`).
        case bounded(FieldType, Bounds)
    }

    /// Inclusive limits; nil is open. Numbers bound the value, strings their length.
    package struct Bounds: Sendable, Hashable {
        package var minimum: Double?
        package var maximum: Double?

        package func contains(_ x: Double) -> Bool {
            (minimum.map { x >= $0 } ?? true) && (maximum.map { x <= $0 } ?? true)
        }

        /// "from 0 to 999 999 999 999", "at most 2 000", "at least 1".
        package var text: String {
            switch (minimum, maximum) {
            case let (low?, high?): "from \(Self.show(low)) to \(Self.show(high))"
            case let (low?, nil): "at least \(Self.show(low))"
            case let (nil, high?): "at most \(Self.show(high))"
            case (nil, nil): "any"
            }
        }

        package static func show(_ x: Double) -> String {
            if let whole = Int(exactly: x) { return String(whole) }
            return String(x)
        }
    }

    package struct Field: Sendable {
        package let name: String
        package let type: FieldType
        package let optional: Bool

        package init(name: String, type: FieldType, optional: Bool) {
            self.name = name
            self.type = type
            self.optional = optional
        }
    }

    package struct ObjectType: Sendable {
        package var fields: [Field] = []
        /// Fields that depend on the value of one key (`when kind = legal`).
        package var discriminator: String?
        package var variants: [(value: String, fields: [Field])] = []
        /// Every key the object reads (fields, variants' fields, the discriminator): set once
        /// when the schema is read, so validation does not rebuild it for every case.
        package var keys: Set<String> = []

        package init() {}

        package mutating func collectKeys() {
            keys = Set(fields.map(\.name) + variants.flatMap { $0.fields.map(\.name) } + [discriminator].compactMap { $0 })
        }
    }

    package let root: ObjectType
    package let types: [String: FieldType]

    package init(root: ObjectType, types: [String: FieldType]) {
        self.root = root
        self.types = types
    }

    /// The type of a named type, following references, without its bounds.
    package func resolve(_ type: FieldType) -> FieldType {
        var current = resolveName(type)
        while case .bounded(let inner, _) = current { current = resolveName(inner) }
        return current
    }

    /// The type of a named type, following references; bounds are kept.
    package func resolveName(_ type: FieldType) -> FieldType {
        var current = type
        var seen = 0
        while case .named(let name) = current, let next = types[name], seen < 32 {
            current = next
            seen += 1
        }
        return current
    }
}
