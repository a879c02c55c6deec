import ArgumentParser
import Foundation
import Qujat
import QujatCase
import QujatLayout
import QujatSign

struct Render: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one case to a PDF (or PNG previews).",
        discussion: """
        The document comes from the case's "document" key. Exit codes: 0 ok; 65 invalid case \
        data or over a limit (stderr lists JSON paths and rules); 66 input missing; 70 internal \
        error; 74 the output could not be written. No partial file is ever left: a regular \
        file is written to a temporary name and renamed; a FIFO, a device or - (standard \
        output) is written in place; a symbolic link's target is replaced. With --watch it keeps \
        running and renders again whenever the case, a template or a font changes.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
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
        if watch && (input == "-" || output == "-") {
            throw ValidationError("--watch reads a case file it can watch and writes a file: not - (standard input or output)")
        }
    }

    @Flag(help: "Keep running: render again whenever the case, a template, types.yaml, calendar.txt or a font changes (errors go to standard error; the output keeps the last good render).")
    var watch = false

    func run() async throws {
        // A closed pipe on standard output is a write error (exit 74), not a signal.
        signal(SIGPIPE, SIG_IGN)
        if watch { return try await runWatching() }
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
            let job = try self.job()
            let renderer = try Renderer(templates: try resources.library(),
                                        fontsDirectory: try Resources.fontsDirectory(resources.fonts))
            renderer.limits = RenderLimits(maximumPages: maxPages)
            try job.write(data, with: renderer)
        } catch {
            printError("qujat: \(error)")
            throw ExitCode(error.exitCode)
        }
    }

    /// What to make of a case, with the signing material read once.
    func job() throws(QujatError) -> RenderJob {
        RenderJob(output: output, format: format, dpi: dpi, page: page, strict: strict, key: try signing.key(),
                  outsideSigner: try signing.outsideSigner(), toBeSigned: signing.toBeSigned, signingTime: signing.explicitTime)
    }
}

/// One render's options (Sendable, so a pool's worker can run it).
struct RenderJob: Sendable {
    var output: String
    var format: Render.Format
    var dpi: Double
    var page: Int?
    var strict: Bool
    var key: SigningKey?
    var outsideSigner: Certificate?
    var toBeSigned: String?
    var signingTime: Date?

    /// Renders the case with `renderer` and writes the output (never partially).
    func write(_ data: Data, with renderer: Renderer) throws(QujatError) {
        renderer.strict = strict
        switch format {
        case .pdf:
            if let key {
                let rendered = try renderer.render(json: data, signing: Renderer.Signing(key: key, time: signingTime))
                warn(rendered.warnings)
                try OutputFile.write(rendered.pdf, to: output)
            } else if let outsideSigner, let toBeSigned {
                let rendered = try renderer.render(json: data, signing: Renderer.Signing(outsideSigner: outsideSigner, time: signingTime))
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
    }

    /// Keys the document does not read: printed, rendered anyway (see --strict).
    func warn(_ warnings: [CaseIssue]) {
        for warning in warnings { printError("qujat: warning: \(warning)") }
    }
}
