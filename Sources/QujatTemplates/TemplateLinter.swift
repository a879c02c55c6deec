import QujatCase
/// Checks a parsed template against its document's schema without any case data:
/// unknown filters, wrong argument counts, and paths the schema does not have.
struct TemplateLinter {
    let schema: Schema
    private(set) var issues: [TemplateIssue] = []
    /// Loop variables in scope, innermost last, with the type of one element.
    private var scopes: [[String: Schema.FieldType?]] = []

    /// Names every template may use besides the case's keys.
    static let builtins: Set<String> = ["loop", "copy", "copies", "page", "pages"]

    init(schema: Schema) {
        self.schema = schema
    }

    mutating func lint(_ template: DocumentTemplate) {
        if let key = template.variants?.key, type(of: [key]) == nil {
            issues.append(TemplateIssue(SourceLocation(file: template.file, line: 1, column: 1),
                                        "variants choose_by '\(key)', which the schema does not have"))
        }
        lint(template.title)
        template.author.map { lint($0) }
        template.watermark.map { spec in
            spec.condition.map { lint($0) }
            lint(spec.text)
        }
        for blocks in [template.header, template.footer, template.body] + template.fixed.map(\.body) {
            lint(blocks)
        }
    }

    private mutating func lint(_ blocks: [TemplateBlock]) {
        for block in blocks { lint(block) }
    }

    private mutating func lint(_ block: TemplateBlock) {
        switch block {
        case .paragraph(let text, _), .qr(let text, _, _):
            lint(text)
        case .checkbox(let text, let checked, _):
            lint(text)
            checked.map { lint($0) }
        case .fields(let rows, _):
            for row in rows {
                lint(row.label)
                lint(row.value)
                row.condition.map { lint($0) }
            }
        case .list(let spec):
            lint(spec.label)
            for item in spec.items { lint(item) }
            if let loop = spec.loop { within(loop) { $0.lint(spec.item); $0.lint(spec.label) } }
        case .table(let spec):
            for row in spec.header + spec.rows { for cell in row { lint(cell) } }
            if let loop = spec.loop { within(loop) { linter in for cell in spec.row { linter.lint(cell) } } }
        case .conditional(let condition, let then, let otherwise):
            lint(condition)
            lint(then)
            lint(otherwise)
        case .loop(let loop, let body):
            within(loop) { $0.lint(body) }
        case .group(let body, _):
            lint(body)
        case .space, .rule, .pageBreak, .signature:
            break
        }
    }

    private mutating func within(_ loop: Loop, _ body: (inout TemplateLinter) -> Void) {
        let element: Schema.FieldType?
        switch lint(loop.collection).map({ schema.resolve($0) }) {
        case .array(let item)?: element = item
        case .nullable(let inner)?:
            if case .array(let item) = schema.resolve(inner) { element = item } else { element = nil }
        case nil: element = nil
        default:
            issues.append(TemplateIssue(loop.collection.location, "`each` needs an array, and this is not one in the schema"))
            element = nil
        }
        scopes.append([loop.variable: element])
        body(&self)
        scopes.removeLast()
    }

    private mutating func lint(_ text: TextTemplate) {
        for segment in text.segments {
            if case .expression(let expression, _) = segment { _ = lint(expression) }
        }
    }

    private mutating func lint(_ condition: Condition) {
        switch condition {
        case .truthy(let expression): _ = lint(expression)
        case .equals(let left, let right, _):
            _ = lint(left)
            _ = lint(right)
        case .not(let inner): lint(inner)
        case .all(let parts), .any(let parts): for part in parts { lint(part) }
        }
    }

    /// Checks an expression; returns the schema type of its path when known.
    @discardableResult
    private mutating func lint(_ expression: Expression) -> Schema.FieldType? {
        for call in expression.filters {
            guard let filter = Filters.all[call.name] else {
                issues.append(TemplateIssue(call.location, Filters.unknown(call.name)))
                continue
            }
            if !filter.arguments.contains(call.arguments.count) {
                let range = filter.arguments
                let wanted = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                issues.append(TemplateIssue(call.location, "filter '\(call.name)' takes \(wanted) argument(s), not \(call.arguments.count)"))
            }
            for argument in call.arguments { _ = lint(argument) }
        }
        guard case .path(let path) = expression.source else { return nil }
        if let scope = scopes.last(where: { $0[path[0]] != nil }) {
            guard let element = scope[path[0]]!, path.count > 1 else { return scope[path[0]]! }
            return walk(element, Array(path.dropFirst()), at: expression, prefix: [path[0]])
        }
        if Self.builtins.contains(path[0]) { return nil }
        return walk(.object(schema.root), path, at: expression)
    }

    private func type(of path: [String]) -> Schema.FieldType? {
        var copy = self
        return copy.walk(.object(schema.root), path, at: nil)
    }

    private mutating func walk(_ start: Schema.FieldType, _ path: [String], at expression: Expression?, prefix: [String] = []) -> Schema.FieldType? {
        var current = start
        var walked: [String] = prefix
        for key in path {
            var type = schema.resolve(current)
            if case .nullable(let inner) = type { type = schema.resolve(inner) }
            guard case .object(let object) = type else {
                if let expression {
                    issues.append(TemplateIssue(expression.location, "'\((walked + [key]).joined(separator: "."))': '\(walked.joined(separator: "."))' has no keys"))
                }
                return nil
            }
            let fields = object.fields + object.variants.flatMap(\.fields)
            guard let field = fields.first(where: { $0.name == key }) else {
                if let expression {
                    let known = Array(Set(fields.map(\.name))).sorted().joined(separator: ", ")
                    issues.append(TemplateIssue(expression.location,
                        "'\((walked + [key]).joined(separator: "."))' is not in the document's schema (\(walked.isEmpty ? "top-level" : walked.joined(separator: ".")) keys: \(known))"))
                }
                return nil
            }
            walked.append(key)
            current = field.type
        }
        return current
    }

}
