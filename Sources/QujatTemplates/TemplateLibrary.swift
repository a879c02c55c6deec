import QujatCase
import Foundation
import KazakhText
import QujatDocument

/// The templates folder: `types.yaml` (shared objects), `calendar.txt` (working days), and
/// one folder per document with `schema.yaml` and one `<language>.yaml` per language.
///
/// Everything is read once, when the library is made; it is immutable afterwards and can be
/// shared by any number of threads. A broken template makes only its own document fail.
/// A library made for some documents only reads theirs (a one-off render reads one).
public struct TemplateLibrary: Sendable {
    public let directory: String
    /// Every document in the folder, sorted (those not read included).
    public let documents: [String]
    let types: [String: Schema.FieldType]
    let schemas: [String: Result<Schema, TemplateError>]
    let templates: [String: [String: Result<DocumentTemplate, TemplateError>]]
    let calendar: WorkCalendar
    /// Problems with files that are not one document's (types.yaml, calendar.txt).
    public let sharedIssues: [TemplateIssue]

    /// `folder/name` as `NSString.appendingPathComponent` writes it (one slash between them),
    /// without bridging to NSString: the paths appear in messages, and the bridge cost a cold
    /// render three protocol-conformance scans.
    static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// - Parameter only: the documents to read; nil: all of them.
    public init(directory: String, only: Set<String>? = nil) throws(TemplateError) {
        self.directory = directory
        let files = FileManager.default
        var isFolder: ObjCBool = false
        guard files.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw TemplateError(SourceLocation(file: directory, line: 1, column: 1), "templates folder not found")
        }
        var shared: [TemplateIssue] = []
        let typesFile = Self.join(directory, "types.yaml")
        var types: [String: Schema.FieldType] = [:]
        if let text = try? String(contentsOfFile: typesFile, encoding: .utf8) {
            do {
                let source = try YAMLSource(file: typesFile, text: text)
                let names = Set((source.root?.pairs ?? []).map(\.key))
                var reader = SchemaReader(source: source, known: names)
                types = reader.readTypes()
                shared += reader.issues
            } catch {
                shared += error.issues
            }
        }
        self.types = types

        let calendarFile = Self.join(directory, "calendar.txt")
        var calendar = WorkCalendar()
        if let text = try? String(contentsOfFile: calendarFile, encoding: .utf8) {
            do {
                calendar = try WorkCalendar(data: text)
            } catch {
                shared.append(TemplateIssue(SourceLocation(file: calendarFile, line: error.line, column: 1), error.message))
            }
        }
        self.calendar = calendar
        sharedIssues = shared

        var schemas: [String: Result<Schema, TemplateError>] = [:]
        var templates: [String: [String: Result<DocumentTemplate, TemplateError>]] = [:]
        let entries = (try? files.contentsOfDirectory(atPath: directory))?.sorted() ?? []
        var documents: [String] = []
        for name in entries {
            let folder = Self.join(directory, name)
            guard files.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let schemaFile = Self.join(folder, "schema.yaml")
            guard files.fileExists(atPath: schemaFile) else { continue }
            documents.append(name)
            guard only?.contains(name) != false else { continue }
            schemas[name] = Self.readSchema(schemaFile, types: types)
            var languages: [String: Result<DocumentTemplate, TemplateError>] = [:]
            for file in ((try? files.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            where file.hasSuffix(".yaml") && file != "schema.yaml" {
                let language = String(file.dropLast(5))
                var template = Self.readTemplate(Self.join(folder, file),
                                                 document: name, language: language)
                // Strict: a template whose paths or filters do not fit its schema is refused when
                // loaded (a misspelt path would otherwise print nothing).
                if case .success(let read) = template, case .success(let schema) = schemas[name]! {
                    var linter = TemplateLinter(schema: schema)
                    linter.lint(read)
                    if !linter.issues.isEmpty { template = .failure(TemplateError(linter.issues)) }
                }
                languages[language] = template
            }
            templates[name] = languages
        }
        self.schemas = schemas
        self.templates = templates
        self.documents = documents
    }

    private static func readSchema(_ file: String, types: [String: Schema.FieldType]) -> Result<Schema, TemplateError> {
        do throws(TemplateError) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw TemplateError(SourceLocation(file: file, line: 1, column: 1), "cannot read the file")
            }
            var reader = SchemaReader(source: try YAMLSource(file: file, text: text), known: Set(types.keys))
            var root = reader.readObject()
            guard reader.issues.isEmpty else { throw TemplateError(reader.issues) }
            // Every case names its document and may name its language.
            root.fields.insert(Schema.Field(name: "document", type: .string, optional: false), at: 0)
            root.fields.insert(Schema.Field(name: "language", type: .string, optional: true), at: 1)
            // The signing time a case may fix (the signer's details come from the certificate).
            var signature = Schema.ObjectType()
            signature.fields = [Schema.Field(name: "signed_at", type: .datetime, optional: true)]
            signature.collectKeys()
            root.fields.insert(Schema.Field(name: "signature", type: .nullable(.object(signature)), optional: true), at: 2)
            root.collectKeys()
            return .success(Schema(root: root, types: types))
        } catch {
            return .failure(error)
        }
    }

    private static func readTemplate(_ file: String, document: String, language: String) -> Result<DocumentTemplate, TemplateError> {
        do throws(TemplateError) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw TemplateError(SourceLocation(file: file, line: 1, column: 1), "cannot read the file")
            }
            var reader = TemplateReader(source: try YAMLSource(file: file, text: text))
            return .success(try reader.read(document: document, language: language))
        } catch {
            return .failure(error)
        }
    }

    /// Languages a document has a template for, sorted.
    public func languages(of document: String) -> [String] {
        (templates[document] ?? [:]).keys.sorted()
    }

    /// The template for a document and language.
    public func template(_ document: String, language: String) throws(TemplateError) -> DocumentTemplate {
        guard let result = templates[document]?[language] else {
            throw TemplateError(SourceLocation(file: directory, line: 1, column: 1),
                                "no template for document '\(document)' in language '\(language)'")
        }
        return try result.get()
    }

    /// Every problem in every template and schema file (what `qujat check` reports).
    public var issues: [TemplateIssue] {
        var all = sharedIssues
        for name in schemas.keys.sorted() {
            if case .failure(let error) = schemas[name]! { all += error.issues }
            for language in languages(of: name) {
                // Linted when loaded: a template that does not fit its schema is a failure here.
                if case .failure(let error) = templates[name]![language]! { all += error.issues }
            }
        }
        return all
    }
}

extension TemplateLibrary {
    /// A case that passed validation, with the template that will print it.
    public struct PreparedCase: Sendable {
        public let template: DocumentTemplate
        public let data: CaseValue
        public var document: String { template.document }
        /// How many copies the document prints by default (receipts: 2).
        public var defaultCopies: Int { template.copies }
        /// Keys of the case its document does not read, with "did you mean …?" (see `strict`).
        public var warnings: [CaseIssue] = []
    }

    /// Parses and validates case JSON against its document's schema.
    /// - Throws: `CaseError` listing every problem with its JSON path, or `TemplateError`
    ///   when the document's own template or schema is broken.
    public func prepare(json: Data, canDraw: (@Sendable (Unicode.Scalar) -> Bool)? = nil, strict: Bool = false) throws -> PreparedCase {
        try prepare(try CaseValue.parse(json: json), canDraw: canDraw, strict: strict)
    }

    /// Validates parsed case data against its document's schema.
    /// - Parameter canDraw: whether the fonts have a character (`GlyphCoverage`); with it, a
    ///   character no font has is a problem with its JSON path, as layout would find it.
    ///   - strict: keys the document does not read are errors, not warnings.
    public func prepare(_ value: CaseValue, canDraw: (@Sendable (Unicode.Scalar) -> Bool)? = nil, strict: Bool = false) throws -> PreparedCase {
        guard case .object(let fields) = value else {
            throw CaseError([CaseIssue(path: "$", rule: "a case is a JSON object, not \(value.typeName)")])
        }
        guard case .string(let document)? = fields["document"] else {
            throw CaseError([CaseIssue(path: "document", rule: fields["document"] == nil ? "is required"
                                       : "must be a document name string")])
        }
        guard let schema = schemas[document] else {
            let rule = documents.contains(document)
                ? "document '\(document)' is not among those this library read (\(schemas.keys.sorted().joined(separator: ", ")))"
                : unknownDocument(document)
            throw CaseError([CaseIssue(path: "document", rule: rule)])
        }
        var language = "kk"
        if let given = fields["language"] {
            guard case .string(let text) = given else {
                throw CaseError([CaseIssue(path: "language", rule: "must be a language code string such as 'kk'")])
            }
            language = text
        }
        guard templates[document]?[language] != nil else {
            throw CaseError([CaseIssue(path: "language", rule: "document '\(document)' has no template in language '\(language)' (it has: \(languages(of: document).joined(separator: ", ")))")])
        }
        var validator = Validator(schema: try schema.get(), canDraw: canDraw)
        validator.check(value)
        let problems = validator.issues + (strict ? validator.warnings : [])
        guard problems.isEmpty else { throw CaseError(problems) }
        return PreparedCase(template: try template(document, language: language), data: value, warnings: validator.warnings)
    }

    /// Fills the case's template with its data.
    /// - Parameter copies: how many copies to print instead of the template's `copies:`.
    /// - Parameter stamp: the visible signature stamp, for a document that will be signed.
    public func document(for prepared: PreparedCase, creator: String, copies: Int? = nil,
                         stamp: SignatureStamp? = nil) throws(TemplateError) -> Document {
        var binder = Binder(template: prepared.template, data: prepared.data, context: FilterContext(calendar: calendar))
        binder.stamp = stamp
        return try binder.bind(creator: creator, copies: copies ?? prepared.template.copies)
    }
}
