import Foundation
import KazakhText
import Qujat
import Testing

/// Every document of FORMS.md, from its sample case, as a reader of the PDF sees it.
@Suite struct AllDocumentsTests {
    static let cases = GoldenImageTests.cases

    func render(_ json: Data) throws -> URL {
        PDF.write(try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts).pdf(json: json))
    }

    @Test func everySampleCaseHasATemplate() {
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: Repo.examples.path)) ?? []).filter { $0.hasSuffix(".json") }
        #expect(Self.cases.count == all.count)
        #expect(Repo.library.documents.count == 8)
    }

    @Test(arguments: cases)
    func everyValueOfTheCaseIsInTheText(_ name: String) throws {
        let text = PDF.squeezed(try PDF.text(try render(try Repo.example(name))))
        for value in Values.expected(try Repo.exampleObject(name)) {
            let alternatives = value.components(separatedBy: Values.separator)
            #expect(alternatives.contains { PDF.contains(text, $0) }, "\(name): «\(value)» is not in the PDF text")
        }
    }

    @Test(arguments: cases)
    func qpdfIsCleanAndFontsAreEmbedded(_ name: String) throws {
        let url = try render(try Repo.example(name))
        #expect(try run("qpdf", ["--check", url.path]).status == 0)
        let rows = try run("pdffonts", [url.path]).text.split(separator: "\n").dropFirst(2)
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.contains("yes yes yes"), "\(name): \(row)") }
    }

    @Test func theRefusalReceiptNumbersMissingDocumentsInTwoCompleteCopies() throws {
        let url = try render(try Repo.example("receipt_refused"))
        #expect(try PDF.pages(url) == 2)
        for page in 1...2 {
            let text = try PDF.text(url, page: page)
            #expect(text.contains("1)\n") && text.contains("2)\n"))
            #expect(text.contains("Лицензиялық алымның төленгенін растайтын құжат"))
            #expect(text.contains("Біліктілік талаптарына сәйкестігі туралы мәліметтер нысаны"))
            #expect(PDF.squeezed(text).contains("№002-1123-0458"))
            #expect(text.contains("Мұхамеджанов Әділет Өмірзақұлы"))
            #expect(text.contains("\(page)-дана"))
            #expect(text.contains("20-бабының 2-тармағын"))
        }
    }

    @Test func theAcceptanceReceiptIsInTwoCopies() throws {
        let url = try render(try Repo.example("receipt_accepted"))
        #expect(try PDF.pages(url) == 2)
        for page in 1...2 { #expect(try PDF.text(url, page: page).contains("№ 002-1123-0457")) }
        let text = PDF.squeezed(try PDF.text(url))
        #expect(text.contains(PDF.squeezed("43 250 (қырық үш мың екі жүз елу) теңге")))
        #expect(text.contains(PDF.squeezed("10 (он) АЕК")))
        // A date standing alone after its label is in the nominative, not the dangling attributive.
        #expect(text.contains(PDF.squeezed("Нәтиже беру мерзімі 2026 жылғы 14 желтоқсан")))
        #expect(!text.contains(PDF.squeezed("14 желтоқсандағы")))
        // Each copy is numbered within itself and carries the receipt number.
        for page in 1...2 { #expect(try PDF.text(url, page: page).contains("Қолхат № 002-1123-0457 · 1-бет / 1")) }
    }

    @Test func aMissingResultDateIsComputedInWorkingDays() throws {
        var object = try Repo.exampleObject("receipt_accepted")
        var receipt = object["receipt"] as! [String: Any]
        receipt["result_on"] = nil
        receipt["accepted_at"] = "2026-12-29T11:00"
        object["receipt"] = receipt
        let text = PDF.squeezed(try PDF.text(try render(try JSONSerialization.data(withJSONObject: object))))
        // 15 working days after 29 Dec 2026: New Year, 7 January and weekends are skipped.
        let due = WorkCalendar().addingWorkingDays(15, to: CivilDate(iso: "2026-12-29")!)
        #expect(due.iso == "2027-01-22")
        #expect(text.contains(PDF.squeezed("Нәтиже беру мерзімі " + KazakhDate.long(due))))
        #expect(text.contains(PDF.squeezed("15 (он бес) жұмыс күні")))
    }

    @Test func theTalonFitsA5AndTheStrip() throws {
        let a5 = try render(try Repo.example("phc_talon"))
        #expect(try PDF.pages(a5) == 1)
        #expect(try run("pdfinfo", [a5.path]).text.contains("419.528 x 595.276 pts"))
        var object = try Repo.exampleObject("phc_talon")
        object["format"] = "strip"
        let strip = try render(try JSONSerialization.data(withJSONObject: object))
        #expect(try PDF.pages(strip) == 1)
        let size = try run("pdfinfo", [strip.path]).text.split(separator: "\n").first { $0.hasPrefix("Page size:") }!
        #expect(size.contains("226.772 x"), "80 mm wide: \(size)")
        let text = PDF.squeezed(try PDF.text(strip))
        for value in Values.expected(object) {
            #expect(value.components(separatedBy: Values.separator).contains { PDF.contains(text, $0) }, "strip: «\(value)»")
        }
    }

    @Test func hyphenatedJustifiedTextExtractsWholeWords() throws {
        // The refusal letter is justified with Kazakh soft hyphens: unbroken words must come
        // out whole, with no soft hyphen in the text layer.
        let text = try PDF.text(try render(try Repo.example("refusal")))
        #expect(!text.unicodeScalars.contains("\u{AD}"))
        #expect(text.contains("мемлекеттік"))
        #expect(text.contains("өтінішіңізді"))
    }

    @Test func theSurveyHasTwoQuestionsWithThreeAnswersEach() throws {
        let text = try PDF.text(try render(try Repo.example("survey")))
        for answer in ["қанағаттанбаймын", "ішінара қанағаттанамын"] {
            #expect(text.components(separatedBy: answer).count - 1 == 2)
        }
        #expect(text.components(separatedBy: "\nқанағаттанамын").count - 1 == 2)
    }
}

/// The strings a reader must find for a case.
enum Values {
    static let separator = "\u{1F}"
    static let codes: Set<String> = ["document", "language", "kind", "reason", "channel", "format"]

    static func expected(_ value: Any, key: String = "") -> [String] {
        switch value {
        case let object as [String: Any]:
            if let surname = object["surname"] as? String, let given = object["given"] as? String {
                let name = PersonName(surname: surname, given: given, patronymic: object["patronymic"] as? String)
                return [name.full + separator + name.initials]
            }
            return object.keys.sorted().filter { !codes.contains($0) }.flatMap { expected(object[$0]!, key: $0) }
        case let array as [Any]:
            return array.flatMap { expected($0, key: key) }
        case let text as String:
            if let date = CivilDate(iso: text) { return [forms(date)] }
            if let time = CivilDateTime(iso: text) { return [forms(time.date), KazakhDate.time(time)] }
            return [text]
        case let number as NSNumber:
            return [KazakhNumber.grouped(number.intValue)]
        default:
            return []
        }
    }

    static func forms(_ date: CivilDate) -> String {
        [KazakhDate.attributive(date), KazakhDate.locative(date), KazakhDate.nominative(date), KazakhDate.numeric(date),
         KazakhDate.long(date)]
            .joined(separator: separator)
    }
}
