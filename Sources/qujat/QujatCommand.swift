import ArgumentParser
import QujatCommandLine
import Foundation
import QujatLayout

@main
struct QujatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qujat",
        abstract: "Renders Kazakhstan's health-care state-service documents from case data (JSON) to PDF.",
        version: "0.1.0",
        subcommands: [Render.self, Preview.self, Validate.self, Batch.self, Serve.self, Check.self, Templates.self, SchemaCommand.self, Sample.self, Sign.self, Verify.self]
    )

    /// ArgumentParser's own `main`, after making fontconfig's default configuration empty:
    /// qujat draws only with the fonts folder's, and Pango would otherwise read the system's.
    /// A simple `render` (`SimpleRender`) runs at once on this thread, without ArgumentParser;
    /// `serve` and `preview` are handed to `qujat-server` (`ServerProgram`).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, ServerProgram.commands.contains(first) { ServerProgram.exec(arguments) }
        SystemFonts.ignore()
        if let render = SimpleRender(arguments: arguments) {
            Foundation.exit(render.run())
        }
        await parseAndRun()
    }
}

