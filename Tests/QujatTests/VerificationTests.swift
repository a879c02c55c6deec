import Foundation
import Qujat
import Testing

/// FORMS.md: `verification` is optional on every document and, when given, printed as a QR
/// code with the code beside it. A phone must read the code off the printed page.
@Suite("verification QR on every document")
struct VerificationTests {
    static let documents = ["license", "license_annex", "license_duplicate", "license_reissued", "license_annex_duplicate",
                            "receipt_accepted", "receipt_refused", "refusal", "termination", "phc_talon", "survey"]

    @Test(arguments: documents)
    func printedAndReadable(_ name: String) throws {
        let url = "https://elicense.kz/check?n=\(name)-0042&b=180140012349"
        let json = try InvalidCaseTests.mutated(name) { object in
            object["verification"] = ["url": url, "code": "\(name.uppercased())-0042"]
        }
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let pdf = PDF.write(try renderer.pdf(json: json))
        #expect(PDF.squeezed(try PDF.text(pdf)).contains("Тексерукоды:\(name.uppercased())-0042"))
        let folder = temporaryFolder()
        try run("pdftoppm", ["-r", "150", "-png", pdf.path, folder.appendingPathComponent("page").path])
        var decoded: [String] = []
        for page in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let result = try run("zbarimg", ["-q", "--raw", folder.appendingPathComponent(page).path])
            decoded += result.text.split(separator: "\n").map(String.init)
        }
        // Receipts and the termination reply print two complete copies, each with its code.
        let copies = name.hasPrefix("receipt") || name == "termination" ? 2 : 1
        #expect(decoded == Array(repeating: url, count: copies), "\(decoded)")
    }

    @Test("the longest address the schema allows (256 bytes) is still read from the page")
    func longestAddress() throws {
        let url = "https://elicense.kz/check?n=" + String(repeating: "7", count: 256 - 28)
        #expect(url.utf8.count == 256)
        let json = try InvalidCaseTests.mutated("receipt_refused") { object in
            object["verification"] = ["url": url, "code": "X-1"]
        }
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let pdf = PDF.write(try renderer.pdf(json: json))
        let folder = temporaryFolder()
        try run("pdftoppm", ["-r", "200", "-f", "1", "-l", "1", "-png", pdf.path, folder.appendingPathComponent("page").path])
        let page = try FileManager.default.contentsOfDirectory(atPath: folder.path)[0]
        #expect(try run("zbarimg", ["-q", "--raw", folder.appendingPathComponent(page).path]).text.contains(url))
    }
}
