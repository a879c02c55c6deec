import Foundation

/// The command line: `qujat-bench [--count N] [--flat N] [--scenario license|annex|all]
/// [--templates DIR] [--fonts DIR] [--examples DIR] [--output DIR] [--keep] [--signing DIR]`.
struct Options {
    /// Documents per timed scenario.
    var count = 1000
    /// Documents in the RSS-over-time run; 0 skips it.
    var flat = 10000
    /// Which document kinds to time: "license", "annex" or "all".
    var scenario = "all"
    var templates = "Templates"
    var fonts = "Fonts"
    var examples = "Examples"
    /// Where the PDFs are written. nil: a temporary folder, deleted at the end unless `keep`.
    /// A given folder is kept, and the next run overwrites the same files.
    var output: String?
    /// Keep the temporary folder of written PDFs (its path is printed) instead of deleting it.
    var keep = false
    /// A folder with `rsa.p12`, `ec.p12` and their password in `pw`: also time signed licenses.
    var signing: String?

    static let usage = """
        usage: qujat-bench [--count N] [--flat N] [--scenario license|annex|all]
                           [--templates DIR] [--fonts DIR] [--examples DIR] [--output DIR] [--keep]
          --count N     documents per timed scenario (default 1000)
          --flat N      licenses in the RSS-over-time run (default 10000; 0 skips it)
          --scenario S  license, annex or all (default all)
          --output DIR  write the PDFs here, kept and overwritten by the next run
                        (default: a temporary folder, deleted at the end)
          --keep        keep the written PDFs and print where they are
          --signing DIR also time licenses signed with DIR/rsa.p12 and DIR/ec.p12 (password in
                        DIR/pw); Benchmarks/signing.sh makes such a folder
        """

    /// Parses `arguments` (without the program name); prints usage and exits on a mistake.
    init(_ arguments: [String]) {
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let next = rest.popFirst() else { Options.fail("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) -> Int {
            let text = value(flag)
            guard let n = Int(text), n >= 0 else { Options.fail("\(flag) needs a whole number, not '\(text)'") }
            return n
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--count": count = number(flag)
            case "--flat": flat = number(flag)
            case "--scenario":
                scenario = value(flag)
                guard ["license", "annex", "all"].contains(scenario) else {
                    Options.fail("--scenario is license, annex or all, not '\(scenario)'")
                }
            case "--templates": templates = value(flag)
            case "--fonts": fonts = value(flag)
            case "--examples": examples = value(flag)
            case "--output": output = value(flag)
            case "--keep": keep = true
            case "--signing": signing = value(flag)
            case "-h", "--help":
                print(Options.usage)
                exit(0)
            default: Options.fail("unknown argument '\(flag)'")
            }
        }
        if count == 0 { Options.fail("--count must be at least 1") }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("qujat-bench: \(message)\n\(usage)\n".utf8))
        exit(2)
    }
}
