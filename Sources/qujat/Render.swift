import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat
import QujatCase
import QujatLayout
import QujatSign

struct Render: AsyncParsableCommand {
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
        link's target is replaced. With --watch it keeps running and renders again whenever \
        the case, a template or a font changes.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case pdf, png
    }

    @Argument(help: "Case JSON file, or - for standard input.")
    var input: String

    @Option(name: .shortAndLong, help: "Output file, or - for standard output (default: the case's name with .pdf, beside it). PNG pages go to NAME-N.png.")
    var output: String?

    @Option(help: "Output format (default: from the output's extension, .png → png, else pdf).")
    var format: Format?

    @Option(help: "Resolution of PNG previews (10 to 600).")
    var dpi: Double = Render.defaultDPI

    @Option(help: "PNG only: just this page (1-based), written to the output name itself.")
    var page: Int?

    @Option(help: "PNG only: these pages, as N or N-M (NAME-N.png each).")
    var pages: PageRange?

    @Option(help: "The most pages a document may have (exit 65 above it).")
    var maxPages = RenderLimits.defaultMaximumPages

    @Flag(help: "Keys of the case that its document does not read are errors (exit 65), not warnings.")
    var strict = false

    @Flag(help: "Keep running: render again whenever the case, a template, types.yaml, calendar.txt or a font changes (errors go to standard error; the output keeps the last good render).")
    var watch = false

    @OptionGroup var resources: ResourceOptions

    @OptionGroup var signing: SigningOptions

    /// The format asked for, else the output's extension's.
    var outputFormat: Format { format ?? Self.format(of: output) }

    /// The output file: `-o`, else the case's own name with the format's extension.
    var outputPath: String { output ?? Self.output(besides: input, format: outputFormat) }

    /// PNG when `output` ends in .png, else PDF.
    static func format(of output: String?) -> Format {
        output?.lowercased().hasSuffix(".png") == true ? .png : .pdf
    }

    /// The case's own name with the format's extension: `case.json` → `case.pdf`.
    static func output(besides input: String, format: Format) -> String {
        let stem = input.lowercased().hasSuffix(".json") ? String(input.dropLast(5)) : input
        return stem + (format == .png ? ".png" : ".pdf")
    }

    /// PNG previews' resolution unless --dpi says otherwise.
    static let defaultDPI: Double = 96

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
        if watch && (input == "-" || output == "-") {
            throw ValidationError("--watch reads a case file it can watch and writes a file: not - (standard input or output)")
        }
    }

    func run() async throws {
        // A closed pipe on standard output is a write error (exit 74), not a signal.
        signal(SIGPIPE, SIG_IGN)
        if watch { return try await runWatching() }
        try Self.render(input, job: { () throws(QujatError) in try self.job() }, maxPages: maxPages,
                        templates: resources.templates, fonts: resources.fonts, saysOutput: output == nil)
    }

    /// Renders one case file (or - for standard input) as `job` says and writes it; what
    /// `run` does once its options are checked (`SimpleRender` comes here without them).
    /// - Parameter saysOutput: print the output's name (the user did not give it).
    static func render(_ input: String, job makeJob: () throws(QujatError) -> RenderJob, maxPages: Int,
                       templates: String?, fonts: String?, saysOutput: Bool) throws(ExitCode) {
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
            let job = try makeJob()
            // Only the case's own document is read (the others cost a cold render 10 ms).
            let renderer = try Renderer(templates: try ResourceOptions.library(templates, only: document(of: data).map { [$0] }),
                                        fontsDirectory: try Resources.fontsDirectory(fonts))
            renderer.limits = RenderLimits(maximumPages: maxPages)
            let written = try job.write(data, with: renderer)
            // The process ends after this render: its fonts are not torn down (Pango's font map,
            // fontconfig's configuration and the faces, 0.15 ms) only for the memory to be freed.
            Self.keptUntilExit = renderer
            if saysOutput { printError("qujat: wrote \(written.joined(separator: ", "))") }
        } catch {
            report(error)
            throw ExitCode(error.exitCode)
        }
    }

    /// The last renderer `render` used: kept, not released, until the process exits.
    nonisolated(unsafe) private static var keptUntilExit: Renderer?

    /// The document a case names, if it is a JSON object with a `document` string.
    static func document(of data: Data) -> String? {
        guard case .object(let fields)? = try? CaseValue.parse(json: data), case .string(let name)? = fields["document"] else { return nil }
        return name
    }

    /// What to make of a case, with the signing material read once.
    func job() throws(QujatError) -> RenderJob {
        RenderJob(output: outputPath, format: outputFormat, dpi: dpi, page: page, pages: pages?.range, strict: strict, key: try signing.key(),
                  outsideSigner: try signing.outsideSigner(), toBeSigned: signing.toBeSigned, signingTime: signing.explicitTime)
    }
}

/// One render's options (Sendable, so a pool's worker can run it).
struct RenderJob: Sendable {
    var output: String
    var format: Render.Format
    var dpi: Double
    /// PNG only: one page, written to `output` itself (`--page`).
    var page: Int?
    /// PNG only: these pages, each to NAME-N.png (`--pages`).
    var pages: ClosedRange<Int>?
    var strict: Bool
    var key: SigningKey?
    var outsideSigner: Certificate?
    var toBeSigned: String?
    var signingTime: Date?

    /// Renders the case with `renderer` and writes the output (never partially).
    /// - Returns: the files written (a signing request's to-be-signed file not counted).
    @discardableResult
    func write(_ data: Data, with renderer: Renderer) throws(QujatError) -> [String] {
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
            let wanted = page.map { $0...$0 } ?? pages
            let (images, _, warnings) = try renderer.images(json: data, dpi: dpi, pages: wanted)
            warn(warnings)
            if output == "-" || page != nil {
                if images.count > 1 {
                    throw .limit("the document has \(images.count) pages and \(output == "-" ? "standard output" : output) takes one: add --page N")
                }
                try OutputFile.write(images[0], to: output)
                return [output]
            }
            // NAME-N.png, N the page's number in the document.
            let stem = output.lowercased().hasSuffix(".png") ? String(output.dropLast(4)) : output
            let first = wanted?.lowerBound ?? 1
            let files = images.enumerated().map { ("\(stem)-\(first + $0.offset).png", $0.element) }
            try OutputFile.write(files)
            return files.map(\.0)
        }
        return [output]
    }

    /// Keys the document does not read: printed, rendered anyway (see --strict).
    func warn(_ warnings: [CaseIssue]) {
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
