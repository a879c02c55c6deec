import ArgumentParser
import QujatCommandLine
import Qujat
import QujatCase
import QujatTemplates

/// `qujat schema DOC`: the case of a document as a JSON Schema, made from its schema.yaml.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of a document's case, made from its schema.yaml.",
        discussion: """
        Required keys, types, the forms of IINs, BINs, dates and date-times, enums, ranges and \
        lengths. What JSON Schema cannot say (check digits, real calendar dates, characters the \
        fonts lack, working-day terms) is named in its description: qujat validate checks all of it.
        """
    )

    @Argument(help: "The document (qujat templates lists them).")
    var document: String

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        let library = try resources.loaded()
        let schema: OrderedJSON?
        do { schema = try library.jsonSchema(of: document) } catch { try fail(.template(error)) }
        print(try known(schema, document, in: library).json())
    }
}

/// `qujat sample DOC`: a valid case to start from.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a valid case of a document: every key its schema names, each text its own JSON path.",
        discussion: """
        Render it to see where each value lands on the page: qujat sample license > l.json && \
        qujat render l.json. Dates are 2026-11-23, numbers the smallest their range allows, \
        enums and variants their first value, lists one item.
        """
    )

    @Argument(help: "The document (qujat templates lists them).")
    var document: String

    @Option(help: "The case's language (default kk, else the document's first).")
    var language: String?

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        let library = try resources.loaded()
        if let language, library.documents.contains(document), !library.languages(of: document).contains(language) {
            printError("qujat: document '\(document)' has no template in language '\(language)' (it has: \(library.languages(of: document).joined(separator: ", ")))")
            throw ExitCode(64)
        }
        let sample: OrderedJSON?
        do { sample = try library.sampleCase(of: document, language: language) } catch { try fail(.template(error)) }
        print(try known(sample, document, in: library).json())
    }
}

/// The value made for a document, or exit 64 naming the documents ("did you mean …?").
func known(_ value: OrderedJSON?, _ document: String, in library: TemplateLibrary) throws -> OrderedJSON {
    guard let value else {
        printError("qujat: \(library.unknownDocument(document))")
        throw ExitCode(64)
    }
    return value
}
