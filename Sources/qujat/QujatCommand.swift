import ArgumentParser

@main
struct QujatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qujat",
        abstract: "Renders Kazakhstan's health-care state-service documents from case data (JSON) to PDF.",
        version: "0.1.0",
        subcommands: [Render.self, Batch.self, Serve.self, Check.self, Templates.self]
    )
}

/// Exit codes, after sysexits.h.
enum Exit {
    static let invalidData = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let software = ExitCode(70)
}
