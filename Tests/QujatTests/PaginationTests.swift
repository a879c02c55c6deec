import Foundation
import Qujat
import Testing
import QujatDocument
import QujatLayout
import QujatPDF

/// Content taller than a page is split, never clipped: what a reader extracts holds every item
/// exactly once and in order, no two words overlap, and nothing runs off the page.
@Suite("pagination: nothing lost, nothing over anything")
struct PaginationTests {
    /// Words of each page as `pdftotext -bbox` gives them: (page, xMin, yMin, xMax, yMax, text).
    static func words(_ url: URL) throws -> [(page: Int, box: (Double, Double, Double, Double), text: String, height: Double)] {
        let html = try run("pdftotext", ["-bbox", url.path, "-"]).text
        var result: [(page: Int, box: (Double, Double, Double, Double), text: String, height: Double)] = []
        for (index, page) in html.components(separatedBy: "<page ").dropFirst().enumerated() {
            let height = Double(page.firstMatch(of: /height="([\d.]+)"/)?.1 ?? "0") ?? 0
            for match in page.matches(of: /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)<\/word>/) {
                result.append((index + 1, (Double(match.1)!, Double(match.2)!, Double(match.3)!, Double(match.4)!), String(match.5), height))
            }
        }
        return result
    }

    /// No word outside its page and no two words' boxes overlapping by more than a quarter.
    static func checkLayout(_ url: URL) throws {
        let all = try words(url)
        for word in all {
            #expect(word.box.1 >= 0 && word.box.3 <= word.height + 0.5, "page \(word.page): «\(word.text)» runs off the page")
        }
        for page in Set(all.map(\.page)) {
            let boxes = all.filter { $0.page == page }.sorted { $0.box.1 < $1.box.1 }
            for (i, a) in boxes.enumerated() {
                for b in boxes[(i + 1)...] {
                    if b.box.1 >= a.box.3 { break }
                    let ix = min(a.box.2, b.box.2) - max(a.box.0, b.box.0), iy = min(a.box.3, b.box.3) - max(a.box.1, b.box.1)
                    let small = min((a.box.2 - a.box.0) * (a.box.3 - a.box.1), (b.box.2 - b.box.0) * (b.box.3 - b.box.1))
                    #expect(!(ix > 0 && iy > 0 && ix * iy > 0.25 * max(small, 1)), "page \(page): «\(a.text)» overlaps «\(b.text)»")
                }
            }
        }
    }

    static func annex(items: Int, conditionsWords: Int = 0) throws -> Data {
        try InvalidCaseTests.mutated("license_annex") { object in
            var annex = object["annex"] as! [String: Any]
            annex["subtypes"] = [["name": "Стационарлық көмек", "items": (1...items).map { "мамандық-\($0)-атауы" }] as [String: Any]]
            if conditionsWords > 0 { annex["special_conditions"] = (1...conditionsWords).map { "сөз\($0)" }.joined(separator: " ") }
            object["annex"] = annex
        }
    }

    @Test("one subtype with 50, 80 and 500 specialties: every one printed once, in order, under a repeated header",
          arguments: [50, 80, 500])
    func longSubtype(_ items: Int) throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let url = PDF.write(try renderer.pdf(json: try Self.annex(items: items)))
        let text = try PDF.text(url)
        let found = text.matches(of: /мамандық-(\d+)-атауы/).map { Int($0.1)! }
        #expect(found == Array(1...items))
        let pages = try PDF.pages(url)
        for page in 2..<max(2, pages) {
            let pageText = try PDF.text(url, page: page)
            if pageText.contains("мамандық-") {
                #expect(pageText.contains("Кіші түрі және мамандықтар"), "page \(page) continues the table without its header")
                #expect(pageText.contains("(жалғасы)"), "page \(page) does not say the row continues")
            }
        }
        // Page 1 is not left with the table header alone, and every page the row runs over is
        // filled (no page of one or two lines in the middle of the row).
        #expect(try PDF.text(url, page: 1).contains("мамандық-1-атауы"))
        let perPage = try (1...pages).map { try PDF.text(url, page: $0).matches(of: /мамандық-\d+-атауы/).count }
        if let last = perPage.lastIndex(where: { $0 > 0 }), let first = perPage.firstIndex(where: { $0 > 0 }), last > first + 1 {
            #expect(perPage[(first + 1)..<last].allSatisfy { $0 >= 40 }, "\(perPage)")
        }
        try Self.checkLayout(url)
    }

    @Test("a 1 000-word field runs over pages whole")
    func longField() throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let url = PDF.write(try renderer.pdf(json: try Self.annex(items: 3, conditionsWords: 1000)))
        let found = try PDF.text(url).matches(of: /сөз(\d+)/).map { Int($0.1)! }
        #expect(found == Array(1...1000))
        try Self.checkLayout(url)
    }

    @Test("content that cannot be split (a QR code taller than the page) is a render error naming it, never clipped")
    func unsplittable() throws {
        let page = PageSetup(width: 300, height: 200, margins: Edges(all: 20))
        let style = TextStyle(family: "DejaVu Serif", size: 10)
        let document = Document(page: page, baseStyle: style,
                                body: [.paragraph(Paragraph(runs: [Run(text: "Алдыңғы мәтін")], style: style)),
                                       .qr(QRCode(payload: "https://elicense.kz/check", size: 400))],
                                metadata: Metadata(title: "t", author: "a", creator: "c"))
        let renderer = try PageRenderer(fontsDirectory: Repo.fonts)
        #expect(throws: RenderError.self) { try renderer.pdf(document) }
        do {
            _ = try renderer.pdf(document)
        } catch {
            #expect(error.message.contains("cannot be split"), "\(error)")
        }
    }
}

/// The line-breaking rules as a reader sees them: in a narrow column, «№ N», «N-suffix»,
/// initials with the surname and phone numbers always stand whole on one line.
@Suite("line breaks")
struct LineBreakTests {
    @Test func tokensStayOnOneLine() throws {
        let tokens = ["№ 139", "14-кеңсе", "А.Н. Сейтқали", "8 (7112) 24-15-60", "45-пәтер", "Ж.Б. Оспанова", "№ KZ12LAA00012345"]
        let text = (0..<30).map { "Сөз \($0) \(tokens[$0 % tokens.count])," }.joined(separator: " ")
        let json = try InvalidCaseTests.mutated("license") { object in
            var license = object["license"] as! [String: Any]
            license["special_conditions"] = text
            object["license"] = license
        }
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let url = PDF.write(try renderer.pdf(json: json))
        let lines = try run("pdftotext", ["-layout", url.path, "-"]).text.split(separator: "\n").map(String.init)
        var found = 0
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            #expect(!trimmed.hasSuffix("№"), "«№» ends a line: \(trimmed)")
            #expect(trimmed.firstMatch(of: /\d-$/) == nil, "a numbered form broken after its hyphen: \(trimmed)")
            #expect(trimmed.hasSuffix("М.О.") || trimmed.firstMatch(of: /(?:^|\s)\p{Lu}\.(?:\p{Lu}\.)?$/) == nil,
                    "initials end a line: \(trimmed)")  // М.О.: the seal's place
            for token in tokens { found += line.components(separatedBy: token).count - 1 }
        }
        // Every token of the field is found whole on some line (plus those elsewhere on the page).
        #expect(found >= 30)
    }
}
