import Foundation
import Qujat
import Testing

/// Case values are text: markup and template syntax inside them print literally.
@Suite struct LiteralTextTests {
    @Test func markupAndTemplateSyntaxInValuesPrintLiterally() throws {
        let tricky = "<b>ЖШС</b> &amp; **қалың** __көлбеу__ {{ license.number }} {% if %} \\n"
        let json = try InvalidCaseTests.mutated("license") { object in
            InvalidCaseTests.set(&object, ["licensee", "name"], tricky)
        }
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let text = PDF.squeezed(try PDF.text(PDF.write(try renderer.pdf(json: json))))
        #expect(text.contains(PDF.squeezed(tricky)))
    }

    @Test func allKazakhLettersRenderAndExtract() throws {
        let letters = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І ₸ № « » –"
        let json = try InvalidCaseTests.mutated("license") { object in
            InvalidCaseTests.set(&object, ["license", "note"], letters)
        }
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let text = try PDF.text(PDF.write(try renderer.pdf(json: json)))
        #expect(PDF.squeezed(text).contains(PDF.squeezed(letters)))
    }

    @Test func aCharacterNoFontHasInTheCaseIsACaseErrorNamingItsPath() throws {
        let json = try InvalidCaseTests.mutated("license") { object in
            InvalidCaseTests.set(&object, ["license", "note"], "Жоқ 漢字")
        }
        let issues = try #require(renderError(json)?.caseIssues)
        #expect(issues.map(\.path) == ["license.note"])
        #expect(issues.first?.rule == "has '字' U+5B57, '漢' U+6F22, which no font in the fonts folder has")
    }

    @Test func aCharacterNoFontHasInTheTemplateIsARenderErrorNamingIt() throws {
        let library = try templatesCopy(editing: "license/kk.yaml", replacing: "text: ТЕЛНҰСҚА", with: "text: ТЕЛНҰСҚА 漢")
        let json = try InvalidCaseTests.mutated("license_duplicate") { _ in }
        let error = try #require(renderError(json, templates: library)?.renderError)
        #expect(error.kind == .missingGlyph)
        #expect(error.characters == ["漢"])
        #expect(error.message.contains("'漢' U+6F22"))
        #expect(error.message.contains("ТЕЛНҰСҚА 漢"))
    }

    @Test func aFontFamilyThatIsNotThereIsAnError() throws {
        let library = try templatesCopy(editing: "license/kk.yaml", replacing: "family: DejaVu Serif", with: "family: Times New Roman")
        let error = try #require(renderError(try Repo.example("license"), templates: library)?.renderError)
        #expect(error.kind == .missingFamily)
        #expect(error.message.contains("Times New Roman"))
    }
}

/// A template mistake is a clean error with its place, never a crash.
@Suite struct TemplateMistakeTests {
    @Test func aFilterWithoutItsArgumentIsAnErrorNotACrash() throws {
        let library = try templatesCopy(editing: "license/kk.yaml", replacing: "prefix(', тел. ')", with: "prefix()")
        let error = try #require(renderError(try Repo.example("license"), templates: library))
        guard case .template(let template) = error else { Issue.record("expected a template error, got \(error)"); return }
        #expect(template.description.contains("license/kk.yaml:"))
        #expect(template.description.contains("filter 'prefix' takes 1…1 argument(s), not 0"))
    }
}
