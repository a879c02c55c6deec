import ArgumentParser
import Foundation
import Qujat
import QujatLayout

/// The common one-off call, `qujat render CASE [-o OUT] [--strict] [--templates DIR]
/// [--fonts DIR]`, read without ArgumentParser: building its command tree costs a cold
/// render about 3 ms (reflection and protocol lookups over the whole binary), more than the
/// render's own work. Anything else — another option, a repeated one, `--`, `-` without -o,
/// help — is not recognized here and goes to ArgumentParser, which parses it as always; so
/// both paths accept the same words and give the same file, messages and exit codes.
struct SimpleRender {
    var input = ""
    var output: String?
    var strict = false
    var templates: String?
    var fonts: String?

    /// The render these arguments (after the executable's name) ask for, or nil when they are
    /// not a simple render.
    init?(arguments: [String]) {
        guard arguments.first == "render" else { return nil }
        var input: String?
        var seen: Set<String> = []
        var words = arguments.dropFirst()[...]
        while let word = words.popFirst() {
            if !word.hasPrefix("-") || word == "-" {
                guard input == nil else { return nil }
                input = word
                continue
            }
            let (name, attached) = Self.split(word)
            let option: WritableKeyPath<SimpleRender, String?>
            switch name {
            case "--strict":
                guard attached == nil, seen.insert(name).inserted else { return nil }
                strict = true
                continue
            case "-o", "--output": option = \.output
            case "--templates": option = \.templates
            case "--fonts": option = \.fonts
            default: return nil
            }
            // Each option once, under one of its names; its value a word that is not an option.
            guard seen.insert(name == "-o" ? "--output" : name).inserted else { return nil }
            guard let value = attached ?? words.popFirst(), !value.hasPrefix("-") || value == "-" else { return nil }
            self[keyPath: option] = value
        }
        guard let input, input != "-" || output != nil else { return nil }
        self.input = input
    }

    /// `--name=value` as its name and value; `-o` takes no `=`.
    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// Renders as `Render.run` does with these options and the others' defaults, on this
    /// thread. - Returns: the exit code.
    func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let format = Render.format(of: output)
        let job = RenderJob(output: output ?? Render.output(besides: input, format: format), format: format,
                            dpi: Render.defaultDPI, page: nil, pages: nil, strict: strict, key: nil,
                            outsideSigner: nil, toBeSigned: nil, signingTime: nil)
        do throws(ExitCode) {
            try Render.render(input, job: { () throws(QujatError) in job }, maxPages: RenderLimits.defaultMaximumPages,
                              templates: templates, fonts: fonts, saysOutput: output == nil)
            return 0
        } catch {
            return error.rawValue
        }
    }
}
