import Foundation
import Qujat
import QujatCase

/// What a person is shown about an error: its place, its message and, for a place in a file,
/// the line there with a caret under the column (`SourceExcerpt`, as `qujat check` prints it).
public struct ProblemReport: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// `file:line:column`, or a JSON path for an invalid case; nil when the error has no place.
        public var place: String?
        public var message: String
        /// The source line at the place with a caret under the column (QujatCase's `SourceExcerpt`).
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
