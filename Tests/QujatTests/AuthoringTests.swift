import Foundation
import Qujat
import Testing

/// What a template author and an integrator ask the CLI: `schema`, `sample`, `validate`,
/// `templates --json`, all through the real executable.
@Suite struct AuthoringTests {
    static let resources = ["--templates", Repo.templates, "--fonts", Repo.fonts]

    static func qujat(_ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        try run(Repo.executable, arguments + resources, input: input)
    }

    static let documents = ["license", "license_annex", "phc_talon", "receipt_accepted", "receipt_refused",
                            "refusal", "survey", "termination"]

    @Test("python jsonschema: every example fits its document's schema; a missing key, a bad enum, a bad form do not")
    func schemasCheckedByJSONSchema() throws {
        let script = Repo.root.appendingPathComponent("Tests/openapi/case_schemas.py").path
        let result = try run("/usr/bin/env", ["python3", script, Repo.executable, Repo.examples.path, Repo.templates])
        #expect(result.status == 0, "\(result.text)\(result.stderr)")
        #expect(result.text.contains(" 0 mismatches"), "\(result.text)")
    }

    @Test("qujat schema: JSON Schema 2020-12, the same bytes every time, what it cannot say in its description")
    func schemaOutput() throws {
        let first = try Self.qujat(["schema", "license"])
        let second = try Self.qujat(["schema", "license"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        let schema = try #require(try JSONSerialization.jsonObject(with: first.stdout) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let description = schema["description"] as? String ?? ""
        for words in ["check digit", "real calendar day", "fonts", "working days", "calendar"] {
            #expect(description.contains(words), "\(words)")
        }
        #expect(schema["required"] as? [String] == ["document", "license", "licensee", "provider"])
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect((properties["document"] as? [String: Any])?["const"] as? String == "license")
        let defs = try #require(schema["$defs"] as? [String: Any])
        // `when kind = legal` / `individual`: a oneOf of complete variants, each with its kind's const.
        let licensee = try #require(defs["licensee"] as? [String: Any])
        #expect((licensee["oneOf"] as? [[String: String]])?.map { $0["$ref"] } == ["#/$defs/licensee_legal", "#/$defs/licensee_individual"])
        let legal = try #require(defs["licensee_legal"] as? [String: Any])
        #expect(legal["required"] as? [String] == ["kind", "address", "name", "bin"])
        // A bounded integer and a bounded string (receipt_accepted, verification.code).
        let receipt = try #require(try JSONSerialization.jsonObject(with: try Self.qujat(["schema", "receipt_accepted"]).stdout) as? [String: Any])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: receipt, options: [.sortedKeys]), as: UTF8.self)
        #expect(text.contains("\"maximum\":999999999999"))
        #expect(text.contains("\"maxLength\":100"))
    }

    @Test("an unknown document is a usage error with «did you mean»")
    func unknownDocument() throws {
        for command in ["schema", "sample"] {
            let result = try Self.qujat([command, "lisence"])
            #expect(result.status == 64)
            #expect(result.stderr.contains("unknown document 'lisence' (did you mean 'license'?"), "\(result.stderr)")
        }
    }

    @Test("qujat sample: a valid case of every document that validates and renders", arguments: documents)
    func sampleValidates(document: String) throws {
        let sample = try Self.qujat(["sample", document])
        #expect(sample.status == 0, "\(sample.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: sample.stdout) as? [String: Any])
        #expect(object["document"] as? String == document)
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("\(document).json")
        try sample.stdout.write(to: file)
        let validate = try Self.qujat(["validate", file.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.isEmpty, "a sample has only keys its document reads: \(validate.stderr)")
        // Rendered, each text shows its own path.
        let render = try Self.qujat(["render", file.path])
        #expect(render.status == 0, "\(render.stderr)")
        let pdf = folder.appendingPathComponent("\(document).pdf")
        #expect(render.stderr.contains("wrote \(pdf.path)"))
        if document == "license" {
            #expect(try PDF.text(pdf).contains("license.place_of_issue"))
        }
    }

    @Test("qujat validate: 0 and no file for a good case; 65 with every path; warnings; --strict; 66")
    func validate() throws {
        let folder = temporaryFolder()
        let good = folder.appendingPathComponent("license.json")
        try Repo.example("license").write(to: good)
        let ok = try Self.qujat(["validate", good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.text.contains("valid"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["license.json"], "validate writes nothing")

        var broken = try Repo.exampleObject("license")
        var licensee = broken["licensee"] as! [String: Any]
        licensee["bin"] = "180140012340"
        broken["licensee"] = licensee
        var license = broken["license"] as! [String: Any]
        license["issued_on"] = "2026-02-30"
        broken["license"] = license
        broken["verificaton"] = ["url": "https://example.com"]
        let input = try JSONSerialization.data(withJSONObject: broken)
        let bad = try Self.qujat(["validate", "-"], input: input)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("licensee.bin: BIN check digit does not match"), "\(bad.stderr)")
        #expect(bad.stderr.contains("license.issued_on: '2026-02-30' is not a real date"), "\(bad.stderr)")

        var extra = try Repo.exampleObject("license")
        extra["verificaton"] = ["url": "https://example.com"]
        let extraData = try JSONSerialization.data(withJSONObject: extra)
        let lenient = try Self.qujat(["validate", "-"], input: extraData)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: verificaton: is not a key this document reads (did you mean 'verification'?)"), "\(lenient.stderr)")
        let strict = try Self.qujat(["validate", "-", "--strict"], input: extraData)
        #expect(strict.status == 65)

        let missing = try Self.qujat(["validate", folder.appendingPathComponent("nope.json").path])
        #expect(missing.status == 66)
    }

    @Test("qujat templates --json: languages, pages, variants, copies, keys, duplicate and reissue")
    func templatesJSON() throws {
        let result = try Self.qujat(["templates", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let documents = try #require(body["documents"] as? [[String: Any]])
        #expect(documents.compactMap { $0["document"] as? String } == Self.documents)
        let byName = Dictionary(uniqueKeysWithValues: documents.map { ($0["document"] as! String, $0) })
        let talon = try #require(byName["phc_talon"])
        #expect(talon["page"] as? String == "A5")
        #expect(talon["variants"] as? [[String: String]] == [["key": "format", "value": "strip", "page": "80 mm strip"]])
        #expect(talon["duplicate"] as? Bool == false)
        let license = try #require(byName["license"])
        #expect(license["languages"] as? [String] == ["kk"])
        #expect(license["required"] as? [String] == ["document", "license", "licensee", "provider"])
        #expect(license["duplicate"] as? Bool == true && license["reissue"] as? Bool == true)
        #expect(byName["receipt_accepted"]?["copies"] as? Int == 2)
        // The versions a server with these folders reports (it computes them with the same function).
        #expect(body["version"] as? String == ResourceFiles.version(of: ResourceFiles.templates(Repo.templates), in: Repo.templates))
        #expect(body["fonts_version"] as? String == ResourceFiles.version(of: ResourceFiles.fonts(Repo.fonts), in: Repo.fonts))
    }

    @Test("qujat templates --json: the version changes with a template's bytes, the fonts' version does not")
    func templatesVersion() throws {
        let folder = temporaryFolder()
        let copy = folder.appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: copy.path)
        func versions() throws -> (String?, String?) {
            let result = try run(Repo.executable, ["templates", "--json", "--templates", copy.path, "--fonts", Repo.fonts])
            #expect(result.status == 0, "\(result.stderr)")
            let body = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
            return (body?["version"] as? String, body?["fonts_version"] as? String)
        }
        let before = try versions()
        let template = copy.appendingPathComponent("license/kk.yaml")
        try (String(contentsOf: template, encoding: .utf8) + "\n# edited\n").write(to: template, atomically: true, encoding: .utf8)
        let after = try versions()
        #expect(before.0?.count == 16 && after.0?.count == 16)
        #expect(before.0 != after.0, "a template's bytes changed")
        #expect(before.1 == after.1 && before.1?.count == 16, "the fonts did not")
    }
}
