import Foundation
import Testing

/// `qujat check` and `qujat templates` through the real CLI.
@Suite struct CheckCommandTests {
    @Test func theShippedTemplatesAreClean() throws {
        let result = try run(Repo.executable, ["check", "--templates", Repo.templates])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("8 documents, no problems"))
    }

    @Test func aBrokenTemplateIsReportedAtFileLineColumn() throws {
        let folder = temporaryFolder().appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: folder.path)
        func edit(_ file: String, _ from: String, _ to: String) throws {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(from))
            try text.replacingOccurrences(of: from, with: to).write(to: url, atomically: true, encoding: .utf8)
        }
        try edit("license/kk.yaml", "[Мекенжайы, \"{{ licensee.address }}\"]", "[Мекенжайы, \"{{ licensee.adress }}\"]")
        try edit("license/kk.yaml", "date_nom | default", "date_nomm | default")
        try edit("survey/kk.yaml", "  - checkbox: ішінара қанағаттанамын\n  - checkbox: қанағаттанамын\n  - space: 6mm",
                 "  - checkbox: ішінара қанағаттанамын\n  - checkbox: \"{{ service\n  - space: 6mm")
        try edit("refusal/kk.yaml", "    first_indent: 10mm\n    space_before: 2mm", "    first_indnt: 10mm\n    space_before: 2mm")
        let result = try run(Repo.executable, ["check", "--templates", folder.path])
        #expect(result.status == 70, "a broken template is exit 70, as for render")
        let license = folder.appendingPathComponent("license/kk.yaml").path
        #expect(result.stderr.contains("\(license):62:25: error: 'licensee.adress' is not in the document's schema"), "\(result.stderr)")
        #expect(result.stderr.contains("\(license):73:"), "\(result.stderr)")
        #expect(result.stderr.contains("unknown filter 'date_nomm'"))
        #expect(result.stderr.contains("survey/kk.yaml:"))
        #expect(result.stderr.contains("survey/kk.yaml:"), "\(result.stderr)")
        #expect(result.stderr.contains("YAML: "))
        #expect(result.stderr.contains("refusal/kk.yaml:"))
        #expect(result.stderr.contains("unknown key 'first_indnt' in text (did you mean 'first_indent'?)"))
        #expect(result.stderr.contains("unknown filter 'date_nomm' (did you mean 'date_nom'?)"))
    }

    /// A folder of templates with one survey template written by the test.
    static func survey(_ text: String) throws -> (folder: URL, file: String) {
        let folder = temporaryFolder().appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: folder.path)
        let file = folder.appendingPathComponent("survey/kk.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (folder, file.path)
    }

    @Test("each problem shows its source line with a caret under the column")
    func sourceLineAndCaret() throws {
        let (folder, file) = try Self.survey("body:\n  - text: \"Қызмет: {{ service | uper }}\"\n")
        let result = try run(Repo.executable, ["check", "--templates", folder.path])
        #expect(result.status == 70)
        #expect(result.stderr.contains("""
            \(file):2:33: error: unknown filter 'uper' (did you mean 'upper'?)
              |
            2 |   - text: "Қызмет: {{ service | uper }}"
              |                                 ^
            """), "\(result.stderr)")
        let (other, block) = try Self.survey("body:\n  - txt: екі\n  - text: үш\n    algn: center\n")
        let blocks = try run(Repo.executable, ["check", "--templates", other.path])
        #expect(blocks.stderr.contains("""
            \(block):2:5: error: unknown block 'txt' (did you mean 'text'?)
              |
            2 |   - txt: екі
              |     ^
            """), "\(blocks.stderr)")
        #expect(blocks.stderr.contains("\(block):4:5: error: unknown key 'algn' in text (did you mean 'align'?)"), "\(blocks.stderr)")
    }

    @Test("a broken template at render time shows its source line too; a misspelt document is suggested")
    func renderShowsTheSourceLine() throws {
        let (folder, file) = try Self.survey("body:\n  - text: \"{{ service | uper }}\"\n")
        let input = temporaryFolder().appendingPathComponent("survey.json")
        try Repo.example("survey").write(to: input)
        let result = try run(Repo.executable, ["render", input.path, "-o", "-", "--templates", folder.path, "--fonts", Repo.fonts])
        #expect(result.status == 70)
        #expect(result.stderr.contains("\(file):2:25: error: unknown filter 'uper'"), "\(result.stderr)")
        #expect(result.stderr.contains("2 |   - text: \"{{ service | uper }}\""), "\(result.stderr)")
        var wrong = try Repo.exampleObject("survey")
        wrong["document"] = "survy"
        let unknown = try run(Repo.executable, ["validate", "-", "--templates", Repo.templates, "--fonts", Repo.fonts],
                              input: try JSONSerialization.data(withJSONObject: wrong))
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("document: unknown document 'survy' (did you mean 'survey'?"), "\(unknown.stderr)")
    }

    @Test("YAML mistakes in plain words", arguments: [
        ("body:\n  - text: a\n\t  bold: true\n", "3:1", "YAML: a tab character"),
        ("body:\n  - text: Мекенжайы: Орал қ.\n", "2:20", "YAML: a colon followed by a space inside unquoted text"),
        ("page:\n  size: A4\n size2: A5\nbody:\n  - a\n", "3:2", "YAML: bad indentation"),
        ("body:\n  - text: a\n     bold: true\n", "3:10", "YAML: bad indentation"),
        ("body:\n  - {{ service }}-бет\n", "2:", "YAML: text starting with { must be in double quotes"),
        ("body:\n  - {{ service }}\n", "2:5", "text starting with { must be in double quotes"),
        ("body:\n  - **Бас** мәтін\n", "2:", "YAML: text starting with * (such as **bold**) must be in double quotes"),
        ("body:\n  - \"a \\d\"\n", "2:8", "YAML: a backslash inside"),
        ("body:\n  - \"a b\n  - c\n", "2:5", "YAML: this quote is never closed"),
    ])
    func yamlInPlainWords(text: String, place: String, words: String) throws {
        let (folder, file) = try Self.survey(text)
        let result = try run(Repo.executable, ["check", "--templates", folder.path])
        #expect(result.status == 70)
        #expect(result.stderr.contains("\(file):\(place)"), "\(result.stderr)")
        #expect(result.stderr.contains("error: \(words)"), "\(result.stderr)")
    }

    @Test func templatesListsDocumentsLanguagesAndPageSizes() throws {
        let result = try run(Repo.executable, ["templates", "--templates", Repo.templates])
        #expect(result.status == 0)
        #expect(result.text.contains("license\tkk\tA4"))
        #expect(result.text.contains("phc_talon\tkk\tA5"))
        #expect(result.text.split(separator: "\n").count == 8)
    }
}
