import Foundation
import Qujat
import QujatTemplates

// qujat-bench: throughput and memory of one Renderer rendering licenses and annexes, to
// separate PDFs and into one PDF. See Benchmarks/README.md.

let options = Options(Array(CommandLine.arguments.dropFirst()))

/// Targets from the issue (this 2-core machine). Annexes have none of their own.
let licenseSeparateTarget = Result.Target.msPerDoc(2.5)
let licenseMergedTarget = Result.Target.msPerPage(0.6)
let flatBelowMB = 64.0

do {
    let started = ContinuousClock.now
    let templates = try TemplateLibrary(directory: options.templates)
    let renderer = try Renderer(templates: templates, fontsDirectory: options.fonts)
    let setupSeconds = Stopwatch.seconds(ContinuousClock.now - started)
    let scenarios = try Scenarios(renderer: renderer, output: options.output)
    let keep = options.keep || options.output != nil
    defer { if !keep { scenarios.removeOutput() } }
    let peakResets = Memory.resetPeak()

    var kinds: [(name: String, cases: Cases, separate: Result.Target, merged: Result.Target)] = []
    if options.scenario != "annex" {
        kinds.append(("license", try .license(examples: options.examples), licenseSeparateTarget, licenseMergedTarget))
    }
    if options.scenario != "license" {
        kinds.append(("annex", try .annex(examples: options.examples), .none, .none))
    }

    var results: [Result] = []
    var notes: [String] = ["set-up (templates + renderer): \(Format.number(setupSeconds * 1000, 1)) ms, untimed"]
    for kind in kinds {
        let pagesPerDoc = try scenarios.warmUp(kind.cases)
        var writeSeconds = 0.0
        results.append(try scenarios.separate(kind.name, kind.cases, count: options.count, pagesPerDoc: pagesPerDoc,
                                              target: kind.separate, writeSeconds: &writeSeconds))
        notes.append("\(kind.name) → separate PDFs: \(Format.number(writeSeconds * 1000 / Double(options.count), 3)) ms/doc "
                     + "of that is writing the file (no fsync, as the C peer)")
        results.append(try scenarios.merged(kind.name, kind.cases, count: options.count, target: kind.merged))
        if kind.name == "license", let folder = options.signing {
            for (file, label) in [("rsa.p12", "RSA-2048"), ("ec.p12", "ECDSA P-256")] {
                results.append(try scenarios.signed(kind.cases, count: options.count, keyFile: "\(folder)/\(file)",
                                                    passwordFile: "\(folder)/pw", label: label, pagesPerDoc: pagesPerDoc))
            }
        }
    }

    var series: RSSSeries?
    if options.flat > 0 {
        let cases = try Cases.license(examples: options.examples)
        let (result, samples) = try scenarios.flat(cases, count: options.flat, belowMB: flatBelowMB)
        results.append(result)
        series = samples
    }

    print(Format.table(results))
    print()
    if let series { print(series.line) }
    if !peakResets { notes.append("could not reset VmHWM between scenarios: peak RSS is the process-wide peak so far") }
    if keep { notes.append("PDFs kept in \(scenarios.output.path)") }
    for note in notes { print("- " + note) }
} catch {
    FileHandle.standardError.write(Data("qujat-bench: \(error)\n".utf8))
    exit(1)
}
