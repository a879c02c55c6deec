import ArgumentParser
import QujatCommandLine
import QujatLayout

/// `qujat-server`: the commands that run an HTTP server (`serve`, `preview`), with Hummingbird,
/// SwiftNIO and the metrics in an executable of their own. `qujat`, which a script may start
/// once per document, does not carry them: they doubled its size and slowed every start
/// (docs/ARCHITECTURE.md, "Start-up"). `qujat serve …` and `qujat preview …` run this
/// program in their place (exec: same process, same arguments), so both spellings work.
@main
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qujat",
        abstract: "Qujat's HTTP servers: the API (serve) and a case's live preview (preview).",
        version: "0.1.0",
        subcommands: [Serve.self, Preview.self]
    )

    /// As `qujat`'s main: fontconfig's default configuration made empty first.
    static func main() async {
        SystemFonts.ignore()
        await parseAndRun()
    }
}
