import ArgumentParser
import Qujat
import QujatCase

/// Where templates and fonts come from; shared by every command.
struct ResourceOptions: ParsableArguments {
    @Option(help: "Templates folder (default: Templates/ next to the executable or in the current directory).")
    var templates: String?

    @Option(help: "Fonts folder (default: Fonts/ next to the executable or in the current directory).")
    var fonts: String?

    /// - Parameter only: the documents to read (a one-off render reads its own); nil: all.
    func library(only: Set<String>? = nil) throws(QujatError) -> TemplateLibrary {
        try Self.library(templates, only: only)
    }

    /// The templates of `folder` (nil: the default one), as `library(only:)`.
    static func library(_ folder: String?, only: Set<String>? = nil) throws(QujatError) -> TemplateLibrary {
        let directory = try Resources.templatesDirectory(folder)
        do {
            return try TemplateLibrary(directory: directory, only: only)
        } catch {
            throw .template(error)
        }
    }
}

extension ResourceOptions {
    /// The templates folder, or the command ends with the error's exit code.
    func loaded() throws -> TemplateLibrary {
        do throws(QujatError) { return try library() } catch { try fail(error) }
    }
}

/// Reports the error and ends the command with its exit code.
func fail(_ error: QujatError) throws -> Never {
    report(error)
    throw ExitCode(error.exitCode)
}

/// Prints a failure as every command does: `qujat: …` on standard error; a broken template
/// or schema with each problem's source line and a caret under its column.
func report(_ error: QujatError) {
    if case .template(let template) = error {
        printError(template.annotated)
    } else {
        printError("qujat: \(error)")
    }
}

/// Prints to standard error.
func printError(_ message: String) {
    var stream = StandardError()
    print(message, to: &stream)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(string.data(using: .utf8)!)
    }
}

import Foundation
import QujatTemplates
