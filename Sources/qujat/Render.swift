import ArgumentParser
import Foundation
import Qujat

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one case to a PDF (or PNG previews).",
        discussion: """
        The document comes from the case's "document" key. Exit codes: 0 ok; 65 invalid case \
        data (stderr lists JSON paths and rules); 66 input missing; 70 internal error. \
        No partial file is ever left: output goes to a temporary file that is then renamed.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pdf, png
    }

    @Argument(help: "Case JSON file, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Output file, or - for standard output. With --format png, page N goes to NAME-N.png.")
    var output: String

    @Option(help: "Output format.")
    var format: Format = .pdf

    @Option(help: "Resolution of PNG previews.")
    var dpi: Double = 96

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: input) else {
                printError("qujat: cannot read \(input)")
                throw Exit.noInput
            }
            data = read
        }
        do {
            let renderer = try Renderer(templates: try resources.library(),
                                        fontsDirectory: try Resources.fontsDirectory(resources.fonts))
            switch format {
            case .pdf:
                try emit(try renderer.pdf(json: data), to: output)
            case .png:
                let pages = try renderer.png(json: data, dpi: dpi)
                if output == "-" {
                    try emit(pages[0], to: output)
                } else {
                    let stem = output.hasSuffix(".png") ? String(output.dropLast(4)) : output
                    for (index, page) in pages.enumerated() {
                        try emit(page, to: "\(stem)-\(index + 1).png")
                    }
                }
            }
        } catch {
            printError("qujat: \(error)")
            switch error {
            case .invalidCase: throw Exit.invalidData
            case .missing: throw Exit.noInput
            case .template, .render, .unavailable: throw Exit.software
            }
        }
    }

    private func emit(_ bytes: [UInt8], to path: String) throws(QujatError) {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            try AtomicFile.write(bytes, to: path)
        }
    }
}
