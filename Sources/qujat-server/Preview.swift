import ArgumentParser
import QujatCommandLine
import Foundation
import Logging
import Qujat
import QujatPreview

struct Preview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a case's pages on a local web page, rendered again whenever a file changes.",
        discussion: """
        Open the address it prints (http://127.0.0.1:PORT/) in a browser. Every page of the \
        case is shown as an image; saving the case, a template, types.yaml, calendar.txt or a \
        font renders it again and the page updates by itself (within about half a second). A \
        save that breaks something shows the problem instead — file:line:column, the message \
        and the line with a caret — until it is fixed. Listens on 127.0.0.1 only. Ctrl-C stops it.
        """
    )

    @Argument(help: "Case JSON file.")
    var input: String

    @OptionGroup var resources: ResourceOptions

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8088

    @Option(help: "Resolution of the page images (10 to 600).")
    var dpi: Double = 96

    @Option(help: "The most pages shown (a longer document is a problem).")
    var maxPages = 200

    func validate() throws {
        if !Renderer.dpiRange.contains(dpi) {
            throw ValidationError("--dpi must be from \(Int(Renderer.dpiRange.lowerBound)) to \(Int(Renderer.dpiRange.upperBound))")
        }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if maxPages < 1 { throw ValidationError("--max-pages must be at least 1") }
        if input == "-" { throw ValidationError("preview reads a case file it can watch, not standard input") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        do {
            guard FileManager.default.fileExists(atPath: input) else { throw QujatError.missing("cannot read \(input)") }
            // The set is read again before every render, so a broken one is shown, not fatal.
            let pool = try RenderPool(templates: try resources.library(), fontsDirectory: try Resources.fontsDirectory(resources.fonts),
                                      workers: 1, maximumPages: maxPages)
            var options = Previewer.Options(casePath: input)
            options.port = port
            options.dpi = dpi
            let previewer = Previewer(pool: pool, options: options)
            try await previewer.run { port in
                FileHandle.standardOutput.write(Data("qujat: preview of \(input) at http://127.0.0.1:\(port)/\n".utf8))
            }
        } catch let error as QujatError {
            try fail(error)
        }
    }
}
