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
        // Most texts (labels, headings) have no mark at all: one literal, read without cutting
        // the text into characters.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "{") }) {
            segments = text.isEmpty ? [] : [.literal(text, Style())]
            return
        }
        var segments: [Segment] = []
        var style = Style()
        var literal = ""
        let chars = Array(text)
        // Each character's ASCII code, 0 for others: comparing these is what comparing the
        // characters with "*" or "{" was (only "\r\n" has a code of another's, "\n"'s).
        let codes = chars.map { $0.asciiValue ?? 0 }
        let backslash = UInt8(ascii: "\\"), star = UInt8(ascii: "*"), underscore = UInt8(ascii: "_")
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var i = 0
        func flush() {
            if !literal.isEmpty { segments.append(.literal(literal, style)) }
            literal = ""
        }
        func column(_ offset: Int) -> SourceLocation {
            SourceLocation(file: location.file, line: location.line, column: location.column + offset)
        }
        func characters(_ range: Range<Int>) -> String {
            var part = ""
            for index in range { part.append(chars[index]) }
            return part
        }
        while i < chars.count {
            let c = codes[i]
            let next: UInt8? = i + 1 < chars.count ? codes[i + 1] : nil
            if c == backslash, next != nil {
                literal.append(chars[i + 1])
                i += 2
            } else if (c == star || c == underscore) && next == c {
                // Exactly two marks toggle the style; a longer run (a signature line
                // `________`) is printed as it is.
                var end = i
                while end < chars.count && codes[end] == c { end += 1 }
                if end - i == 2 {
                    flush()
                    if c == star { style.bold.toggle() } else { style.italic.toggle() }
                } else {
                    literal += characters(i..<end)
                }
                i = end
            } else if c == open && next == open {
                flush()
                var j = i + 2
                while j + 1 < chars.count && !(codes[j] == close && codes[j + 1] == close) { j += 1 }
                guard j + 1 < chars.count else { throw TemplateError(column(i), "'{{' is not closed with '}}'") }
                let expression = try ExpressionParser.expression(characters((i + 2)..<j), at: column(i + 2))
                segments.append(.expression(expression, style))
                i = j + 2
            } else {
                literal.append(chars[i])
                i += 1
            }
        }
        flush()
        if style.bold { throw TemplateError(location, "'**' opens bold text that is never closed") }
        if style.italic { throw TemplateError(location, "'__' opens italic text that is never closed") }
        self.segments = segments
    }
}
