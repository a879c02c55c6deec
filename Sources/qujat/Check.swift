import ArgumentParser
import Qujat
import QujatCase

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check templates and schemas; print every problem as file:line:column."
    )

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        do {
            let library = try resources.library()
            let issues = library.issues
            for issue in issues { printError(issue.description) }
            if !issues.isEmpty {
                printError("qujat: \(issues.count) problem(s) in \(library.directory)")
                throw ExitCode(QujatError.template(TemplateError(issues)).exitCode)
            }
            print("\(library.documents.count) documents, no problems")
        } catch let error as QujatError {
            printError("qujat: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
