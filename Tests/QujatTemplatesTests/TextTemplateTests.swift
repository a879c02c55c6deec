import QujatCase
@testable import QujatTemplates
import Testing

/// `TextTemplate`'s reading against the character-by-character one it replaced (the oracle
/// below), on seeded random texts of marks, holes, backslashes, Kazakh letters, combining
/// accents and line ends: the same segments, styles, expression places and errors.
@Suite struct TextTemplateTests {
    static func oracle(_ text: String, at location: QujatCase.SourceLocation) throws(TemplateError) -> [TextTemplate.Segment] {
        var segments: [TextTemplate.Segment] = []
        var style = TextTemplate.Style()
        var literal = ""
        let chars = Array(text)
        var i = 0
        func flush() {
            if !literal.isEmpty { segments.append(.literal(literal, style)) }
            literal = ""
        }
        func column(_ offset: Int) -> QujatCase.SourceLocation {
            QujatCase.SourceLocation(file: location.file, line: location.line, column: location.column + offset)
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "\\", let next {
                literal.append(next)
                i += 2
            } else if (c == "*" || c == "_") && next == c {
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
                let expression = try ExpressionParser.expression(String(chars[(i + 2)..<j]), at: column(i + 2))
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
        return segments
    }

    static func describe(_ segments: [TextTemplate.Segment]) -> [String] {
        segments.map { segment in
            switch segment {
            case .literal(let text, let style): "L|\(Array(text.unicodeScalars))|\(style.bold)|\(style.italic)"
            case .expression(let expression, let style):
                "E|\(expression.source)|\(expression.filters.map(\.name))|\(expression.location.line):\(expression.location.column)|\(style.bold)|\(style.italic)"
            }
        }
    }

    @Test func sameAsCharacterByCharacter() {
        let pieces = ["{{ licensee.name }}", "{{ n | words }}", "{{", "}}", "{", "}", "**", "__", "***", "____", "\\", "\\*", "\\{",
                      "*", "_", "a", "Қ", "ә", " ", "\u{301}", "\u{200D}", "\r\n", "\n", "№", "👍🏽", "{{ x }}", "{{ 'a}b' }}"]
        var state: UInt64 = 0x7E_47
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let location = QujatCase.SourceLocation(file: "t.yaml", line: 3, column: 7)
        for _ in 0..<20_000 {
            let text = (0..<(next() % 8)).map { _ in pieces[next() % pieces.count] }.joined()
            let new = Result { () throws(TemplateError) in Self.describe(try TextTemplate(text, at: location).segments) }
            let old = Result { () throws(TemplateError) in Self.describe(try Self.oracle(text, at: location)) }
            switch (new, old) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(Array(text.unicodeScalars))")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(Array(text.unicodeScalars))")
            default: Issue.record("one failed, the other did not: \(Array(text.unicodeScalars)) \(new) \(old)")
            }
        }
    }
}
