import QujatCase
import QujatDocument
import Yams

/// The block language: each block is a mapping named by one kind key
/// (`text`, `heading`, `fields`, `list`, `table`, `if`, `each`, `group`, `space`, `rule`,
/// `qr`, `checkbox`, `page_break`), or a bare string (a paragraph). Any block may carry
/// `if: CONDITION` to be shown only when the condition holds.
extension TemplateReader {
    static let kinds = ["text", "heading", "fields", "list", "table", "if", "each", "group", "space", "rule",
                        "qr", "checkbox", "page_break", "signature"]
    static let textKeys = ["size", "bold", "italic", "align", "indent", "first_indent", "space_before",
                           "space_after", "keep_with_next", "hyphenate", "gray", "leading"]

    mutating func blocks(_ node: Node?) -> [TemplateBlock] {
        guard let node else { return [] }
        guard node.isSequence else {
            fail(node, "expected a list of blocks (lines starting with '- ')")
            return []
        }
        return node.items.compactMap { block($0) }
    }

    mutating func block(_ node: Node) -> TemplateBlock? {
        if node.isScalar {
            return text(node, what: "a paragraph").map { .paragraph($0, TextOptions(inherits: true)) }
        }
        guard node.isMapping else {
            fail(node, "a block is a mapping such as `text: …` or a plain string")
            return nil
        }
        // `- {{ x }}` unquoted is YAML's flow mapping {{x: null}: null}, not text.
        if node.pairs.contains(where: { $0.keyNode.isMapping }) {
            fail(node, "text starting with { must be in double quotes (\"{{ … }}\"): YAML read it as a mapping")
            return nil
        }
        let kind = node.pairs.first { Self.kinds.contains($0.key) }?.key
        guard let kind else {
            // `txt: …` is a misspelt `text:`: point at the key, not the block.
            let options = Set(Self.textKeys + ["then", "else", "do", "checked", "thickness", "keep_with_previous", "label_width", "label_bold"])
            if let (pair, near) = node.pairs.lazy.filter({ !options.contains($0.key) })
                .compactMap({ pair in Suggestion.nearest(pair.key, in: Self.kinds).map { (pair, $0) } }).first {
                fail(pair.keyNode, "unknown block '\(pair.key)' (did you mean '\(near)'?)")
            } else {
                fail(node, "a block needs one of: \(Self.kinds.joined(separator: ", "))")
            }
            return nil
        }
        if kind == "if" {
            return conditional(node)
        }
        guard let made = block(kind: kind, node) else { return nil }
        if let test = node.value("if") {
            return condition(test).map { .conditional($0, then: [made], otherwise: []) }
        }
        return made
    }

    private mutating func conditional(_ node: Node) -> TemplateBlock? {
        checkKeys(node, allowed: ["if", "then", "else"], what: "an if block")
        guard node.value("then") != nil else {
            fail(node, "an `if` block needs `then:` (or put `if:` on the block itself)")
            return nil
        }
        guard let test = condition(node.value("if")!) else { return nil }
        return .conditional(test, then: blocks(node.value("then")), otherwise: blocks(node.value("else")))
    }

    private mutating func block(kind: String, _ node: Node) -> TemplateBlock? {
        let value = node.value(kind)!
        switch kind {
        case "text", "heading":
            checkKeys(node, allowed: [kind, "if"] + Self.textKeys, what: kind)
            var options = TextOptions()
            if kind == "heading" {
                options.bold = true
                options.align = .center
                options.keepWithNext = true
                options.spaceAfter = 6
            }
            options = textOptions(node, base: options)
            return text(value, what: kind).map { .paragraph($0, options) }
        case "fields":
            return fields(node)
        case "list":
            checkKeys(node, allowed: ["list", "if"], what: "list")
            return list(value)
        case "table":
            checkKeys(node, allowed: ["table", "if"], what: "table")
            return table(value)
        case "each":
            checkKeys(node, allowed: ["each", "do"], what: "an each block")
            guard let loop = loop(value) else { return nil }
            return .loop(loop, blocks(node.value("do")))
        case "group":
            checkKeys(node, allowed: ["group", "keep_with_previous", "if"], what: "group")
            return .group(blocks(value), keepWithPrevious: flag(node.value("keep_with_previous")))
        case "space":
            checkKeys(node, allowed: ["space", "if"], what: "space")
            return length(value).map { .space($0) }
        case "rule":
            checkKeys(node, allowed: ["rule", "thickness", "space_before", "space_after", "if"], what: "rule")
            var rule = Rule(dashed: value.string == "dashed")
            if value.string != "solid" && value.string != "dashed" { fail(value, "a rule is solid or dashed") }
            if let t = node.value("thickness") { rule.thickness = length(t) ?? rule.thickness }
            if let s = node.value("space_before") { rule.spaceBefore = length(s) ?? rule.spaceBefore }
            if let s = node.value("space_after") { rule.spaceAfter = length(s) ?? rule.spaceAfter }
            return .rule(rule)
        case "qr":
            checkKeys(node, allowed: ["qr", "size", "align", "if"], what: "qr")
            let size = node.value("size").flatMap { length($0) } ?? Length.mm(25)
            return text(value, what: "qr").map { .qr($0, size: size, align: alignment(node.value("align")) ?? .left) }
        case "checkbox":
            checkKeys(node, allowed: ["checkbox", "checked", "if"] + Self.textKeys, what: "checkbox")
            let checked = node.value("checked").flatMap { condition($0) }
            let options = textOptions(node, base: TextOptions())
            return text(value, what: "checkbox").map { .checkbox($0, checked: checked, options) }
        case "signature":
            checkKeys(node, allowed: ["signature", "if"] + Self.textKeys, what: "signature")
            if value.string != "stamp" { fail(value, "write `signature: stamp`") }
            return .signature(textOptions(node, base: TextOptions()))
        case "page_break":
            checkKeys(node, allowed: ["page_break", "if"], what: "page_break")
            return .pageBreak
        default:
            return nil
        }
    }

    mutating func textOptions(_ node: Node, base: TextOptions) -> TextOptions {
        var options = base
        if let v = node.value("size") { options.size = number(v) }
        if let v = node.value("bold") { options.bold = flag(v) }
        if let v = node.value("italic") { options.italic = flag(v) }
        if let v = node.value("align") { options.align = alignment(v) ?? options.align }
        if let v = node.value("indent") { options.indent = length(v) ?? 0 }
        if let v = node.value("first_indent") { options.firstIndent = length(v) ?? 0 }
        if let v = node.value("space_before") { options.spaceBefore = length(v) ?? 0 }
        if let v = node.value("space_after") { options.spaceAfter = length(v) ?? 0 }
        if let v = node.value("keep_with_next") { options.keepWithNext = flag(v) }
        if let v = node.value("hyphenate") { options.hyphenate = flag(v) }
        if let v = node.value("gray") { options.gray = number(v) ?? 0 }
        if let v = node.value("leading") { options.leading = number(v) }
        return options
    }

    mutating func alignment(_ node: Node?) -> Alignment? {
        guard let node else { return nil }
        guard let text = node.string, let value = Alignment(rawValue: text) else {
            fail(node, "align is left, center, right or justify")
            return nil
        }
        return value
    }

    private mutating func fields(_ node: Node) -> TemplateBlock? {
        checkKeys(node, allowed: ["fields", "label_width", "label_bold", "if"] + Self.textKeys, what: "fields")
        var spec = FieldsSpec()
        if let v = node.value("label_width") {
            if let f = v.string.flatMap(Lengths.fraction) { spec.labelWidth = f } else { fail(v, "label_width is a percentage such as 35%") }
        }
        spec.labelBold = flag(node.value("label_bold"))
        spec.text = textOptions(node, base: TextOptions())
        // Spacing belongs to the block, not to each value inside it.
        (spec.spaceBefore, spec.spaceAfter) = (spec.text.spaceBefore, spec.text.spaceAfter)
        (spec.text.spaceBefore, spec.text.spaceAfter) = (0, 0)
        var rows: [FieldRow] = []
        for row in node.value("fields")!.items {
            if row.isSequence, row.items.count == 2 {
                if let label = text(row.items[0], what: "a field label") {
                    rows.append(FieldRow(label: label, value: cell(row.items[1]), condition: nil))
                }
            } else if row.isMapping {
                checkKeys(row, allowed: ["label", "value", "if"], what: "a field")
                guard let labelNode = row.value("label"), let valueNode = row.value("value") else {
                    fail(row, "a field needs label and value")
                    continue
                }
                if let label = text(labelNode, what: "a field label") {
                    rows.append(FieldRow(label: label, value: cell(valueNode), condition: row.value("if").flatMap { condition($0) }))
                }
            } else {
                fail(row, "a field is [label, value] or {label: …, value: …, if: …}")
            }
        }
        return .fields(rows, spec)
    }

    /// A table cell or field value: a string (one paragraph), a block, or a list of blocks.
    mutating func cell(_ node: Node) -> [TemplateBlock] {
        if node.isSequence { return blocks(node) }
        return block(node).map { [$0] } ?? []
    }

    private mutating func list(_ node: Node) -> TemplateBlock? {
        checkKeys(node, allowed: ["items", "each", "item", "label", "indent", "space_before", "space_after"] + Self.textKeys,
                  what: "list")
        let label = node.value("label").flatMap { text($0, what: "label") } ?? Self.constant("{{ loop.index }}.", file: source.file)
        var spec = ListSpec(label: label)
        if let items = node.value("items") {
            spec.items = items.items.map { cell($0) }
        } else if let each = node.value("each") {
            spec.loop = loop(each)
            spec.item = cell(node.value("item") ?? Node(""))
            if node.value("item") == nil { fail(node, "a list with `each` needs `item`") }
        } else {
            fail(node, "a list needs `items` or `each` with `item`")
        }
        if let v = node.value("indent") { spec.indent = length(v) ?? spec.indent }
        if let v = node.value("space_before") { spec.spaceBefore = length(v) ?? 0 }
        if let v = node.value("space_after") { spec.spaceAfter = length(v) ?? 0 }
        spec.text = textOptions(node, base: TextOptions())
        (spec.text.spaceBefore, spec.text.spaceAfter) = (0, 0)
        return .list(spec)
    }

    private mutating func table(_ node: Node) -> TemplateBlock? {
        checkKeys(node, allowed: ["columns", "header", "rows", "each", "row", "borders", "padding",
                                  "space_before", "space_after", "size"], what: "table")
        guard let columnsNode = node.value("columns"), columnsNode.isSequence else {
            fail(node, "a table needs `columns`, a list of relative widths such as [1, 5, 2]")
            return nil
        }
        let columns = columnsNode.items.map { $0.string.flatMap(Lengths.fraction) ?? 1 }
        var spec = TableSpec(columns: columns)
        spec.header = rows(node.value("header"), columns: columns.count)
        spec.rows = node.value("rows").map { rows($0, columns: columns.count) } ?? []
        if let each = node.value("each") {
            spec.loop = loop(each)
            if let row = node.value("row") { spec.row = cells(row, columns: columns.count) } else { fail(node, "a table with `each` needs `row`") }
        }
        if let v = node.value("borders") { spec.borders = flag(v) }
        if let v = node.value("padding") { spec.padding = length(v) ?? spec.padding }
        if let v = node.value("space_before") { spec.spaceBefore = length(v) ?? 0 }
        if let v = node.value("space_after") { spec.spaceAfter = length(v) ?? 0 }
        if let v = node.value("size") { spec.text.size = number(v) }
        return .table(spec)
    }

    /// A header: one row `[a, b]` or several `[[a, b], [c, d]]`.
    private mutating func rows(_ node: Node?, columns: Int) -> [[[TemplateBlock]]] {
        guard let node else { return [] }
        if node.items.allSatisfy(\.isSequence) {
            return node.items.map { cells($0, columns: columns) }
        }
        return [cells(node, columns: columns)]
    }

    private mutating func cells(_ node: Node, columns: Int) -> [[TemplateBlock]] {
        guard node.isSequence else {
            fail(node, "a row is a list of cells, one per column")
            return []
        }
        if node.items.count != columns {
            fail(node, "this row has \(node.items.count) cells but the table has \(columns) columns")
        }
        return node.items.map { cell($0) }
    }
}
