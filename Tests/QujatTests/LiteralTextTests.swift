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
        // Found when the templates are loaded (the linter), before any case is bound.
        #expect(template.description.contains("filter 'prefix' takes 1 argument(s), not 0"))
    }

    @Test("a template path not in the schema is refused when loaded, with file:line:column, not printed empty")
    func aMisspeltPathIsRefused() throws {
        let library = try templatesCopy(editing: "license/kk.yaml", replacing: "{{ licensee.address }}", with: "{{ licensee.adress }}")
        let error = try #require(renderError(try Repo.example("license"), templates: library))
        guard case .template(let template) = error else { Issue.record("expected a template error, got \(error)"); return }
        #expect(template.description.contains("license/kk.yaml:"))
        #expect(template.description.contains("'licensee.adress' is not in the document's schema"))
        // The other documents still render.
        #expect(renderError(try Repo.example("refusal"), templates: library) == nil)
    }
}

/// Keys of a case that its document does not read: a warning with "did you mean …?", an
/// error with --strict (CLI) or ?strict=true (server).
@Suite struct UnknownKeyTests {
    static func misspelt() throws -> Data {
        try InvalidCaseTests.mutated("license") { object in object["verificaton"] = object.removeValue(forKey: "verification") }
    }

    @Test func cliWarnsAndStrictRefuses() throws {
        let folder = temporaryFolder()
        let input = folder.appendingPathComponent("case.json")
        try Self.misspelt().write(to: input)
        let common = ["--templates", Repo.templates, "--fonts", Repo.fonts, "-o", folder.appendingPathComponent("l.pdf").path]
        let lenient = try run(Repo.executable, ["render", input.path] + common)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: verificaton: is not a key this document reads (did you mean 'verification'?)"), "\(lenient.stderr)")
        let strict = try run(Repo.executable, ["render", input.path, "--strict"] + common)
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("verificaton: is not a key this document reads"))
    }

    @Test func serverHeaderAndStrictQuery() async throws {
        // One worker: a strict request must not leave its renderer strict for the next one.
        let server = try ServerProcess(["--workers", "1"])
        defer { server.stop() }
        let body = try Self.misspelt()
        let lenient = try await http("POST", server.base + "/v1/documents", body: body, contentType: "application/json")
        #expect(lenient.status == 200)
        #expect(lenient.header("Qujat-Warnings")?.contains("verificaton: is not a key this document reads (did you mean 'verification'?)") == true)
        let strict = try await http("POST", server.base + "/v1/documents?strict=true", body: body, contentType: "application/json")
        #expect(strict.status == 422)
        let after = try await http("POST", server.base + "/v1/documents", body: body, contentType: "application/json")
        #expect(after.status == 200)
        let validate = try await http("POST", server.base + "/v1/documents/validate?strict=true", body: body, contentType: "application/json")
        #expect(validate.status == 422)
        let ok = try await http("POST", server.base + "/v1/documents/validate", body: try Repo.example("license"), contentType: "application/json")
        #expect(ok.status == 204 && ok.header("Qujat-Warnings") == nil)
    }
}
