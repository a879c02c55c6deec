/// A place in a template file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem in a template or schema file.
public struct TemplateIssue: Sendable, Hashable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// A template or schema that cannot be used: every problem found, each at file:line:column.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public let issues: [TemplateIssue]
    /// Set when a filter found the case's value at fault: the value's JSON path and the rule.
    public var caseIssue: CaseIssue?

    public init(_ issues: [TemplateIssue]) {
        self.issues = issues
    }

    public init(_ location: SourceLocation, _ message: String) {
        self.issues = [TemplateIssue(location, message)]
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
