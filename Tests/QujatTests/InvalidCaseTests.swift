import Foundation
import Qujat
import Testing

/// Bad input through the real CLI: exit 65, every JSON path named, no file written.
@Suite struct InvalidCaseTests {
    static func mutated(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> Data {
        var object = try Repo.exampleObject(name)
        change(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func set(_ object: inout [String: Any], _ path: [String], _ value: Any?) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
        } else {
            var inner = object[key] as! [String: Any]
            set(&inner, Array(path.dropFirst()), value)
            object[key] = inner
        }
    }

    struct Bad: Sendable, CustomStringConvertible {
        let name: String
        let path: [String]
        let value: String?      // JSON fragment, nil removes the key
        let expectedPath: String
        let expectedRule: String
        var description: String { name }
    }

    static let classes: [Bad] = [
        Bad(name: "missing key", path: ["licensee", "address"], value: nil, expectedPath: "licensee.address", expectedRule: "is required"),
        Bad(name: "wrong type", path: ["license", "number"], value: "12345", expectedPath: "license.number", expectedRule: "must be a string"),
        Bad(name: "impossible date", path: ["license", "issued_on"], value: "\"2026-02-30\"", expectedPath: "license.issued_on", expectedRule: "not a real date"),
        Bad(name: "bad check digit", path: ["licensee", "bin"], value: "\"180140012340\"", expectedPath: "licensee.bin", expectedRule: "check digit does not match"),
        Bad(name: "unknown document", path: ["document"], value: "\"licence\"", expectedPath: "document", expectedRule: "unknown document"),
        Bad(name: "unknown language", path: ["language"], value: "\"fr\"", expectedPath: "language", expectedRule: "no template in language"),
        Bad(name: "bad enum", path: ["licensee", "kind"], value: "\"company\"", expectedPath: "licensee.kind", expectedRule: "must be one of"),
        Bad(name: "character no font has", path: ["license", "note"], value: "\"Жоқ 漢字\"", expectedPath: "license.note", expectedRule: "which no font in the fonts folder has"),
    ]

    @Test(arguments: classes)
    func exitsWith65NamesThePathAndWritesNoFile(_ bad: Bad) throws {
        let json = try Self.mutated("license") { object in
            let value = bad.value.map { try! JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
            Self.set(&object, bad.path, value)
        }
        let folder = temporaryFolder()
        let output = folder.appendingPathComponent("out.pdf")
        let result = try run(Repo.executable, ["render", "-", "-o", output.path, "--templates", Repo.templates, "--fonts", Repo.fonts], input: json)
        #expect(result.status == 65, "\(bad.name): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains("\(bad.expectedPath): "), "\(bad.name): \(result.stderr)")
        #expect(result.stderr.contains(bad.expectedRule), "\(bad.name): \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(bad.name): a file was left behind")
    }

    @Test func everyProblemOfACaseIsReported() throws {
        let json = try Self.mutated("license") { object in
            Self.set(&object, ["licensee", "bin"], "123")
            Self.set(&object, ["license", "issued_on"], "2026-13-01")
            Self.set(&object, ["provider", "head", "name", "given"], nil)
            Self.set(&object, ["verification", "url"], 7)
        }
        let issues = try #require(renderError(json)?.caseIssues)
        #expect(Set(issues.map(\.path)) == ["licensee.bin", "license.issued_on", "provider.head.name.given", "verification.url"])
    }

    @Test func anIndividualLicenseeNeedsAValidIIN() throws {
        let json = try Self.mutated("license") { object in
            object["licensee"] = ["kind": "individual", "name": ["surname": "Сейтқали", "given": "Айгүл"],
                                  "iin": "850315400125", "address": "Ақтөбе қ."]
        }
        let issues = try #require(renderError(json)?.caseIssues)
        #expect(issues.map(\.description) == ["licensee.iin: IIN check digit does not match"])
    }

    @Test func malformedJSONIsInvalidData() throws {
        let folder = temporaryFolder()
        let result = try run(Repo.executable, ["render", "-", "-o", folder.appendingPathComponent("x.pdf").path,
                                               "--templates", Repo.templates, "--fonts", Repo.fonts],
                             input: Data("{\"document\": ".utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("$: is not valid JSON"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aMissingInputFileExits66() throws {
        let result = try run(Repo.executable, ["render", "/nonexistent/case.json", "-o", "/tmp/never.pdf",
                                               "--templates", Repo.templates, "--fonts", Repo.fonts])
        #expect(result.status == 66)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.pdf"))
    }

    @Test func aValidCaseThroughTheCLIWritesThePDF() throws {
        let folder = temporaryFolder()
        let output = folder.appendingPathComponent("license.pdf")
        let result = try run(Repo.executable, ["render", Repo.examples.appendingPathComponent("license.json").path,
                                               "-o", output.path, "--templates", Repo.templates, "--fonts", Repo.fonts])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try PDF.pages(output) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["license.pdf"])
        // Standard output works too.
        let piped = try run(Repo.executable, ["render", "-", "-o", "-", "--templates", Repo.templates, "--fonts", Repo.fonts],
                            input: try Repo.example("license"))
        #expect(piped.stdout.prefix(5) == Data("%PDF-".utf8))
    }
}
