import ArgumentParser
import Qujat
import QujatCase
import QujatTemplates

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the documents, their languages and page sizes (--json: variants, copies, keys).",
        discussion: """
        With --json: for each document its languages, page, variants (the case key that \
        chooses another page, such as phc_talon's "format": "strip"), copies, the top-level keys \
        a case must and may have, and whether it can be a duplicate or a reissue — the body of \
        GET /v1/templates (where a server adds the version and fonts_version it has loaded).
        """
    )

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        let library = try resources.loaded()
        if json {
            let documents = library.documents.map { library.summary(of: $0).json }
            print(OrderedJSON.object([.init("documents", .array(documents))]).json())
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
