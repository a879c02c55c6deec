import Foundation
import QujatCase
import QujatDocument
import QujatTemplates
import Testing

/// Templates filled with case data into a document tree, with no fonts, no Pango and no
/// Cairo: this target's modules depend on none of them. The template stage alone.
@Suite("templates: case + template → document tree, without layout")
struct BinderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let library = try! TemplateLibrary(directory: root.appendingPathComponent("Templates").path)

    private func example(_ name: String) throws -> Data {
        try Data(contentsOf: Self.root.appendingPathComponent("Examples/\(name).json"))
    }

    private func document(_ json: Data, copies: Int? = nil) throws -> Document {
        let prepared = try Self.library.prepare(json: json)
        return try Self.library.document(for: prepared, creator: "test", copies: copies)
    }

    /// Every text of a block list, in reading order.
    private func texts(_ blocks: [Block]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .paragraph(let paragraph):
                [paragraph.runs.map { if case .text(let text) = $0.content { text } else { "#" } }.joined()]
            case .table(let table): (table.header + table.rows).flatMap { $0.cells.flatMap(texts) }
            case .list(let list): list.items.flatMap { [$0.label] + texts($0.blocks) }
            case .group(let group): texts(group.blocks)
            case .checkbox(let box): [box.label.map { if case .text(let text) = $0.content { text } else { "#" } }.joined()]
            case .qr(let code): [code.payload]
            default: []
            }
        }
    }

    @Test("a library made for one document reads only its folder: it names every document, fills its own exactly as the whole library does, and says so for the others")
    func onlyOneDocument() throws {
        let one = try TemplateLibrary(directory: Self.root.appendingPathComponent("Templates").path, only: ["license"])
        #expect(one.documents == Self.library.documents)
        #expect(one.issues.isEmpty)
        let license = try example("license")
        let tree = try one.document(for: try one.prepare(json: license), creator: "test")
        #expect(texts(tree.body) == texts(try document(license).body))
        #expect(throws: CaseError.self) { try one.prepare(json: try example("refusal")) }
        do {
            _ = try one.prepare(json: try example("refusal"))
        } catch let error as CaseError {
            #expect(error.issues.map(\.rule) == ["document 'refusal' is not among those this library read (license)"])
        }
    }

    private func count(_ blocks: [Block], where test: (Block) -> Bool) -> Int {
        blocks.reduce(0) { total, block in
            if case .group(let group) = block { return total + count(group.blocks, where: test) }
            return total + (test(block) ? 1 : 0)
        }
    }

    @Test("the license's values are in the tree: number, holder, BIN, the head's name, the QR payload")
    func license() throws {
        let tree = try document(try example("license"))
        let text = texts(tree.body).joined(separator: "\n")
        for value in ["KZ12LAA00012345", "«Денсаулық-Сервис» жауапкершілігі шектеулі серіктестігі", "180140012349",
                      "Медициналық қызмет", "https://elicense.kz/check?n=KZ12LAA00012345"] {
            #expect(text.contains(value), "\(value) missing")
        }
        #expect(text.contains("Төсекбаев"))
        #expect(tree.page.width > 590 && tree.page.width < 600)
        #expect(tree.metadata.title.contains("KZ12LAA00012345"))
    }

    @Test("a receipt prints in two copies: one sheet break between them; copies can be overridden")
    func copies() throws {
        let json = try example("receipt_accepted")
        let isSheetBreak: (Block) -> Bool = { if case .sheetBreak = $0 { true } else { false } }
        #expect(count(try document(json).body, where: isSheetBreak) == 1)
        #expect(count(try document(json, copies: 3).body, where: isSheetBreak) == 2)
        #expect(count(try document(json, copies: 1).body, where: isSheetBreak) == 0)
    }

    @Test("a bad case is refused before binding, every problem with its JSON path")
    func invalidCase() throws {
        var object = try JSONSerialization.jsonObject(with: try example("license")) as! [String: Any]
        var licensee = object["licensee"] as! [String: Any]
        licensee["bin"] = "123"
        object["licensee"] = licensee
        object.removeValue(forKey: "provider")
        let json = try JSONSerialization.data(withJSONObject: object)
        do {
            _ = try Self.library.prepare(json: json)
            Issue.record("accepted")
        } catch let error as CaseError {
            let paths = Set(error.issues.map(\.path))
            #expect(paths.contains("licensee.bin"))
            #expect(paths.contains("provider"))
        }
    }

    @Test("every shipped template binds its sample with no template error")
    func everySample() throws {
        for document in Self.library.documents {
            let tree = try self.document(try example(document))
            #expect(!texts(tree.body).isEmpty, "\(document) is empty")
        }
    }
}
