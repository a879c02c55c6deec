import ArgumentParser

@main
struct QujatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qujat",
        abstract: "Renders Kazakhstan's health-care state-service documents from case data (JSON) to PDF.",
        version: "0.1.0",
        subcommands: [Render.self, Preview.self, Validate.self, Batch.self, Serve.self, Check.self, Templates.self, SchemaCommand.self, Sample.self, Sign.self, Verify.self]
    )
}

