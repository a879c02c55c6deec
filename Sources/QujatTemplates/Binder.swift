import QujatCase
import KazakhText
import QujatDocument

/// Fills a template with (validated) case data and produces the document tree.
struct Binder {
    let template: DocumentTemplate
    let data: CaseValue
    let context: FilterContext
    /// The signature stamp, when the document will be signed.
    var stamp: SignatureStamp?
    /// Innermost last: loop variables.
    private var scopes: [[String: CaseValue]] = []
    /// Binding page furniture: `{{ page }}` and `{{ pages }}` become page numbers.
    private var furniture = false
    /// Options a bare string takes from the table, list or fields around it.
    private var inherited = TextOptions()
    /// The base font (the template's, or its chosen variant's).
    private var font: TextStyle

    init(template: DocumentTemplate, data: CaseValue, context: FilterContext) {
        self.template = template
        self.data = data
        self.context = context
        self.font = template.font
    }

    mutating func bind(creator: String, copies: Int) throws(TemplateError) -> Document {
        var page = template.page
        var font = template.font
        if let variants = template.variants, case .string(let chosen)? = data.at([variants.key]),
           let variant = variants.pages[chosen] {
            page = variant.page
            font = variant.font
        }
        self.font = font
        var body: [Block] = []
        for copy in 1...max(1, copies) {
            if copy > 1 { body.append(.sheetBreak) }
            scopes.append(["copy": .int(copy), "copies": .int(copies)])
            body += try blocks(template.body)
            scopes.removeLast()
        }
        furniture = true
        let header = try blocks(template.header)
        let footer = try blocks(template.footer)
        furniture = false
        var fixed: [FixedBox] = []
        for spec in template.fixed {
            fixed.append(FixedBox(x: spec.x, y: spec.y, width: spec.width, pages: spec.pages,
                                  blocks: try blocks(spec.body), border: spec.border))
        }
        var watermark: Watermark?
        if let spec = template.watermark, try spec.condition.map({ c throws(TemplateError) in try holds(c) }) ?? true {
            var style = font
            style.size = spec.size
            style.bold = true
            style.gray = spec.gray
            watermark = Watermark(text: try plain(spec.text), style: style, angle: spec.angle)
        }
        let metadata = Metadata(title: try plain(template.title),
                                author: try template.author.map { t throws(TemplateError) in try plain(t) } ?? "",
                                subject: template.document, creator: creator)
        return Document(page: page, baseStyle: font, header: header, footer: footer,
                        body: body, fixed: fixed, watermark: watermark, metadata: metadata)
    }

    // MARK: blocks

    private mutating func blocks(_ blocks: [TemplateBlock]) throws(TemplateError) -> [Block] {
        var result: [Block] = []
        for block in blocks {
            try bind(block, into: &result)
        }
        return result
    }

    private mutating func bind(_ block: TemplateBlock, into result: inout [Block]) throws(TemplateError) {
        switch block {
        case .paragraph(let text, let options):
            let options = options.inherits ? inherited : options
            let runs = try self.runs(text, hyphenate: options.hyphenate)
            guard !runs.isEmpty else { return }
            result.append(.paragraph(Paragraph(runs: runs, style: style(options), alignment: options.align,
                                               indent: options.indent, firstLineIndent: options.firstIndent,
                                               spaceBefore: options.spaceBefore, spaceAfter: options.spaceAfter,
                                               keepWithNext: options.keepWithNext, hyphenate: options.hyphenate)))
        case .fields(let rows, let spec):
            result.append(.table(try fields(rows, spec)))
        case .list(let spec):
            result.append(.list(try list(spec)))
        case .table(let spec):
            result.append(.table(try table(spec)))
        case .conditional(let condition, let then, let otherwise):
            result += try blocks(try holds(condition) ? then : otherwise)
        case .loop(let loop, let body):
            try each(loop) { (binder: inout Binder) throws(TemplateError) in result += try binder.blocks(body) }
        case .group(let body, let keepWithPrevious):
            let inner = try blocks(body)
            if !inner.isEmpty { result.append(.group(Group(blocks: inner, keepWithPrevious: keepWithPrevious))) }
        case .space(let height):
            result.append(.spacer(height))
        case .rule(let rule):
            result.append(.rule(rule))
        case .qr(let text, let size, let align):
            let payload = try plain(text)
            if !payload.isEmpty { result.append(.qr(QRCode(payload: payload, size: size, alignment: align))) }
        case .checkbox(let text, let checked, let options):
            let isChecked = try checked.map { c throws(TemplateError) in try holds(c) } ?? false
            result.append(.checkbox(Checkbox(label: try runs(text, hyphenate: false), checked: isChecked, style: style(options))))
        case .pageBreak:
            result.append(.pageBreak)
        case .signature(let options):
            guard let stamp else { return }
            var heading = options
            heading.bold = true
            let lines = stamp.lines.enumerated().map { index, line in
                Block.paragraph(Paragraph(runs: [Run(text: line)], style: style(index == 0 ? heading : options)))
            }
            // One bordered cell, kept whole and with what precedes it (the signatory's line).
            result.append(.group(Group(blocks: [.table(Table(columns: [1], rows: [TableRow(cells: [lines])], borders: true,
                                                             padding: 4, spaceBefore: options.spaceBefore,
                                                             spaceAfter: options.spaceAfter))],
                                       keepWithPrevious: true)))
        }
    }

    private func style(_ options: TextOptions) -> TextStyle {
        TextStyle(family: font.family, size: options.size ?? font.size,
                  leading: options.leading ?? font.leading, bold: options.bold,
                  italic: options.italic, gray: options.gray)
    }

    /// Runs `body` once per element of the loop's collection, with the loop variable and
    /// `loop.index` (from 1), `loop.count`, `loop.first`, `loop.last` in scope.
    private mutating func each(_ loop: Loop, _ body: (inout Binder) throws(TemplateError) -> Void) throws(TemplateError) {
        let collection = try evaluate(loop.collection)
        let items: [CaseValue]
        switch collection {
        case .array(let array): items = array
        case .null: items = []
        default:
            throw TemplateError(loop.collection.location, "`each` needs an array, but this is \(collection.typeName)")
        }
        for (index, item) in items.enumerated() {
            scopes.append([loop.variable: item, "loop": Self.loopInfo(index, of: items.count)])
            defer { scopes.removeLast() }
            try body(&self)
        }
    }

    /// `loop.index` (from 1), `loop.count`, `loop.first`, `loop.last`.
    private static func loopInfo(_ index: Int, of count: Int) -> CaseValue {
        .object(["index": .int(index + 1), "count": .int(count), "first": .bool(index == 0), "last": .bool(index == count - 1)])
    }

    private mutating func fields(_ rows: [FieldRow], _ spec: FieldsSpec) throws(TemplateError) -> Table {
        var labelOptions = spec.text
        labelOptions.bold = spec.labelBold
        let saved = inherited
        inherited = spec.text
        defer { inherited = saved }
        var bound: [TableRow] = []
        for row in rows {
            if let condition = row.condition, try !holds(condition) { continue }
            let label = try runs(row.label, hyphenate: false)
            let value = try blocks(row.value)
            bound.append(TableRow(cells: [[.paragraph(Paragraph(runs: label, style: style(labelOptions)))], value]))
        }
        return Table(columns: [spec.labelWidth, 1 - spec.labelWidth], rows: bound, borders: false, padding: 1.5,
                     spaceBefore: spec.spaceBefore, spaceAfter: spec.spaceAfter)
    }

    private mutating func list(_ spec: ListSpec) throws(TemplateError) -> List {
        let saved = inherited
        inherited = spec.text
        defer { inherited = saved }
        var items: [List.Item] = []
        if let loop = spec.loop {
            try each(loop) { (binder: inout Binder) throws(TemplateError) in
                items.append(List.Item(label: try binder.plain(spec.label), blocks: try binder.blocks(spec.item)))
            }
        } else {
            for (index, item) in spec.items.enumerated() {
                scopes.append(["loop": Self.loopInfo(index, of: spec.items.count)])
                defer { scopes.removeLast() }
                items.append(List.Item(label: try plain(spec.label), blocks: try blocks(item)))
            }
        }
        return List(items: items, indent: spec.indent, labelStyle: style(spec.text),
                    spaceBefore: spec.spaceBefore, spaceAfter: spec.spaceAfter)
    }

    private mutating func table(_ spec: TableSpec) throws(TemplateError) -> Table {
        let saved = inherited
        defer { inherited = saved }
        var headerOptions = spec.text
        headerOptions.bold = true
        headerOptions.align = .center
        headerOptions.keepWithNext = false
        inherited = headerOptions
        var header: [TableRow] = []
        for row in spec.header { header.append(TableRow(cells: try cells(row), shaded: true)) }
        inherited = spec.text
        var rows: [TableRow] = []
        for row in spec.rows { rows.append(TableRow(cells: try cells(row))) }
        if let loop = spec.loop {
            try each(loop) { (binder: inout Binder) throws(TemplateError) in
                rows.append(TableRow(cells: try binder.cells(spec.row)))
            }
        }
        return Table(columns: spec.columns, header: header, rows: rows, borders: spec.borders,
                     padding: spec.padding, spaceBefore: spec.spaceBefore, spaceAfter: spec.spaceAfter)
    }

    private mutating func cells(_ row: [[TemplateBlock]]) throws(TemplateError) -> [[Block]] {
        var result: [[Block]] = []
        for cell in row { result.append(try blocks(cell)) }
        return result
    }

    // MARK: text and values

    /// The runs of a text template; empty when everything in it is empty.
    private func runs(_ text: TextTemplate, hyphenate: Bool) throws(TemplateError) -> [Run] {
        var runs: [Run] = []
        var hasValue = text.isConstant
        for segment in text.segments {
            switch segment {
            case .literal(let literal, let style):
                runs.append(Run(text: hyphenate ? Hyphenator.softHyphenated(literal) : literal, bold: style.bold, italic: style.italic))
            case .expression(let expression, let style):
                if furniture, case .path(let path) = expression.source, expression.filters.isEmpty,
                   path == ["page"] || path == ["pages"] {
                    runs.append(Run(path == ["page"] ? .pageNumber : .pageCount, bold: style.bold, italic: style.italic))
                    hasValue = true
                    continue
                }
                let value = try evaluate(expression).text
                if !value.isEmpty { hasValue = true }
                runs.append(Run(text: hyphenate ? Hyphenator.softHyphenated(value) : value, bold: style.bold, italic: style.italic))
            }
        }
        return hasValue ? runs.filter { if case .text(let t) = $0.content { !t.isEmpty } else { true } } : []
    }

    /// A text template as a plain string (titles, labels, QR payloads).
    private func plain(_ text: TextTemplate) throws(TemplateError) -> String {
        var result = ""
        for segment in text.segments {
            switch segment {
            case .literal(let literal, _): result += literal
            case .expression(let expression, _): result += try evaluate(expression).text
            }
        }
        return result
    }

    func holds(_ condition: Condition) throws(TemplateError) -> Bool {
        switch condition {
        case .truthy(let expression): return try !evaluate(expression).isFalsy
        case .equals(let left, let right, let negated):
            let equal = Self.same(try evaluate(left), try evaluate(right))
            return negated ? !equal : equal
        case .not(let inner): return try !holds(inner)
        case .all(let parts):
            for part in parts where try !holds(part) { return false }
            return true
        case .any(let parts):
            for part in parts where try holds(part) { return true }
            return false
        }
    }

    private static func same(_ a: CaseValue, _ b: CaseValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): Double(x) == y
        default: a == b
        }
    }

    func evaluate(_ expression: Expression) throws(TemplateError) -> CaseValue {
        var value: CaseValue
        switch expression.source {
        case .literal(let literal):
            value = literal
        case .path(let path):
            value = lookup(path) ?? .null
        }
        for call in expression.filters {
            guard let filter = Filters.all[call.name] else {
                throw TemplateError(call.location, Filters.unknown(call.name))
            }
            guard filter.arguments.contains(call.arguments.count) else {
                throw TemplateError(call.location, "filter '\(call.name)' takes \(filter.arguments.lowerBound)…\(filter.arguments.upperBound) argument(s), not \(call.arguments.count)")
            }
            if value == .null && filter.passesNull { continue }
            var arguments: [CaseValue] = []
            for argument in call.arguments { arguments.append(try evaluate(argument)) }
            do {
                value = try filter.apply(value, arguments, context)
            } catch {
                var failure = TemplateError(call.location, "filter '\(call.name)' \(error.message)")
                if error.blamesValue, case .path(let path) = expression.source, !scopes.contains(where: { $0[path[0]] != nil }) {
                    failure.caseIssue = CaseIssue(path: path.joined(separator: "."), rule: error.message)
                }
                throw failure
            }
        }
        return value
    }

    private func lookup(_ path: [String]) -> CaseValue? {
        guard let first = path.first else { return nil }
        for scope in scopes.reversed() {
            if let value = scope[first] { return value.at(Array(path.dropFirst())) }
        }
        return data.at(path)
    }
}
