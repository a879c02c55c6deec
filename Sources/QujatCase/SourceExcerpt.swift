import Foundation

/// A problem in a template or schema shown as compilers show it: the place and the message,
/// then the line of the file with a caret under the column.
///
/// ```
/// Templates/license/kk.yaml:70:109: error: unknown filter 'prefx' (did you mean 'prefix'?)
///    |
/// 70 |         value: "{{ provider.address }}{{ provider.phone | prefx(', тел. ') }}"
///    |                                                            ^
/// ```
extension TemplateIssue {
    /// The issue with its source line, from `source` (the file's text); just the first line
    /// when there is no such line (the file is gone, or the place is a folder).
    public func annotated(source: String?) -> String {
        guard let excerpt = SourceExcerpt.lines(at: location, in: source) else { return description }
        return description + "\n" + excerpt
    }
}

extension TemplateError {
    /// Every issue with its source line and caret, a blank line between them; each file read once.
    public var annotated: String {
        var files: [String: String?] = [:]
        return issues.map { issue in
            let file = issue.location.file
            if files[file] == nil { files[file] = .some(try? String(contentsOfFile: file, encoding: .utf8)) }
            return issue.annotated(source: files[file]!)
        }.joined(separator: "\n\n")
    }
}

/// The line at a place of a file, numbered, with a caret under the column — what
/// `TemplateIssue.annotated` puts under the message, and what `qujat preview` shows:
///
/// ```
///    |
/// 70 |         value: "{{ provider.address }}{{ provider.phone | prefx(', тел. ') }}"
///    |                                                            ^
/// ```
public enum SourceExcerpt {
    /// The three lines (an empty gutter, the numbered line, the caret) for `location` in
    /// `source` (the file's text); nil when there is no text or no such line.
    public static func lines(at location: SourceLocation, in source: String?) -> String? {
        guard let source, let line = Lines(source)[location.line] else { return nil }
        let (shown, caret) = window(line, column: location.column)
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        return """
            \(gutter) |
            \(number) | \(shown)
            \(gutter) | \(String(repeating: " ", count: caret))^
            """
    }

    /// The same, reading `location`'s file (nil when it cannot be read: gone, or a folder).
    public static func lines(at location: SourceLocation) -> String? {
        lines(at: location, in: try? String(contentsOfFile: location.file, encoding: .utf8))
    }

    /// The widest line shown whole; a longer one is cut around the column.
    static let width = 120

    /// The line as shown (a tab as →, so the caret lines up and the tab is seen; a long line
    /// cut to a window around the column, with … where it was cut) and the caret's offset.
    /// Columns count Unicode scalars, as libyaml and the template parser do.
    static func window(_ line: String, column: Int) -> (shown: String, caret: Int) {
        var scalars = Array(line.unicodeScalars).map { $0 == "\t" ? "→" : $0 }
        var caret = min(max(column - 1, 0), scalars.count)
        if scalars.count > width {
            let start = max(0, min(caret - width / 2, scalars.count - width))
            let end = min(scalars.count, start + width)
            var cut = Array(scalars[start..<end])
            if start > 0 { cut.insert("…", at: 0); caret += 1 }
            if end < scalars.count { cut.append("…") }
            caret -= start
            scalars = cut
        }
        return (String(String.UnicodeScalarView(scalars)), caret)
    }
}
