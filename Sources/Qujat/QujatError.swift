import QujatSign
import QujatCase
import QujatLayout
import QujatPDF
import QujatTemplates

/// Why Qujat could not produce a document. Each case carries the detail of its layer.
///
/// `exitCode` (sysexits) and, in the server, `Problem.from` are the only places that map
/// these to the outside world; README's exit-code table lists the same.
public enum QujatError: Error, Sendable, CustomStringConvertible {
    /// The case data breaks the contract: every JSON path and rule.
    case invalidCase(CaseError)
    /// The case is valid but asks for more than a limit allows (pages, render time, dpi):
    /// the message names the limit.
    case limit(String)
    /// A template or schema file is broken: every file:line:column.
    case template(TemplateError)
    /// Fonts, glyphs or Cairo.
    case render(RenderError)
    /// A file or folder Qujat needs is missing or unreadable.
    case missing(String)
    /// An output could not be written (disk full, permission, a closed pipe): the OS's words.
    case io(String)
    /// A `RenderPool` refused the job: its queue is full or it is shutting down. Try again later.
    case unavailable(String)
    /// The job waited past its deadline for a free worker and was not rendered.
    case timedOut(String)
    /// Another process holds what this one needs (a batch's output folder): the holder's pid.
    case busy(String)
    /// The print server refused or failed a job.
    case printing(String)
    /// The caller's task was cancelled: the job was dropped or its render stopped.
    case cancelled
    /// The `RenderPool` was shut down: it takes no more work.
    case shutDown
    /// Signing, preparing, embedding or verifying a signature failed (`SignError.kind` says
    /// which: the key, the certificate, the PDF, the CMS).
    case signing(SignError)
    /// An error of no known kind (a bug): exit 70, HTTP 500.
    case internalError(String)

    public var description: String {
        switch self {
        case .invalidCase(let error): "invalid case data:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n")
        case .template(let error): error.description
        case .render(let error): error.description
        case .signing(let error): error.description
        case .limit(let message), .missing(let message), .io(let message), .unavailable(let message),
             .timedOut(let message), .busy(let message), .printing(let message), .internalError(let message): message
        case .cancelled: "the render was cancelled"
        case .shutDown: "the render pool is shut down"
        }
    }

    /// A stable name for the kind of error (logs, `errors.jsonl`, problem types).
    public var code: String {
        switch self {
        case .invalidCase: "invalid-case"
        case .limit: "limit"
        case .template: "template"
        case .render: "render"
        case .missing: "missing"
        case .io: "io"
        case .unavailable: "unavailable"
        case .timedOut: "timed-out"
        case .busy: "busy"
        case .printing: "printing"
        case .cancelled: "cancelled"
        case .shutDown: "shut-down"
        case .internalError: "internal"
        case .signing(let error):
            switch error.kind {
            case .key: "signing-key"
            case .certificate: "certificate"
            case .notQujatPDF: "not-qujat-pdf"
            case .cms: "cms"
            case .crypto: "crypto"
            }
        }
    }

    /// The process exit code for this error (sysexits.h), the one mapping the CLI uses.
    public var exitCode: Int32 {
        switch self {
        case .invalidCase, .limit: 65       // EX_DATAERR
        case .missing: 66                   // EX_NOINPUT
        case .printing: 69                  // EX_UNAVAILABLE
        case .template, .render, .internalError: 70  // EX_SOFTWARE
        case .io: 74                        // EX_IOERR
        case .unavailable, .timedOut, .busy, .cancelled, .shutDown: 75  // EX_TEMPFAIL
        case .signing(let error):
            switch error.kind {
            case .notQujatPDF, .cms: 65     // EX_DATAERR: the PDF or the CMS given
            case .key: 77                   // EX_NOPERM: wrong password, unreadable key
            case .certificate: 78           // EX_CONFIG: expired, not yet valid, not for signing
            case .crypto: 70
            }
        }
    }

    /// Wraps any error of the lower layers.
    static func wrap(_ error: any Error) -> QujatError {
        switch error {
        case let error as QujatError: error
        case let error as CaseError: .invalidCase(error)
        case let error as TemplateError: .template(error)
        case let error as SignError: .signing(error)
        case let error as RenderError:
            switch error.kind {
            case .limit: .limit(error.message)
            case .cancelled: .cancelled
            default: .render(error)
            }
        default: .internalError("\(error)")
        }
    }
}
