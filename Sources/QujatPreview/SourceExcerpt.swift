import Foundation
import Qujat
import QujatCase

/// What a person is shown about an error: its place, its message and, for a place in a file,
/// the lines there with a caret under the column.
public struct ProblemReport: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// `file:line:column`, or a JSON path for an invalid case; nil when the error has no place.
        public var place: String?
        public var message: String
        /// The source lines around the place, the last one a caret (see `SourceExcerpt`).
        public var excerpt: String?
    }

    /// One line saying what went wrong ("The templates have 2 problems").
    public var title: String
    public var items: [Item]

    public init(title: String, items: [Item]) {
        self.title = title
        self.items = items
    }

    /// The report for an error of rendering `caseName`.
    public init(_ error: QujatError, caseName: String) {
        switch error {
        case .template(let problem):
            let count = problem.issues.count
            title = count == 1 ? "A template has a problem" : "The templates have \(count) problems"
            items = problem.issues.map {
                Item(place: $0.location.description, message: $0.message, excerpt: SourceExcerpt.lines(at: $0.location))
            }
        case .invalidCase(let problem):
            title = "The case \(caseName) does not fit its document's schema"
            items = problem.issues.map { Item(place: $0.path, message: $0.rule) }
        default:
            title = "The case \(caseName) could not be rendered (\(error.code))"
            items = [Item(place: nil, message: error.description)]
        }
    }

    /// As text for a terminal: each place and message, with its excerpt indented.
    public var text: String {
        var lines = [title + ":"]
        for item in items {
            lines.append(item.place.map { "\($0): \(item.message)" } ?? item.message)
            if let excerpt = item.excerpt { lines += excerpt.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 } }
        }
        return lines.joined(separator: "\n")
    }
}

/// The lines of a file around a place, numbered, with a caret under the column:
///
/// ```
///   48 |         - - "**{{ license.issued_on | date_loc }}** берілді"
///   49 |           - text: "№ **{{ license.numbr }}**"
///      |                          ^
/// ```
public enum SourceExcerpt {
    /// Nil when the file cannot be read or has no such line. Columns count characters, as
    /// the YAML reader's do; a tab before the column is kept so the caret stays under it.
    public static func lines(at location: SourceLocation, before: Int = 1) -> String? {
        guard location.line >= 1, let data = FileManager.default.contents(atPath: location.file) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return nil }
        let first = max(1, location.line - before)
        let width = String(location.line).count
        func number(_ value: Int?) -> String {
            let digits = value.map(String.init) ?? ""
            return String(repeating: " ", count: width - digits.count) + digits
        }
        var out: [String] = []
        for index in first...location.line {
            let line = lines[index - 1].replacingOccurrences(of: "\r", with: "")
            out.append("\(number(index)) | \(line)")
        }
        let target = lines[location.line - 1].unicodeScalars
        let column = min(max(1, location.column), target.count + 1)
        let lead = target.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        out.append("\(number(nil)) | \(lead)^")
        return out.joined(separator: "\n")
    }
}
