import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat

extension Render {
    /// `render --watch`: renders, then again after every change to the case, a template,
    /// `types.yaml`, `calendar.txt` or a font (`FileWatch`), until SIGINT or SIGTERM. Each time
    /// the templates and fonts are reloaded first (`RenderPool.reload`): a broken set, an
    /// invalid case or a failed render is printed to standard error as `render` prints it
    /// (`report`: a broken template with its source line and a caret) and the output file
    /// keeps the last good render.
    func runWatching() async throws {
        let job: RenderJob
        let pool: RenderPool
        do throws(QujatError) {
            job = try self.job()
            pool = try RenderPool(templates: try resources.library(), fontsDirectory: try Resources.fontsDirectory(resources.fonts),
                                  workers: 1, maximumPages: maxPages)
        } catch {
            try fail(error)
        }
        let set = pool.current
        let watch = FileWatch([.file(input), .templates(set.templates.directory), .fonts(set.fontsSource)])
        let input = self.input
        let task = Task {
            let before = watch.snapshot()
            await Self.renderAgain(input, job: job, pool: pool)
            printError("qujat: watching \(input), \(set.templates.directory) and \(set.fontsSource) (Ctrl-C stops)")
            await watch.run(from: before) { _ in await Self.renderAgain(input, job: job, pool: pool) }
        }
        // Ctrl-C or SIGTERM ends the watch after the render in progress (its file is written whole or not at all).
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { task.cancel() }
            source.resume()
            sources.append(source)
        }
        await task.value
        sources.forEach { $0.cancel() }
        await pool.shutdown()
        ResourceFiles.removeFontCopies()
    }

    private static func renderAgain(_ input: String, job: RenderJob, pool: RenderPool) async {
        let start = ContinuousClock.now
        do throws(QujatError) {
            try pool.reload()
            guard let data = FileManager.default.contents(atPath: input) else { throw .missing("cannot read \(input)") }
            let written = try await pool.run { renderer throws(QujatError) in try job.write(data, with: renderer) }
            let elapsed = ContinuousClock.now - start
            printError("qujat: wrote \(written.joined(separator: ", ")) in \(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000) ms")
        } catch {
            if case .cancelled = error { return }
            report(error)
            printError("qujat: \(job.output) keeps the last good render; watching for the next change")
        }
    }
}
