/// One problem with case data: where (a JSON path) and which rule it breaks.
public struct CaseIssue: Sendable, Hashable, CustomStringConvertible {
    /// `licensee.bin`, `annex.subtypes[2].name`; `$` for the whole case.
    public let path: String
    /// What is wrong, in a short lowercase sentence: `check digit does not match`.
    public let rule: String

    public init(path: String, rule: String) {
        self.path = path
        self.rule = rule
    }

    public var description: String { "\(path): \(rule)" }
}

/// Case data that breaks the contract (FORMS.md): every problem found, not just the first.
public struct CaseError: Error, Sendable, CustomStringConvertible {
    public let issues: [CaseIssue]

    public init(_ issues: [CaseIssue]) {
        self.issues = issues
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
