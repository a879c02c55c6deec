import ArgumentParser
import Foundation
import Qujat
import QujatCommandLine

/// `serve` and `preview` run HTTP servers; their program is `qujat-server`, installed beside
/// `qujat` (see ServerCommand in Sources/qujat-server). `QujatCommand.main` hands their
/// arguments over before anything is parsed here, so `qujat serve --help` shows the real
/// options; these two commands only list them in `qujat --help`.
enum ServerProgram {
    static let commands: Set<String> = ["serve", "preview"]

    /// Runs `qujat-server ARGUMENTS` in this process's place. Returns only if it cannot:
    /// then it says why and exits 69 (EX_UNAVAILABLE).
    static func exec(_ arguments: [String]) -> Never {
        let path = (Resources.executableDirectory ?? ".") + "/qujat-server"
        let argv = (["qujat"] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let why = String(cString: strerror(errno))
        printError("qujat: \(arguments.first ?? "serve") runs \(path), which could not be started (\(why)); build it with `swift build -c release --static-swift-stdlib` and install it beside qujat")
        exit(69)
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API (POST /v1/documents, batches, health, metrics, /openapi.yaml).",
        discussion: "Runs qujat-server serve (beside qujat); `qujat serve --help` lists its options.")

    @Argument(parsing: .captureForPassthrough, help: "The server's options.")
    var arguments: [String] = []

    func run() throws { ServerProgram.exec(["serve"] + arguments) }
}

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a case's pages on a local web page, rendered again whenever a file changes.",
        discussion: "Runs qujat-server preview (beside qujat); `qujat preview --help` lists its options.")

    @Argument(parsing: .captureForPassthrough, help: "The preview's case and options.")
    var arguments: [String] = []

    func run() throws { ServerProgram.exec(["preview"] + arguments) }
}
