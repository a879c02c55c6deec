import QujatCase
/// Text with `{{ expression }}` holes and inline `**bold**` / `__italic__` markup.
///
/// The markup is read from the template only: values put into the holes are printed as they
/// are, so `<b>`, `**` or `{{x}}` inside case data never change the page.
/// A backslash prints the next character literally (`\*\*`, `\{`). Three or more `*` or `_`
/// in a row are printed as they are (signature lines).
struct TextTemplate: Sendable {
    struct Style: Sendable, Hashable {
        var bold = false
        var italic = false
    }

    enum Segment: Sendable {
        case literal(String, Style)
        case expression(Expression, Style)
    }

    let segments: [Segment]
    let location: SourceLocation

    /// True when the text has no holes.
    var isConstant: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    init(_ text: String, at location: SourceLocation) throws(TemplateError) {
        self.location = location
        var segments: [Segment] = []
        var style = Style()
        var literal = ""
        let chars = Array(text)
        var i = 0
        func flush() {
            if !literal.isEmpty { segments.append(.literal(literal, style)) }
            literal = ""
        }
        func column(_ offset: Int) -> SourceLocation {
            SourceLocation(file: location.file, line: location.line, column: location.column + offset)
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "\\", let next {
                literal.append(next)
                i += 2
            } else if (c == "*" || c == "_") && next == c {
                // Exactly two marks toggle the style; a longer run (a signature line
                // `________`) is printed as it is.
                var end = i
                while end < chars.count && chars[end] == c { end += 1 }
                if end - i == 2 {
                    flush()
                    if c == "*" { style.bold.toggle() } else { style.italic.toggle() }
                } else {
                    literal += String(chars[i..<end])
                }
                i = end
            } else if c == "{" && next == "{" {
                flush()
                var j = i + 2
                while j + 1 < chars.count && !(chars[j] == "}" && chars[j + 1] == "}") { j += 1 }
                guard j + 1 < chars.count else { throw TemplateError(column(i), "'{{' is not closed with '}}'") }
                let inner = String(chars[(i + 2)..<j])
                let expression = try ExpressionParser.expression(inner, at: column(i + 2))
                segments.append(.expression(expression, style))
                i = j + 2
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        if style.bold { throw TemplateError(location, "'**' opens bold text that is never closed") }
        if style.italic { throw TemplateError(location, "'__' opens italic text that is never closed") }
        self.segments = segments
    }
}
