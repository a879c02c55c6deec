import ArgumentParser
import Qujat

struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the documents, their languages and page sizes."
    )

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        let library = try resources.library()
        for document in library.documents {
            for language in library.languages(of: document) {
                let page = (try? library.template(document, language: language))?.pageDescription ?? "broken (run qujat check)"
                print("\(document)\t\(language)\t\(page)")
            }
        }
    }
}
