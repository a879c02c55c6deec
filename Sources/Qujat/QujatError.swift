import QujatRender
import QujatTemplates

/// Why Qujat could not produce a document. Each case carries the detail of its layer.
public enum QujatError: Error, Sendable, CustomStringConvertible {
    /// The case data breaks the contract: every JSON path and rule.
    case invalidCase(CaseError)
    /// A template or schema file is broken: every file:line:column.
    case template(TemplateError)
    /// Fonts, glyphs or Cairo.
    case render(RenderError)
    /// A file or folder Qujat needs is missing or unreadable.
    case missing(String)
    /// A `RenderPool` refused the job: its queue is full, the job waited past its deadline,
    /// or the pool is shutting down. Try again later.
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalidCase(let error): "invalid case data:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n")
        case .template(let error): error.description
        case .render(let error): error.description
        case .missing(let message): message
        case .unavailable(let message): message
        }
    }

    /// Wraps any error of the lower layers.
    static func wrap(_ error: any Error) -> QujatError {
        switch error {
        case let error as QujatError: error
        case let error as CaseError: .invalidCase(error)
        case let error as TemplateError: .template(error)
        case let error as RenderError: .render(error)
        default: .missing("\(error)")
        }
    }
}
