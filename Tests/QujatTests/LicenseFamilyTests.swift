import Foundation
import KazakhText
import Qujat
import Testing

/// The license family (FORMS.md §1–4) as a reader of the PDF sees it.
@Suite struct LicenseFamilyTests {
    static let cases = ["license", "license_duplicate", "license_reissued", "license_annex", "license_annex_duplicate"]

    func render(_ json: Data) throws -> URL {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        return PDF.write(try renderer.pdf(json: json))
    }

    /// The strings a reader must find for a case: every text value (names in full), dates in
    /// the Kazakh form the template prints.
    static func expectedValues(_ value: Any, key: String = "") -> [String] {
        let codes: Set<String> = ["document", "language", "kind", "reason", "channel"]
        switch value {
        case let object as [String: Any]:
            if let surname = object["surname"] as? String, let given = object["given"] as? String {
                let patronymic = object["patronymic"] as? String
                return [[surname, given, patronymic].compactMap { $0 }.joined(separator: " ")]
            }
            return object.keys.sorted().flatMap { k in
                // A duplicate's or reissue's reason code is printed as words, checked separately.
                (codes.contains(k) && object[k] is String && k != "reason") || (k == "reason" && ["lost", "damaged"].contains(object[k] as? String ?? ""))
                    ? [] : expectedValues(object[k]!, key: k)
            }
        case let array as [Any]:
            return array.flatMap { expectedValues($0, key: key) }
        case let text as String:
            if let date = CivilDate(iso: text) {
                return [KazakhDateForms.any(date)]
            }
            return [text]
        case let number as NSNumber:
            return ["\(number)"]
        default:
            return []
        }
    }

    @Test(arguments: cases)
    func everyValueOfTheCaseIsInTheText(_ name: String) throws {
        let url = try render(try Repo.example(name))
        let text = PDF.squeezed(try PDF.text(url))
        for value in Self.expectedValues(try Repo.exampleObject(name)) {
            let alternatives = value.components(separatedBy: KazakhDateForms.separator)
            #expect(alternatives.contains { text.contains(PDF.squeezed($0)) }, "\(name): «\(value)» is not in the PDF text")
        }
        for letter in ["ЛИЦЕНЗИЯ"] where !name.contains("annex") {
            #expect(text.contains(letter))
        }
    }

    @Test func theLicenseHasItsKazakhDateForms() throws {
        let text = try PDF.text(try render(try Repo.example("license")))
        #expect(text.contains("2026 жылғы 23 қарашада берілді"))
        #expect(text.contains("2 сәуір 2019 ж."))
        #expect(text.contains("Мерзімсіз"))
        #expect(text.contains("Қ.Д. Төсекбаев"))
        #expect(text.contains("Осы құжат «Электрондық құжат және электрондық цифрлық қолтаңба туралы»"))
    }

    @Test(arguments: cases)
    func fontsAreEmbeddedAndOnlyFromTheFontsFolder(_ name: String) throws {
        let url = try render(try Repo.example(name))
        let output = try run("pdffonts", [url.path]).text
        let rows = output.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        let ours = Set(try FileManager.default.contentsOfDirectory(atPath: Repo.fonts)
            .filter { $0.hasSuffix(".ttf") }.map { String($0.dropLast(4)) })
        for row in rows {
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            let font = String(columns[0].split(separator: "+").last!)
            #expect(ours.contains(font), "\(name): font \(font) is not from Fonts/")
            // emb, sub, uni columns are the three before the object id.
            let flags = columns.suffix(5).prefix(3)
            #expect(Array(flags) == ["yes", "yes", "yes"], "\(name): \(row)")
        }
    }

    @Test(arguments: cases)
    func qpdfFindsNoErrors(_ name: String) throws {
        let url = try render(try Repo.example(name))
        let result = try run("qpdf", ["--check", url.path])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.text.contains("No syntax or stream encoding errors"))
    }

    @Test(arguments: cases)
    func aRerunIsByteIdentical(_ name: String) throws {
        let json = try Repo.example(name)
        let first = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let second = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let a = try first.pdf(json: json)
        let b = try first.pdf(json: json)
        let c = try second.pdf(json: json)
        #expect(a == b)
        #expect(a == c)
    }

    @Test func metadataNamesTheDocumentTheProviderAndQujat() throws {
        let url = try render(try Repo.example("license"))
        let info = try run("pdfinfo", [url.path]).text
        #expect(info.contains("Title:           Лицензия № KZ12LAA00012345"))
        #expect(info.contains("Author:          «Батыс Қазақстан облысының денсаулық сақтау басқармасы» мемлекеттік мекемесі"))
        #expect(info.contains("Creator:         Qujat \(QujatVersion.string)"))
        #expect(!info.contains("CreationDate"))
    }

    @Test(arguments: ["license_duplicate", "license_annex_duplicate"])
    func aDuplicateSaysТелнұсқаOnEveryPage(_ name: String) throws {
        let url = try render(try Repo.example(name))
        let pages = try PDF.pages(url)
        for page in 1...pages {
            let text = try PDF.text(url, page: page)
            #expect(text.contains("ТЕЛНҰСҚА"), "\(name) page \(page)")
        }
        let text = try PDF.text(url)
        #expect(text.contains("2026 жылғы 1 желтоқсанда берілді"))
    }

    @Test func anOriginalHasNoDuplicateMark() throws {
        let text = try PDF.text(try render(try Repo.example("license")))
        #expect(!text.contains("ТЕЛНҰСҚА"))
    }

    @Test func aReissueSaysFromWhichDocumentAndWhy() throws {
        let text = PDF.squeezed(try PDF.text(try render(try Repo.example("license_reissued"))))
        #expect(text.contains(PDF.squeezed("Лицензия қайта ресімделді 2026 жылғы 25 қарашада")))
        #expect(text.contains(PDF.squeezed("2026 жылғы 23 қарашадағы № KZ12LAA00012345 лицензияның орнына берілді")))
        #expect(text.contains(PDF.squeezed("Заңды тұлғаның атауының өзгеруіне байланысты")))
        #expect(text.contains(PDF.squeezed("2 сәуір 2019 ж.")))
    }

    @Test(arguments: cases)
    func theQRCodeDecodesToTheVerificationURL(_ name: String) throws {
        let url = try render(try Repo.example(name))
        let pages = try PDF.pages(url)
        let folder = url.deletingLastPathComponent()
        try run("pdftoppm", ["-r", "150", "-png", "-f", String(pages), "-l", String(pages), url.path, folder.appendingPathComponent("p").path])
        let image = try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".png") }!
        let result = try run("zbarimg", ["-q", "--raw", folder.appendingPathComponent(image).path])
        // Each sample's own address (the reissued license has its own number).
        let expected = ((try Repo.exampleObject(name))["verification"] as? [String: Any])?["url"] as? String
        #expect(result.text.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }
}

/// Kazakh date forms joined so that a test accepts any of them.
enum KazakhDateForms {
    static let separator = "\u{1F}"
    static func any(_ date: CivilDate) -> String {
        [KazakhDate.attributive(date), KazakhDate.locative(date), KazakhDate.nominative(date), KazakhDate.numeric(date), KazakhDate.long(date)]
            .joined(separator: separator)
    }
}
