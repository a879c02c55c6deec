import QujatCase
/// Parses expressions and conditions. Grammar:
///
///     condition  = conjunction { "or" conjunction }
///     conjunction = unary { "and" unary }
///     unary      = "not" unary | comparison
///     comparison = expression [ ("==" | "!=") expression ]
///     expression = operand { "|" NAME [ "(" expression { "," expression } ")" ] }
///     operand    = PATH | 'text' | "text" | NUMBER | true | false | null
struct ExpressionParser {
    private enum Token: Equatable {
        case word(String), text(String), number(Double), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    private let base: SourceLocation

    /// - Parameter base: where the expression's first character is, for messages.
    init(_ text: String, at base: SourceLocation) throws(TemplateError) {
        self.base = base
        tokens = try Self.tokenize(Array(text), base: base)
    }

    static func expression(_ text: String, at base: SourceLocation) throws(TemplateError) -> Expression {
        var parser = try ExpressionParser(text, at: base)
        let expression = try parser.expression()
        try parser.expectEnd()
        return expression
    }

    static func condition(_ text: String, at base: SourceLocation) throws(TemplateError) -> Condition {
        var parser = try ExpressionParser(text, at: base)
        let condition = try parser.disjunction()
        try parser.expectEnd()
        return condition
    }

    private func location(_ offset: Int) -> SourceLocation {
        SourceLocation(file: base.file, line: base.line, column: base.column + offset)
    }

    private var current: Token { tokens[position].token }
    private var here: SourceLocation { location(tokens[position].offset) }

    private mutating func expectEnd() throws(TemplateError) {
        guard current == .end else { throw TemplateError(here, "unexpected \(Self.describe(current)) in expression") }
    }

    private mutating func disjunction() throws(TemplateError) -> Condition {
        var parts = [try conjunction()]
        while current == .word("or") {
            position += 1
            parts.append(try conjunction())
        }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    private mutating func conjunction() throws(TemplateError) -> Condition {
        var parts = [try unary()]
        while current == .word("and") {
            position += 1
            parts.append(try unary())
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func unary() throws(TemplateError) -> Condition {
        if current == .word("not") {
            position += 1
            return .not(try unary())
        }
        let left = try expression()
        if current == .symbol("==") || current == .symbol("!=") {
            let negated = current == .symbol("!=")
            position += 1
            return .equals(left, try expression(), negated: negated)
        }
        return .truthy(left)
    }

    mutating func expression() throws(TemplateError) -> Expression {
        let start = here
        let source: Expression.Source
        switch current {
        case .word("true"): source = .literal(.bool(true))
        case .word("false"): source = .literal(.bool(false))
        case .word("null"): source = .literal(.null)
        case .word(let path): source = .path(path.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        case .text(let text): source = .literal(.string(text))
        case .number(let number):
            source = .literal(Int(exactly: number).map(CaseValue.int) ?? .double(number))
        default:
            throw TemplateError(start, "expected a value, found \(Self.describe(current))")
        }
        if case .path(let parts) = source, parts.contains(where: \.isEmpty) {
            throw TemplateError(start, "'\(parts.joined(separator: "."))' is not a valid path")
        }
        position += 1
        var filters: [FilterCall] = []
        while current == .symbol("|") {
            position += 1
            let at = here
            guard case .word(let name) = current, !name.contains(".") else {
                throw TemplateError(at, "expected a filter name after '|', found \(Self.describe(current))")
            }
            position += 1
            var arguments: [Expression] = []
            if current == .symbol("(") {
                position += 1
                if current != .symbol(")") {
                    arguments.append(try expression())
                    while current == .symbol(",") {
                        position += 1
                        arguments.append(try expression())
                    }
                }
                guard current == .symbol(")") else { throw TemplateError(here, "expected ')' to close the arguments of '\(name)'") }
                position += 1
            }
            filters.append(FilterCall(name: name, arguments: arguments, location: at))
        }
        return Expression(source: source, filters: filters, location: start)
    }

    private static func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): "'\(word)'"
        case .text(let text): "the text '\(text)'"
        case .number(let number): "the number \(number)"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the expression"
        }
    }

    private static func tokenize(_ chars: [Character], base: SourceLocation) throws(TemplateError) -> [(token: Token, offset: Int)] {
        var result: [(token: Token, offset: Int)] = []
        var i = 0
        func at(_ offset: Int) -> SourceLocation {
            SourceLocation(file: base.file, line: base.line, column: base.column + offset)
        }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c == "'" || c == "\"" {
                i += 1
                var text = ""
                while i < chars.count && chars[i] != c {
                    if chars[i] == "\\" && i + 1 < chars.count { i += 1 }
                    text.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw TemplateError(at(start), "unterminated text literal") }
                i += 1
                result.append((.text(text), start))
            } else if c.isNumber && c.isASCII {
                var text = ""
                while i < chars.count && ((chars[i].isNumber && chars[i].isASCII) || chars[i] == ".") { text.append(chars[i]); i += 1 }
                guard let number = Double(text) else { throw TemplateError(at(start), "'\(text)' is not a number") }
                result.append((.number(number), start))
            } else if c.isLetter || c == "_" {
                var text = ""
                while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == ".") {
                    text.append(chars[i])
                    i += 1
                }
                result.append((.word(text), start))
            } else if (c == "=" || c == "!") && i + 1 < chars.count && chars[i + 1] == "=" {
                result.append((.symbol(String([c, "="])), start))
                i += 2
            } else if "|(),".contains(c) {
                result.append((.symbol(String(c)), start))
                i += 1
            } else {
                throw TemplateError(at(start), "unexpected character '\(c)' in expression")
            }
        }
        result.append((.end, chars.count))
        return result
    }
}
