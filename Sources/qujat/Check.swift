import ArgumentParser
import QujatCommandLine
import Qujat
import QujatCase

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check templates and schemas; print every problem as file:line:column with its source line."
    )

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        do {
            let library = try resources.library()
            let issues = library.issues
            if !issues.isEmpty {
                printError(TemplateError(issues).annotated + "\n")
                printError("qujat: \(issues.count) problem(s) in \(library.directory)")
                throw ExitCode(QujatError.template(TemplateError(issues)).exitCode)
            }
            print("\(library.documents.count) documents, no problems")
        } catch let error as QujatError {
            report(error)
            throw ExitCode(error.exitCode)
        }
    }
}
