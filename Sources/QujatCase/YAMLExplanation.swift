import Yams

/// libyaml's error messages in a clerk's words: what was probably written, and the fix.
/// The original words follow in parentheses, so they can still be searched for.
enum YAMLExplanation {
    /// The issue for a Yams error in `text`.
    static func issue(_ error: YamlError, file: String, text: String) -> TemplateIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let original = problem + (context.map { " \($0.text)" } ?? "")
            var line = mark.line, column = mark.column
            // An unclosed quote is found at the end of the file: point at where it opened.
            if problem.contains("end of stream"), let context, context.text.contains("quoted scalar") {
                line = context.mark.line
                column = context.mark.column
            }
            let source = Lines(text)
            let words = explain(problem: problem, context: context?.text ?? "", line: source[line], column: column)
            return TemplateIssue(SourceLocation(file: file, line: line, column: column),
                                 "YAML: " + (words.map { "\($0) (\(original))" } ?? original))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return TemplateIssue(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                                 "YAML: the key \(keys) appears twice in one mapping: keep one")
        default:
            return TemplateIssue(SourceLocation(file: file, line: 1, column: 1), "YAML: \(error)")
        }
    }

    /// The characters that mean something to YAML at the start of a value.
    static let indicators: Set<Character> = ["{", "[", "*", "&", "!", "|", ">", "%", "@", "`", "'", "\"", "#"]

    static func explain(problem: String, context: String, line: String?, column: Int) -> String? {
        let line = line ?? ""
        let scalars = Array(line.unicodeScalars)
        let here: Unicode.Scalar? = column >= 1 && column <= scalars.count ? scalars[column - 1] : nil
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        if problem.contains("tab") || here == "\t" || indentation.contains("\t") {
            return "a tab character: YAML is indented with spaces only — replace the tab with spaces"
        }
        let value = Self.value(of: line)
        if problem.contains("unknown escape") {
            return "a backslash inside \"…\" starts an escape: write \\\\ for one \\, or use single quotes '…'"
        }
        if problem.contains("end of stream"), context.contains("quoted scalar") {
            return "this quote is never closed: end the text with the same quote"
        }
        if context.contains("alias") || value.first == "*" {
            return "text starting with * (such as **bold**) must be in double quotes: * starts a YAML alias"
        }
        if let first = value.first, indicators.contains(first), !value.hasPrefix("\"") && !value.hasPrefix("'") {
            return "text starting with \(first) must be in double quotes (\"…\"): \(first) means something to YAML"
        }
        if problem.contains("cannot start any token"), let here {
            return "text starting with \(here) must be in double quotes (\"…\")"
        }
        if problem.contains("mapping values are not allowed") {
            // A colon after the value's own key: the text itself has ": " in it.
            let before = String(String.UnicodeScalarView(scalars.prefix(max(column - 1, 0))))
            if before.contains(": ") || before.hasSuffix(":") && before.dropLast().contains(": ") {
                return "a colon followed by a space inside unquoted text: put the whole text in double quotes (\"…\")"
            }
            return "bad indentation: this key is indented more than the keys above it (or the text before it has \": \" and needs quotes)"
        }
        if problem.contains("did not find expected key") || problem.contains("expected '-' indicator")
            || problem.contains("expected <block end>") {
            return "bad indentation: this line does not line up with the lines above it — keys of one mapping start in the same column, and so do the '- ' of one list"
        }
        if problem.contains("block sequence entries are not allowed") {
            return "a list item ('- ') cannot follow a key on the same line: start the list on the next line, indented — or quote a text that starts with '- '"
        }
        if problem.contains("could not find expected ':'") {
            return "a line that is not `key: value` or a list item: a missing colon, or an unquoted text continued on the next line"
        }
        return nil
    }

    /// What follows `key: ` or `- ` on a line (the line itself when neither is there).
    static func value(of line: String) -> Substring {
        var rest = line.drop { $0 == " " }
        while rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        if let colon = rest.range(of: ": "), !rest.hasPrefix("\""), !rest.hasPrefix("'") {
            rest = rest[colon.upperBound...].drop { $0 == " " }
        }
        return rest
    }
}

/// A text's lines by number (1-based).
struct Lines {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    subscript(number: Int) -> String? {
        guard number >= 1 && number <= lines.count else { return nil }
        var line = String(lines[number - 1])
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}
