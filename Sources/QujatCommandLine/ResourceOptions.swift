import ArgumentParser
import Foundation
import Qujat
import QujatCase

/// Where templates and fonts come from; shared by every command of both executables.
package struct ResourceOptions: ParsableArguments {
    @Option(help: "Templates folder (default: Templates/ next to the executable or in the current directory).")
    package var templates: String?

    @Option(help: "Fonts folder (default: Fonts/ next to the executable or in the current directory).")
    package var fonts: String?

    package init() {}

    /// - Parameter only: the documents to read (a one-off render reads its own); nil: all.
    package func library(only: Set<String>? = nil) throws(QujatError) -> TemplateLibrary {
        try Self.library(templates, only: only)
    }

    /// The templates of `folder` (nil: the default one), as `library(only:)`.
    package static func library(_ folder: String?, only: Set<String>? = nil) throws(QujatError) -> TemplateLibrary {
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
    package func loaded() throws -> TemplateLibrary {
        do throws(QujatError) { return try library() } catch { try fail(error) }
    }
}

/// Reports the error and ends the command with its exit code.
package func fail(_ error: QujatError) throws -> Never {
    report(error)
    throw ExitCode(error.exitCode)
}

/// Prints a failure as every command does: `qujat: …` on standard error; a broken template
/// or schema with each problem's source line and a caret under its column.
package func report(_ error: QujatError) {
    if case .template(let template) = error {
        printError(template.annotated)
    } else {
        printError("qujat: \(error)")
    }
}

/// Prints to standard error.
package func printError(_ message: String) {
    var stream = StandardError()
    print(message, to: &stream)
}

package struct StandardError: TextOutputStream {
    package init() {}

    package mutating func write(_ string: String) {
        FileHandle.standardError.write(string.data(using: .utf8)!)
    }
}

import Foundation
import QujatTemplates

extension AsyncParsableCommand {
    /// ArgumentParser's own `main`: the arguments parsed into a command of this tree, run
    /// (asynchronously when it is async), and an error reported with its exit code.
    package static func parseAndRun() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
