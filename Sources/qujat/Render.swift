import ArgumentParser
import Foundation
import Qujat
import QujatCase
import QujatLayout
import QujatSign

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one case to a PDF (or PNG previews).",
        discussion: """
        The document comes from the case's "document" key. Exit codes: 0 ok; 65 invalid case \
        data or over a limit (stderr lists JSON paths and rules); 66 input missing; 70 internal \
        error; 74 the output could not be written. No partial file is ever left: a regular \
        file is written to a temporary name and renamed; a FIFO, a device or - (standard \
        output) is written in place; a symbolic link's target is replaced.
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

    @Option(help: "Resolution of PNG previews (10 to 600).")
    var dpi: Double = 96

    @Option(help: "With --format png: only this page (1-based).")
    var page: Int?

    @Option(help: "The most pages a document may have (exit 65 above it).")
    var maxPages = RenderLimits.defaultMaximumPages

    @Flag(help: "Keys of the case that its document does not read are errors (exit 65), not warnings.")
    var strict = false

    @OptionGroup var resources: ResourceOptions

    @OptionGroup var signing: SigningOptions

    func validate() throws {
        if !Renderer.dpiRange.contains(dpi) {
            throw ValidationError("--dpi must be from \(Int(Renderer.dpiRange.lowerBound)) to \(Int(Renderer.dpiRange.upperBound))")
        }
        if let page, page < 1 { throw ValidationError("--page must be at least 1") }
        if maxPages < 1 { throw ValidationError("--max-pages must be at least 1") }
        if (signing.signKey != nil || signing.signerCert != nil) && format != .pdf {
            throw ValidationError("--sign-key and --signer-cert make PDFs; they do not go with --format png")
        }
    }

    func run() throws {
        // A closed pipe on standard output is a write error (exit 74), not a signal.
        signal(SIGPIPE, SIG_IGN)
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: input) else {
                printError("qujat: cannot read \(input)")
                throw ExitCode(QujatError.missing(input).exitCode)
            }
            data = read
        }
        do throws(QujatError) {
            let key = try signing.key()
            let outsideSigner = try signing.outsideSigner()
            let renderer = try Renderer(templates: try resources.library(),
                                        fontsDirectory: try Resources.fontsDirectory(resources.fonts))
            renderer.limits = RenderLimits(maximumPages: maxPages)
            renderer.strict = strict
            switch format {
            case .pdf:
                if let key {
                    let rendered = try renderer.render(json: data, signing: Renderer.Signing(key: key, time: signing.explicitTime))
                    warn(rendered.warnings)
                    try OutputFile.write(rendered.pdf, to: output)
                } else if let outsideSigner, let toBeSigned = signing.toBeSigned {
                    let rendered = try renderer.render(json: data, signing: Renderer.Signing(outsideSigner: outsideSigner, time: signing.explicitTime))
                    warn(rendered.warnings)
                    let prepared: PreparedPDF
                    do throws(SignError) { prepared = try PreparedPDF(reading: rendered.pdf) } catch { throw .signing(error) }
                    try OutputFile.write([(output, prepared.bytes), (toBeSigned, prepared.toBeSigned)])
                } else {
                    let rendered = try renderer.render(json: data)
                    warn(rendered.warnings)
                    try OutputFile.write(rendered.pdf, to: output)
                }
            case .png:
                let (pages, _, warnings) = try renderer.images(json: data, dpi: dpi, pages: page.map { $0...$0 })
                warn(warnings)
                if output == "-" || page != nil {
                    if pages.count > 1 {
                        throw .limit("the document has \(pages.count) pages and \(output == "-" ? "standard output" : output) takes one: add --page N")
                    }
                    try OutputFile.write(pages[0], to: output)
                } else {
                    let stem = output.hasSuffix(".png") ? String(output.dropLast(4)) : output
                    try OutputFile.write(pages.enumerated().map { ("\(stem)-\($0.offset + 1).png", $0.element) })
                }
            }
        } catch {
            printError("qujat: \(error)")
            throw ExitCode(error.exitCode)
        }
    }

    /// Keys the document does not read: printed, rendered anyway (see --strict).
    private func warn(_ warnings: [CaseIssue]) {
        for warning in warnings { printError("qujat: warning: \(warning)") }
    }
}
