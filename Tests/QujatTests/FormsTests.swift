import Foundation
import KazakhText
import Qujat
import Testing

/// FORMS.md's forms as a reader checks them: termination on the annex-8 form, copies numbered
/// within themselves, and due dates that are never silently wrong.
@Suite("forms: annex 8, copies, due dates")
struct FormsTests {
    static func render(_ json: Data) throws -> URL {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        return PDF.write(try renderer.pdf(json: json))
    }

    @Test("the termination reply is on the Standard's annex 8 form, in two complete copies")
    func terminationOnAnnex8() throws {
        let json = try InvalidCaseTests.mutated("termination") { object in
            object["missing_documents"] = (1...40).map { "Жетіспейтін құжат \($0)" }
        }
        let url = try Self.render(json)
        let pages = try PDF.pages(url)
        #expect(pages >= 4 && pages % 2 == 0)
        let text = PDF.squeezed(try PDF.text(url))
        for wanted in ["Мемлекеттік көрсетілетін қызмет стандартына 8-қосымша", "Заңының 20-бабын басшылыққа ала отырып",
                       "1-дана — өтініш берушіге", "2-дана — көрсетілетін қызметті берушіде қалады",
                       "Осы жауап әр тарап үшін бір-бірден 2 данада жасалды", "Алдым", "Алған күні",
                       "Ғабдуллин Ерлан Маратұлы, бас маман, тел. 8 (7112) 50-12-40"] {
            #expect(text.contains(PDF.squeezed(wanted)), "«\(wanted)» is not on the page")
        }
        // Every missing document numbered, in each copy, in order.
        let layout = try run("pdftotext", ["-layout", url.path, "-"]).text
        let numbers = layout.matches(of: /(\d+)\)\s+Жетіспейтін құжат (\d+)/).map { (Int($0.1)!, Int($0.2)!) }
        #expect(numbers.map(\.0) == Array(1...40) + Array(1...40))
        #expect(numbers.allSatisfy { $0.0 == $0.1 })
        // Each copy is numbered within itself, with the letter's number on every page.
        let perCopy = pages / 2
        for page in 1...pages {
            let inCopy = (page - 1) % perCopy + 1
            #expect(try PDF.text(url, page: page).contains("Жауап № 03-12/4472 · \(inCopy)-бет / \(perCopy)"), "page \(page)")
        }
    }

    @Test("a receipt with 40 missing documents: each copy is numbered 1…N of N with the receipt number on every page")
    func receiptCopiesNumberedWithin() throws {
        let json = try InvalidCaseTests.mutated("receipt_refused") { object in
            var receipt = object["receipt"] as! [String: Any]
            receipt["missing_documents"] = (1...40).map { "Құжаттың толық атауы, нөмірі және берілген күні \($0)" }
            object["receipt"] = receipt
        }
        let url = try Self.render(json)
        let pages = try PDF.pages(url)
        #expect(pages % 2 == 0 && pages >= 4)
        let number = ((try Repo.exampleObject("receipt_refused"))["receipt"] as! [String: Any])["number"] as! String
        for page in 1...pages {
            let inCopy = (page - 1) % (pages / 2) + 1
            #expect(try PDF.text(url, page: page).contains("Қолхат № \(number) · \(inCopy)-бет / \(pages / 2)"), "page \(page)")
        }
    }

    static func receipt(acceptedAt: String, service: String? = nil) throws -> Data {
        try InvalidCaseTests.mutated("receipt_accepted") { object in
            var receipt = object["receipt"] as! [String: Any]
            receipt["result_on"] = nil
            receipt["accepted_at"] = acceptedAt
            if let service { receipt["service"] = service }
            object["receipt"] = receipt
        }
    }

    @Test("a due date through a year the calendar has no data for is an error naming the year and the file")
    func calendarCoverage() throws {
        let error = renderError(try Self.receipt(acceptedAt: "2028-03-02T10:00"))
        #expect("\(error.map { "\($0)" } ?? "rendered")".contains("cannot count working days through 2028: Templates/calendar.txt has no data for that year"))
        // A term that runs from December 2027 into 2028 needs 2028 too.
        let across = renderError(try Self.receipt(acceptedAt: "2027-12-24T10:00"))
        #expect("\(across.map { "\($0)" } ?? "rendered")".contains("through 2028"))
        #expect(renderError(try Self.receipt(acceptedAt: "2027-03-02T10:00")) == nil)
    }

    @Test("an unknown service is a case error at receipt.service, on validate and on render alike, never a silent 15 days")
    func unknownService() throws {
        let json = try Self.receipt(acceptedAt: "2026-11-23T10:00", service: "Басқа бір қызмет")
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        for verdict in [Result { () throws(QujatError) in _ = try renderer.validate(json: json) },
                        Result { () throws(QujatError) in _ = try renderer.pdf(json: json) }] {
            guard case .failure(.invalidCase(let problems)) = verdict else {
                Issue.record("\(verdict)")
                continue
            }
            #expect(problems.issues.map(\.path) == ["receipt.service"])
            #expect(problems.issues.first?.rule.contains("give result_on") == true)
        }
        // With a result date the service need not be known.
        let given = try InvalidCaseTests.mutated("receipt_accepted") { object in
            var receipt = object["receipt"] as! [String: Any]
            receipt["service"] = "Басқа бір қызмет"
            object["receipt"] = receipt
        }
        #expect(renderError(given) == nil)
    }
}
