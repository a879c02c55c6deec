import QujatCase
import Foundation
import QujatDocument
import Yams

/// Reads a template file into a `DocumentTemplate`, reporting every problem at file:line:column.
struct TemplateReader {
    let source: YAMLSource
    var issues: [TemplateIssue] = []

    static let topKeys = ["page", "font", "title", "author", "header", "footer", "body", "fixed", "watermark", "copies", "variants"]

    init(source: YAMLSource) {
        self.source = source
    }

    mutating func fail(_ node: Node, _ message: String) {
        issues.append(TemplateIssue(source.location(node), message))
    }

    mutating func record(_ error: TemplateError) {
        issues += error.issues
    }

    /// Keys of `node` that are not in `allowed` are errors.
    mutating func checkKeys(_ node: Node, allowed: [String], what: String) {
        for pair in node.pairs where !allowed.contains(pair.key) {
            // A close name is the likely fix; otherwise the whole list.
            let hint = Suggestion.nearest(pair.key, in: allowed).map { "did you mean '\($0)'?" }
                ?? "allowed: \(allowed.joined(separator: ", "))"
            fail(pair.keyNode, "unknown key '\(pair.key)' in \(what) (\(hint))")
        }
    }

    mutating func read(document: String, language: String) throws(TemplateError) -> DocumentTemplate {
        guard let root = source.root, root.isMapping else {
            throw TemplateError(SourceLocation(file: source.file, line: 1, column: 1),
                                "a template is a YAML mapping with page, font, title and body")
        }
        checkKeys(root, allowed: Self.topKeys, what: "the template")
        let page = readPage(root.value("page"))
        let font = readFont(root.value("font"))
        let title = text(root.value("title"), what: "title") ?? Self.constant(document, file: source.file)
        let author = root.value("author").flatMap { text($0, what: "author") }
        let header = blocks(root.value("header"))
        let footer = blocks(root.value("footer"))
        let body = blocks(root.value("body"))
        if root.value("body") == nil { fail(root, "the template has no body") }
        let fixed = (root.value("fixed")?.items ?? []).compactMap { readFixed($0) }
        let watermark = root.value("watermark").flatMap { readWatermark($0) }
        var copies = 1
        if let node = root.value("copies") {
            if let n = node.int, (1...9).contains(n) { copies = n } else { fail(node, "copies is a whole number from 1 to 9") }
        }
        let variants = root.value("variants").flatMap { readVariants($0, font: font) }
        guard issues.isEmpty else { throw TemplateError(issues) }
        return DocumentTemplate(document: document, language: language, file: source.file, page: page, font: font,
                        title: title, author: author, header: header, footer: footer, body: body,
                        fixed: fixed, watermark: watermark, copies: copies, variants: variants)
    }

    static func constant(_ text: String, file: String) -> TextTemplate {
        // A constant without markup never fails to parse.
        (try? TextTemplate(text.replacingOccurrences(of: "\\", with: "\\\\"), at: SourceLocation(file: file, line: 1, column: 1)))
            ?? (try! TextTemplate("", at: SourceLocation(file: file, line: 1, column: 1)))
    }

    private mutating func readPage(_ node: Node?) -> PageSetup {
        var width = Length.mm(210), height = Length.mm(297)
        var margins = Edges(all: Length.mm(20))
        var grows = false
        guard let node else { return PageSetup(width: width, height: height, margins: margins) }
        checkKeys(node, allowed: ["size", "width", "height", "margins"], what: "page")
        if let size = node.value("size")?.string {
            if let known = Lengths.pageSizes[size] {
                width = Length.mm(known.width)
                height = Length.mm(known.height)
            } else {
                fail(node.value("size")!, "unknown page size '\(size)' (use \(Lengths.pageSizes.keys.sorted().joined(separator: ", ")), or width and height)")
            }
        }
        if let w = node.value("width") { width = length(w) ?? width }
        if let h = node.value("height") {
            if h.string == "auto" { grows = true; height = Length.mm(2000) } else { height = length(h) ?? height }
        }
        if let m = node.value("margins") {
            if let edges = m.string.flatMap(Lengths.edges) { margins = edges } else { fail(m, "margins are one, two or four lengths: '20mm 15mm 20mm 25mm'") }
        }
        return PageSetup(width: width, height: height, margins: margins, growsWithContent: grows)
    }

    private mutating func readFont(_ node: Node?) -> TextStyle {
        var style = TextStyle(family: "DejaVu Serif", size: 11, leading: 1.15)
        guard let node else { return style }
        checkKeys(node, allowed: ["family", "size", "leading"], what: "font")
        if let family = node.value("family")?.string { style.family = family }
        if let size = node.value("size") { style.size = number(size) ?? style.size }
        if let leading = node.value("leading") { style.leading = number(leading) ?? style.leading }
        return style
    }

    /// `variants: {choose_by: KEY, NAME: {page: …, font: …}, …}`
    private mutating func readVariants(_ node: Node, font: TextStyle) -> Variants? {
        guard let key = node.value("choose_by")?.string else {
            fail(node, "variants need `choose_by: KEY`, the case key that names the variant")
            return nil
        }
        var pages: [String: (page: PageSetup, font: TextStyle)] = [:]
        for pair in node.pairs where pair.key != "choose_by" {
            checkKeys(pair.value, allowed: ["page", "font"], what: "a variant")
            pages[pair.key] = (readPage(pair.value.value("page")),
                               pair.value.value("font").map { readFont($0) } ?? font)
        }
        return Variants(key: key, pages: pages)
    }

    private mutating func readFixed(_ node: Node) -> FixedSpec? {
        checkKeys(node, allowed: ["x", "y", "width", "pages", "border", "body"], what: "a fixed box")
        guard let x = node.value("x").flatMap({ length($0) }), let y = node.value("y").flatMap({ length($0) }),
              let width = node.value("width").flatMap({ length($0) }) else {
            fail(node, "a fixed box needs x, y and width")
            return nil
        }
        var pages = FixedBox.Pages.first
        switch node.value("pages")?.string {
        case nil, "first": pages = .first
        case "last": pages = .last
        case "all": pages = .all
        default: fail(node.value("pages")!, "pages is first, last or all")
        }
        return FixedSpec(x: x, y: y, width: width, pages: pages, border: flag(node.value("border")),
                         body: blocks(node.value("body")))
    }

    private mutating func readWatermark(_ node: Node) -> WatermarkSpec? {
        checkKeys(node, allowed: ["if", "text", "size", "angle", "gray"], what: "watermark")
        guard let text = node.value("text").flatMap({ self.text($0, what: "watermark text") }) else {
            fail(node, "a watermark needs text")
            return nil
        }
        return WatermarkSpec(condition: node.value("if").flatMap { condition($0) }, text: text,
                             size: node.value("size").flatMap { number($0) } ?? 72,
                             angle: node.value("angle").flatMap { number($0) } ?? 45,
                             gray: node.value("gray").flatMap { number($0) } ?? 0.85)
    }

    // MARK: scalars

    mutating func text(_ node: Node?, what: String) -> TextTemplate? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(node, "\(what) must be text")
            return nil
        }
        var location = source.location(node)
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            location = SourceLocation(file: location.file, line: location.line, column: location.column + 1)
        }
        do {
            return try TextTemplate(scalar.string, at: location)
        } catch {
            record(error)
            return nil
        }
    }

    mutating func condition(_ node: Node) -> Condition? {
        guard let text = node.string else {
            fail(node, "a condition is text such as `duplicate` or `licensee.kind == 'legal'`")
            return nil
        }
        do {
            return try ExpressionParser.condition(text, at: source.location(node))
        } catch {
            record(error)
            return nil
        }
    }

    mutating func loop(_ node: Node) -> Loop? {
        let parts = (node.string ?? "").components(separatedBy: " in ")
        guard parts.count == 2, !parts[0].trimmingWhitespace().isEmpty else {
            fail(node, "a loop reads `NAME in PATH`, for example `s in annex.subtypes`")
            return nil
        }
        let name = parts[0].trimmingWhitespace()
        let offset = parts[0].count + 4
        let base = source.location(node)
        do {
            let collection = try ExpressionParser.expression(parts[1], at: SourceLocation(file: base.file, line: base.line, column: base.column + offset))
            return Loop(variable: name, collection: collection)
        } catch {
            record(error)
            return nil
        }
    }

    mutating func length(_ node: Node) -> Double? {
        guard let text = node.string, let value = Lengths.points(text) else {
            fail(node, "expected a length such as 20mm, 11pt or 11")
            return nil
        }
        return value
    }

    mutating func number(_ node: Node) -> Double? {
        guard let text = node.string, let value = Double(text) else {
            fail(node, "expected a number")
            return nil
        }
        return value
    }

    mutating func flag(_ node: Node?) -> Bool {
        guard let node else { return false }
        switch node.string {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            fail(node, "expected true or false")
            return false
        }
    }
}
