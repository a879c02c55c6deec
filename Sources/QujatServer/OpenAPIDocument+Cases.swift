import Foundation
import Qujat
import QujatCase
import QujatTemplates

/// The parts of the OpenAPI document that are not written by hand: the case schemas, made
/// from the same templates folder the server renders with (`TemplateLibrary.openAPISchemas`,
/// the generator behind `qujat schema`), so they cannot drift from what it accepts; and the
/// `servers` entry, per request.
extension OpenAPIDocument {
    /// The whole document for a templates folder, without `servers` (see `serving(_:at:)`).
    static func make(_ library: TemplateLibrary) -> OrderedJSON {
        // `base` is a constant: it parses, or the router tests fail.
        var document = (try? OrderedJSON.yaml(base)) ?? [:]
        let (documents, types) = library.openAPISchemas()
        var schemas = document["components"]?["schemas"]?.members ?? []
        let names = documents.map { "\($0.document)_case" }
        let caseSchema: OrderedJSON = [
            "description": .string("""
                A case of one of the documents: its "document" key chooses the schema. \(JSONSchemaWriter.limitsDescription)
                """),
            "oneOf": .array(names.map { ["$ref": .string("#/components/schemas/\($0)")] }),
            "discriminator": [
                "propertyName": "document",
                "mapping": .object(zip(documents, names).map { .init($0.document, .string("#/components/schemas/\($1)")) }),
            ],
        ]
        schemas.insert(.init("Case", caseSchema), at: 0)
        schemas += zip(names, documents).map { .init($0, $1.schema) }
        schemas += types.filter { type in !schemas.contains { $0.key == type.key } }
        document["components"]?["schemas"] = .object(schemas)
        return document
    }

    /// The document with one server: where its reader reached it.
    static func serving(_ document: OrderedJSON, at url: String) -> OrderedJSON {
        var members = document.members
        let index = (members.firstIndex { $0.key == "info" } ?? 0) + 1
        members.insert(.init("servers", .array([["url": .string(url)]])), at: min(index, members.count))
        return .object(members)
    }

    /// The server's address for `servers`: the configured public URL, else the Host the
    /// request was sent to (plain http: a TLS proxy in front sets --public-url), else the
    /// address it listens on.
    static func serverURL(configured: String?, host: String?, listening: String) -> String {
        if let configured { return configured }
        if let host, !host.isEmpty, host.count <= 255,
           host.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0)
               || ("0"..."9").contains($0) || ".-:[]".unicodeScalars.contains($0) }) {
            return "http://\(host)"
        }
        return "http://\(listening)"
    }
}

/// The OpenAPI document of the set of templates a pool renders with: made once per templates
/// version, so a reload that changes a schema changes the document (and one that does not
/// costs nothing).
final class OpenAPICache: @unchecked Sendable {
    private let lock = NSLock()
    private var version: String
    private var document: OrderedJSON

    init(_ set: RenderSet) {
        version = set.templatesVersion
        document = OpenAPIDocument.make(set.templates)
    }

    func document(for set: RenderSet) -> OrderedJSON {
        if let made = lock.withLock({ version == set.templatesVersion ? document : nil }) { return made }
        let made = OpenAPIDocument.make(set.templates)
        lock.withLock {
            version = set.templatesVersion
            document = made
        }
        return made
    }
}
