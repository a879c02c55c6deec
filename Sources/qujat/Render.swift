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
        The document comes from the case's "document" key. The output is a PDF, or PNG pages \
        when -o ends in .png (--format overrides); without -o it is CASE.pdf beside the case. \
        Exit codes: 0 ok; 64 bad option (--dpi outside 10–600, --page with a PDF); 65 invalid \
        case data or over a limit (stderr lists JSON paths and rules); 66 input missing; 70 a \
        broken template (with its source line) or internal error; 74 the output could not be \
        written. No partial file is ever left: a regular file is written to a temporary name \
        and renamed; a FIFO, a device or - (standard output) is written in place; a symbolic \
        link's target is replaced.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pdf, png
    }

    @Argument(help: "Case JSON file, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Output file, or - for standard output (default: the case's name with .pdf, beside it). PNG pages go to NAME-N.png.")
    var output: String?

    @Option(help: "Output format (default: from the output's extension, .png → png, else pdf).")
    var format: Format?

    @Option(help: "Resolution of PNG previews (10 to 600).")
    var dpi: Double = 96

    @Option(help: "PNG only: just this page (1-based), written to the output name itself.")
    var page: Int?

    @Option(help: "PNG only: these pages, as N or N-M (NAME-N.png each).")
    var pages: PageRange?

    @Option(help: "The most pages a document may have (exit 65 above it).")
    var maxPages = RenderLimits.defaultMaximumPages

    @Flag(help: "Keys of the case that its document does not read are errors (exit 65), not warnings.")
    var strict = false

    @OptionGroup var resources: ResourceOptions

    @OptionGroup var signing: SigningOptions

    /// The format asked for, else the output's extension's.
    var outputFormat: Format {
        if let format { return format }
        return output?.lowercased().hasSuffix(".png") == true ? .png : .pdf
    }

    /// The output file: `-o`, else the case's own name with the format's extension.
    var outputPath: String {
        if let output { return output }
        let stem = input.lowercased().hasSuffix(".json") ? String(input.dropLast(5)) : input
        return stem + (outputFormat == .png ? ".png" : ".pdf")
    }

    func validate() throws {
        if !Renderer.dpiRange.contains(dpi) {
            throw ValidationError("--dpi must be from \(Int(Renderer.dpiRange.lowerBound)) to \(Int(Renderer.dpiRange.upperBound))")
        }
        if let page, page < 1 { throw ValidationError("--page must be at least 1") }
        if page != nil && pages != nil { throw ValidationError("give --page N or --pages N-M, not both") }
        if (page != nil || pages != nil) && outputFormat == .pdf {
            throw ValidationError("--page and --pages choose PNG pages (-o NAME.png or --format png); a PDF holds every page")
        }
        if maxPages < 1 { throw ValidationError("--max-pages must be at least 1") }
        if (signing.signKey != nil || signing.signerCert != nil) && outputFormat != .pdf {
            throw ValidationError("--sign-key and --signer-cert make PDFs; they do not go with PNG output")
        }
        if input == "-" && output == nil {
            throw ValidationError("a case read from standard input needs -o FILE (or -o - for standard output)")
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
        let output = outputPath
        do throws(QujatError) {
            let key = try signing.key()
            let outsideSigner = try signing.outsideSigner()
            let renderer = try Renderer(templates: try resources.library(),
                                        fontsDirectory: try Resources.fontsDirectory(resources.fonts))
            renderer.limits = RenderLimits(maximumPages: maxPages)
            renderer.strict = strict
            var written = [output]
            switch outputFormat {
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
                let wanted = page.map { $0...$0 } ?? pages?.range
                let (images, _, warnings) = try renderer.images(json: data, dpi: dpi, pages: wanted)
                warn(warnings)
                if output == "-" || page != nil {
                    if images.count > 1 {
                        throw .limit("the document has \(images.count) pages and \(output == "-" ? "standard output" : output) takes one: add --page N")
                    }
                    try OutputFile.write(images[0], to: output)
                    written = [output]
                } else {
                    // NAME-N.png, N the page's number in the document.
                    let stem = output.lowercased().hasSuffix(".png") ? String(output.dropLast(4)) : output
                    let first = wanted?.lowerBound ?? 1
                    let files = images.enumerated().map { ("\(stem)-\(first + $0.offset).png", $0.element) }
                    try OutputFile.write(files)
                    written = files.map(\.0)
                }
            }
            // A name the user did not give is said.
            if self.output == nil { printError("qujat: wrote \(written.joined(separator: ", "))") }
        } catch {
            report(error)
            throw ExitCode(error.exitCode)
        }
    }

    /// Keys the document does not read: printed, rendered anyway (see --strict).
    private func warn(_ warnings: [CaseIssue]) {
        for warning in warnings { printError("qujat: warning: \(warning)") }
    }
}

/// `--pages 2` or `--pages 1-3`: pages of a document, 1-based.
struct PageRange: ExpressibleByArgument {
    let range: ClosedRange<Int>

    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch parts.count {
        case 1: guard let n = parts[0], n >= 1 else { return nil }; range = n...n
        case 2: guard let a = parts[0], let b = parts[1], a >= 1, a <= b else { return nil }; range = a...b
        default: return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
