import Foundation
import Qujat
import Testing

/// A long annex runs over pages: table header, «N-бет / M» and the numbers on every page,
/// and the signature block never alone.
@Suite struct AnnexPagingTests {
    static func longAnnex(subtypes count: Int) throws -> Data {
        var object = try Repo.exampleObject("license_annex")
        var annex = object["annex"] as! [String: Any]
        annex["subtypes"] = (1...count).map { i -> [String: Any] in
            ["name": "Кіші түр №\(i) — медициналық көмек", "items": i % 3 == 0 ? ["мамандық \(i)-а", "мамандық \(i)-ә"] : []]
        }
        object["annex"] = annex
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func fortyFiveSubtypesRunOverPagesWithHeaderAndPageNumbers() throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let url = PDF.write(try renderer.pdf(json: try Self.longAnnex(subtypes: 45)))
        let pages = try PDF.pages(url)
        #expect(pages >= 3)
        var seen = Set<Int>()
        for page in 1...pages {
            let text = try PDF.text(url, page: page)
            #expect(text.contains("\(page)-бет / \(pages)"), "page \(page) lacks «N-бет / M»")
            #expect(text.contains("Лицензия № KZ12LAA00012345, қосымша № 001"), "page \(page) lacks the numbers")
            let rows = text.components(separatedBy: "Кіші түр №").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            if !rows.isEmpty {
                #expect(text.contains("Кіші түрі және мамандықтар"), "page \(page) has rows but no table header")
            }
            seen.formUnion(rows)
        }
        #expect(seen == Set(1...45), "every subtype is printed once")
        let last = try PDF.text(url, page: pages)
        #expect(last.contains("Қ.Д. Төсекбаев"))
        // The signature block is not alone: the last page also has the fields before it.
        #expect(last.contains("Берілген жері"))
    }
}
