import QujatCase
import QujatDocument

/// A parsed template file: `Templates/<document>/<language>.yaml`.
public struct DocumentTemplate: Sendable {
    public let document: String
    public let language: String
    public let file: String
    let page: PageSetup
    let font: TextStyle
    let title: TextTemplate
    let author: TextTemplate?
    let header: [TemplateBlock]
    let footer: [TemplateBlock]
    let body: [TemplateBlock]
    let fixed: [FixedSpec]
    let watermark: WatermarkSpec?
    /// How many complete copies the output holds (receipts: one for each side); each starts a page.
    let copies: Int
    /// Other page set-ups, chosen by the value of one case key (`format: strip`).
    let variants: Variants?

    /// Page size in millimetres, for listings (`strip` pages grow with content).
    public var pageDescription: String { Self.describe(page) }

    /// The variants' page sizes by the value of their case key (`strip`: "80 mm strip"),
    /// with that key; nil when the template has no variants.
    public var variantPages: (key: String, pages: [(value: String, page: String)])? {
        variants.map { variants in
            (variants.key, variants.pages.keys.sorted().map { ($0, Self.describe(variants.pages[$0]!.page)) })
        }
    }

    static func describe(_ page: PageSetup) -> String {
        let w = Int((page.width / Length.pointsPerMillimetre).rounded())
        let h = Int((page.height / Length.pointsPerMillimetre).rounded())
        if page.growsWithContent { return "\(w) mm strip" }
        switch (w, h) {
        case (210, 297): return "A4"
        case (148, 210): return "A5"
        case (297, 210): return "A4 landscape"
        case (210, 148): return "A5 landscape"
        default: return "\(w)×\(h) mm"
        }
    }

    /// How many complete copies a case prints unless told otherwise (receipts: 2).
    public var defaultCopies: Int { copies }
}

/// How a paragraph-like block differs from the template's base font.
struct TextOptions: Sendable {
    /// A bare string: takes the options of the table, list or fields around it.
    var inherits = false
    var size: Double?
    var bold = false
    var italic = false
    var align: Alignment = .left
    var indent = 0.0
    var firstIndent = 0.0
    var spaceBefore = 0.0
    var spaceAfter = 0.0
    var keepWithNext = false
    var hyphenate = false
    var gray = 0.0
    var leading: Double?
}

struct Loop: Sendable {
    let variable: String
    let collection: Expression
}

/// A block of the template, before case data fills it.
indirect enum TemplateBlock: Sendable {
    case paragraph(TextTemplate, TextOptions)
    case fields([FieldRow], FieldsSpec)
    case list(ListSpec)
    case table(TableSpec)
    case conditional(Condition, then: [TemplateBlock], otherwise: [TemplateBlock])
    case loop(Loop, [TemplateBlock])
    case group([TemplateBlock], keepWithPrevious: Bool)
    case space(Double)
    case rule(Rule)
    case qr(TextTemplate, size: Double, align: Alignment)
    case checkbox(TextTemplate, checked: Condition?, TextOptions)
    case pageBreak
    /// The visible signature stamp, when the document is signed (else nothing).
    case signature(TextOptions)
}

struct FieldRow: Sendable {
    let label: TextTemplate
    let value: [TemplateBlock]
    let condition: Condition?
}

struct FieldsSpec: Sendable {
    var labelWidth = 0.35
    var text = TextOptions()
    var labelBold = false
    var spaceBefore = 0.0
    var spaceAfter = 0.0
}

struct ListSpec: Sendable {
    /// Items written out in the template…
    var items: [[TemplateBlock]] = []
    /// …or one item repeated for each element of a collection.
    var loop: Loop?
    var item: [TemplateBlock] = []
    var label: TextTemplate
    var indent = Length.mm(8)
    var text = TextOptions()
    var spaceBefore = 0.0
    var spaceAfter = 0.0
}

struct TableSpec: Sendable {
    var columns: [Double]
    var header: [[[TemplateBlock]]] = []
    var rows: [[[TemplateBlock]]] = []
    var loop: Loop?
    var row: [[TemplateBlock]] = []
    var borders = true
    var padding = 3.0
    var text = TextOptions()
    var spaceBefore = 0.0
    var spaceAfter = 0.0
}

struct FixedSpec: Sendable {
    let x: Double, y: Double, width: Double
    let pages: FixedBox.Pages
    let border: Bool
    let body: [TemplateBlock]
}

struct Variants: Sendable {
    /// The case key whose value names the variant.
    let key: String
    let pages: [String: (page: PageSetup, font: TextStyle)]
}

struct WatermarkSpec: Sendable {
    let condition: Condition?
    let text: TextTemplate
    let size: Double
    let angle: Double
    let gray: Double
}
