import QujatCase

/// What a template author or an integrator asks of the templates folder: a document's case
/// as a JSON Schema, a valid sample case, and a summary of each document.
extension TemplateLibrary {
    /// "unknown document 'lisence' (did you mean 'license'?; known: …)".
    public func unknownDocument(_ name: String) -> String {
        let near = Suggestion.nearest(name, in: documents).map { "did you mean '\($0)'?; " } ?? ""
        return "unknown document '\(name)' (\(near)known: \(documents.joined(separator: ", ")))"
    }

    private func readSchema(_ document: String) throws(TemplateError) -> Schema? {
        guard let result = schemas[document] else { return nil }
        return try result.get()
    }

    /// The case of `document` as a JSON Schema (draft 2020-12) file, named types under
    /// `$defs`; nil for a document the folder does not have.
    /// - Throws: the schema file's problems when it is broken.
    public func jsonSchema(of document: String) throws(TemplateError) -> OrderedJSON? {
        guard let schema = try readSchema(document) else { return nil }
        return JSONSchemaWriter(schema: schema).file(document: document, languages: languages(of: document))
    }

    /// Every document's case schema and the named types they use, for an OpenAPI document's
    /// `components/schemas` (references point there). Documents whose schema is broken are
    /// left out (`qujat check` reports them).
    public func openAPISchemas() -> (documents: [(document: String, schema: OrderedJSON)], types: [OrderedJSON.Member]) {
        var documentSchemas: [(document: String, schema: OrderedJSON)] = []
        var types: [String: OrderedJSON] = [:]
        for document in documents {
            guard let schema = try? readSchema(document) else { continue }
            var writer = JSONSchemaWriter(schema: schema)
            writer.referencePrefix = "#/components/schemas/"
            writer.openAPI = true
            var written = writer.caseSchema(document: document, languages: languages(of: document))
            written["title"] = .string("\(document) case")
            documentSchemas.append((document, written))
            for member in writer.definitions() { types[member.key] = member.value }
        }
        return (documentSchemas, types.keys.sorted().map { OrderedJSON.Member($0, types[$0]!) })
    }

    /// A valid case of `document`: every key the schema names, optional ones too (see
    /// `CaseSample`); nil for a document the folder does not have.
    public func sampleCase(of document: String, language: String? = nil) throws(TemplateError) -> OrderedJSON? {
        guard let schema = try readSchema(document) else { return nil }
        let language = language ?? (languages(of: document).contains("kk") ? "kk" : languages(of: document).first ?? "kk")
        return CaseSample(schema: schema).make(document: document, language: language)
    }

    /// What one document is: its languages, page sizes, variants, copies and top-level keys.
    public func summary(of document: String) -> DocumentSummary {
        let languages = languages(of: document)
        var summary = DocumentSummary(document: document, languages: languages)
        let template = languages.first.flatMap { try? self.template(document, language: $0) }
        if let template {
            summary.page = template.pageDescription
            summary.copies = template.defaultCopies
            if let variants = template.variantPages {
                summary.variants = variants.pages.map { DocumentSummary.Variant(key: variants.key, value: $0.value, page: $0.page) }
            }
        }
        switch schemas[document] {
        case .success(let schema)?:
            // `language` and `signature` are Qujat's own keys, the same for every document.
            let fields = schema.root.fields.filter { $0.name != "signature" && $0.name != "language" }
            summary.required = fields.filter { !$0.optional }.map(\.name)
            summary.optional = fields.filter(\.optional).map(\.name)
            summary.duplicate = fields.contains { $0.name == "duplicate" }
            summary.reissue = fields.contains { $0.name == "reissue" }
        case .failure?, nil:
            break
        }
        let broken = (try? readSchema(document)) == nil || languages.contains { (try? self.template(document, language: $0)) == nil }
        if broken { summary.problem = "broken: run qujat check" }
        return summary
    }
}

/// One document of a templates folder, as `qujat templates --json` and `GET /v1/templates`
/// describe it.
public struct DocumentSummary: Sendable, Encodable, Equatable {
    /// A page set-up chosen by a case key (`"format": "strip"` → an 80 mm strip).
    public struct Variant: Sendable, Encodable, Equatable {
        /// The case key that chooses it.
        public var key: String
        public var value: String
        public var page: String

        public init(key: String, value: String, page: String) {
            self.key = key
            self.value = value
            self.page = page
        }
    }

    public var document: String
    public var languages: [String]
    /// The first language's page: "A4", "A5", "80 mm strip" ("" when the template is broken).
    public var page = ""
    public var variants: [Variant] = []
    /// Complete copies a case prints (receipts: one for each side).
    public var copies = 1
    /// Top-level keys a case must have (`document` first) and may have.
    public var required: [String] = []
    public var optional: [String] = []
    /// Whether a case may be a duplicate (`"duplicate": {…}`) or a reissue (`"reissue": {…}`).
    public var duplicate = false
    public var reissue = false
    /// Set when the document's schema or a template is broken.
    public var problem: String?

    public init(document: String, languages: [String]) {
        self.document = document
        self.languages = languages
    }

    /// The summary as JSON, keys in this order (`qujat templates --json`).
    public var json: OrderedJSON {
        var json: OrderedJSON = [
            "document": .string(document),
            "languages": .array(languages.map(OrderedJSON.string)),
            "page": .string(page),
            "variants": .array(variants.map { ["key": .string($0.key), "value": .string($0.value), "page": .string($0.page)] }),
            "copies": .int(copies),
            "required": .array(required.map(OrderedJSON.string)),
            "optional": .array(optional.map(OrderedJSON.string)),
            "duplicate": .bool(duplicate),
            "reissue": .bool(reissue),
        ]
        if let problem { json["problem"] = .string(problem) }
        return json
    }
}
