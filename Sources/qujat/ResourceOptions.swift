import ArgumentParser
import Qujat

/// Where templates and fonts come from; shared by every command.
struct ResourceOptions: ParsableArguments {
    @Option(help: "Templates folder (default: Templates/ next to the executable or in the current directory).")
    var templates: String?

    @Option(help: "Fonts folder (default: Fonts/ next to the executable or in the current directory).")
    var fonts: String?

    func library() throws(QujatError) -> TemplateLibrary {
        let directory = try Resources.templatesDirectory(templates)
        do {
            return try TemplateLibrary(directory: directory)
        } catch {
            throw .template(error)
        }
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
