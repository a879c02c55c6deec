/// What a document's case data must hold: the contract of FORMS.md written as data
/// (`Templates/types.yaml` for shared objects, `Templates/<document>/schema.yaml` per document).
public struct Schema: Sendable {
    indirect enum FieldType: Sendable {
        case string, date, datetime, iin, bin, integer, number, boolean
        case enumeration([String])
        case array(FieldType)
        case object(ObjectType)
        /// A named type from `types.yaml`.
        case named(String)
        /// The type, or null.
        case nullable(FieldType)
    }

    struct Field: Sendable {
        let name: String
        let type: FieldType
        let optional: Bool
    }

    struct ObjectType: Sendable {
        var fields: [Field] = []
        /// Fields that depend on the value of one key (`when kind = legal`).
        var discriminator: String?
        var variants: [(value: String, fields: [Field])] = []
    }

    let root: ObjectType
    let types: [String: FieldType]

    /// The type of a named type, following references.
    func resolve(_ type: FieldType) -> FieldType {
        var current = type
        var seen = 0
        while case .named(let name) = current, let next = types[name], seen < 32 {
            current = next
            seen += 1
        }
        return current
    }
}
