import QujatCase
/// A value a template asks for: a path into the case (or a literal), passed through filters.
/// `{{ license.issued_on | date_attr }}`, `{{ s.items | join(", ") }}`.
struct Expression: Sendable {
    enum Source: Sendable {
        case path([String])
        case literal(CaseValue)
    }

    let source: Source
    let filters: [FilterCall]
    let location: SourceLocation
}

/// `name(argument, …)` after a `|`.
struct FilterCall: Sendable {
    let name: String
    let arguments: [Expression]
    let location: SourceLocation
}

/// When a block is shown: `duplicate`, `not reissue`, `licensee.kind == 'legal'`,
/// combined with `and` / `or`.
indirect enum Condition: Sendable {
    case truthy(Expression)
    case equals(Expression, Expression, negated: Bool)
    case not(Condition)
    case all([Condition])
    case any([Condition])
}
