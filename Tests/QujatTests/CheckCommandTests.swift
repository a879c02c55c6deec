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
        #expect(result.stderr.contains("YAML syntax"))
        #expect(result.stderr.contains("refusal/kk.yaml:"))
        #expect(result.stderr.contains("unknown key 'first_indnt' in text"))
    }

    @Test func templatesListsDocumentsLanguagesAndPageSizes() throws {
        let result = try run(Repo.executable, ["templates", "--templates", Repo.templates])
        #expect(result.status == 0)
        #expect(result.text.contains("license\tkk\tA4"))
        #expect(result.text.contains("phc_talon\tkk\tA5"))
        #expect(result.text.split(separator: "\n").count == 8)
    }
}
