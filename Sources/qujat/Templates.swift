import ArgumentParser
import QujatCommandLine
import Qujat
import QujatCase
import QujatTemplates

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the documents, their languages and page sizes (--json: variants, copies, keys, versions).",
        discussion: """
        With --json: for each document its languages, page, variants (the case key that \
        chooses another page, such as phc_talon's "format": "strip"), copies, the top-level keys \
        a case must and may have, and whether it can be a duplicate or a reissue; and the \
        templates' and fonts' versions (16 hex digits of SHA-256 over the files, as a server \
        computes them) — the body of GET /v1/templates of a server with these folders.
        """
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        let library = try resources.loaded()
        if json {
            let documents = library.documents.map { library.summary(of: $0).json }
            let fonts: String
            do throws(QujatError) { fonts = try Resources.fontsDirectory(resources.fonts) } catch { try fail(error) }
            print(OrderedJSON.object([
                .init("documents", .array(documents)),
                .init("version", .string(ResourceFiles.version(of: ResourceFiles.templates(library.directory), in: library.directory))),
                .init("fonts_version", .string(ResourceFiles.version(of: ResourceFiles.fonts(fonts), in: fonts))),
            ]).json())
            return
        }
        for document in library.documents {
            for language in library.languages(of: document) {
                let page = (try? library.template(document, language: language))?.pageDescription ?? "broken (run qujat check)"
                print("\(document)\t\(language)\t\(page)")
            }
        }
    }
}
