import Foundation
import Testing
@testable import QujatCase

/// The text an author reads: ordered JSON and YAML, «did you mean», source excerpts, YAML
/// errors in plain words.
@Suite("authoring text")
struct DiagnosticsTests {
    static let sample: OrderedJSON = [
        "openapi": "3.1.0",
        "z": ["b": 1, "a": [true, .null, 2.5, "yes", "2026-11-23", "#/components/schemas/x", "a: b", "two\nlines\n", ""]],
        "empty": ["list": .array([]), "map": .object([])],
        "text": "«Денсаулық» — \"quoted\" \\ tab\t",
        "items": .array([["name": "a", "n": 1], [["deep": "x"]]]),
    ]

    @Test("JSON keeps the key order and escapes only what it must")
    func json() throws {
        let text = Self.sample.json(pretty: false)
        #expect(text.hasPrefix(##"{"openapi":"3.1.0","z":{"b":1,"a":[true,null,2.5,"yes","2026-11-23","#/components/schemas/x","a: b","two\nlines\n",""]}"##))
        #expect(text.contains(#""text":"«Денсаулық» — \"quoted\" \\ tab\t""#))
        let parsed = try JSONSerialization.jsonObject(with: Data(Self.sample.json().utf8)) as? [String: Any]
        #expect((parsed?["z"] as? [String: Any])?["b"] as? Int == 1)
    }

    @Test("YAML reads back as the same value; strings that look like something else are quoted")
    func yaml() throws {
        let text = Self.sample.yaml()
        #expect(try OrderedJSON.yaml(text) == Self.sample, "\(text)")
        #expect(text.hasPrefix("openapi: \"3.1.0\"\n"))
        #expect(text.contains("- \"yes\"\n"))
        #expect(text.contains("- \"2026-11-23\"\n"))
        #expect(text.contains("- \"#/components/schemas/x\"\n"))
        #expect(text.contains("- |\n      two\n      lines\n"), "\(text)")
        #expect(text.contains("items:\n  - name: a\n    \"n\": 1\n  -\n    - deep: x\n"), "\(text)")
    }

    @Test("did you mean: close names only, the same answer whatever the order")
    func suggestion() {
        #expect(Suggestion.nearest("first_indnt", in: ["align", "first_indent", "indent"]) == "first_indent")
        #expect(Suggestion.nearest("txt", in: ["text", "table"]) == "text")
        #expect(Suggestion.nearest("ab", in: ["qr", "if"]) == nil, "two edits in a two-letter name is another word")
        #expect(Suggestion.nearest("lisence", in: ["survey", "license", "license_annex"]) == "license")
        #expect(Suggestion.nearest("verificaton", in: ["verification", "document"]) == "verification")
        #expect(Suggestion.nearest("passport", in: ["license", "survey"]) == nil)
        #expect(Suggestion.nearest("dat", in: ["date_nom", "date"]) == Suggestion.nearest("dat", in: ["date", "date_nom"]))
    }

    @Test("an excerpt puts the caret under the column, counting Unicode scalars; a long line is cut around it")
    func excerpt() {
        let issue = TemplateIssue(SourceLocation(file: "kk.yaml", line: 2, column: 13), "unknown filter 'x'")
        let text = issue.annotated(source: "body:\n  - \"Қызмет {{ a | x }}\"\n")
        #expect(text == """
            kk.yaml:2:13: error: unknown filter 'x'
              |
            2 |   - "Қызмет {{ a | x }}"
              |             ^
            """)
        #expect(issue.annotated(source: nil) == "kk.yaml:2:13: error: unknown filter 'x'")
        #expect(issue.annotated(source: "one line") == "kk.yaml:2:13: error: unknown filter 'x'")
        let long = String(repeating: "а", count: 300) + "X" + String(repeating: "б", count: 300)
        let (shown, caret) = SourceExcerpt.window(long, column: 301)
        #expect(Array(shown.unicodeScalars)[caret] == "X")
        #expect(shown.hasPrefix("…") && shown.hasSuffix("…"))
        #expect(shown.unicodeScalars.count <= SourceExcerpt.width + 2)
        let (tabbed, at) = SourceExcerpt.window("\t  bold: true", column: 1)
        #expect(tabbed == "→  bold: true" && at == 0)
    }

    @Test("a YAML error names what was probably written")
    func yamlWords() throws {
        func message(_ text: String) -> String {
            do {
                _ = try YAMLSource(file: "t.yaml", text: text)
                return ""
            } catch {
                return error.issues.first?.description ?? ""
            }
        }
        #expect(message("body:\n  - text: a\n\t  bold: true\n").contains("t.yaml:3:1: error: YAML: a tab character"))
        #expect(message("a: Мекенжайы: Орал\n").contains("a colon followed by a space inside unquoted text"))
        #expect(message("a: 1\na: 2\n").contains("the key 'a' appears twice"))
        #expect(message("body:\n  - \"open\n").contains("t.yaml:2:5: error: YAML: this quote is never closed"))
    }
}
