import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat
import QujatCase

/// `qujat validate CASE`: render's verdict on a case, with nothing written.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a case as render would (schema, fonts, template), writing no file.",
        discussion: """
        Exit 0 when the case would render (keys its document does not read are warnings on \
        standard error); 65 listing every JSON path and rule; 66 the case is missing; 70 the \
        document's template is broken.
        """
    )

    @Argument(help: "Case JSON file, or - for standard input.")
    var input: String

    @Flag(help: "Keys of the case that its document does not read are errors (exit 65), not warnings.")
    var strict = false

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        do throws(QujatError) {
            let data = Data(try readFile(input))
            let renderer = try Renderer(templates: try resources.library(),
                                        fontsDirectory: try Resources.fontsDirectory(resources.fonts))
            renderer.strict = strict
            for warning in try renderer.validate(json: data) { printError("qujat: warning: \(warning)") }
            print("\(input == "-" ? "standard input" : input): valid")
        } catch {
            report(error)
            throw ExitCode(error.exitCode)
        }
    }
}
