import Foundation
import Qujat
import QujatCase
import Testing

/// `RenderPool.reload`: jobs queued before a reload finish with their set, a broken set is
/// refused, changed fonts make each worker a new renderer, a pinned view keeps its set.
@Suite("Reloading templates and fonts", .serialized)
struct ReloadTests {
    /// A copy of `Templates/` (and of `Fonts/`) to edit.
    struct Copy {
        let templates: URL
        let fonts: URL

        init() throws {
            let folder = temporaryFolder()
            templates = folder.appendingPathComponent("Templates")
            fonts = folder.appendingPathComponent("Fonts")
            try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates.path)
            try FileManager.default.copyItem(atPath: Repo.fonts, toPath: fonts.path)
        }

        func edit(_ file: String, _ old: String, _ new: String) throws {
            let url = templates.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old), "\(file) does not contain \(old)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static func text(_ pdf: [UInt8]) throws -> String { PDF.squeezed(try PDF.text(PDF.write(pdf))) }

    @Test("a job queued before a reload renders with the old set, one queued after with the new")
    func inFlight() async throws {
        let copy = try Copy()
        let pool = try RenderPool(templatesDirectory: copy.templates.path, fontsDirectory: copy.fonts.path, workers: 1)
        let license = try Repo.example("license")
        let before = pool.current
        // The only worker waits until the reload is done; the next job queues behind it.
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.run { _ in gate.wait() } }
        while pool.busyWorkers == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let queued = Task { try await pool.pdf(json: license) }
        while pool.queueDepth == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try copy.edit("license/kk.yaml", "- heading: ЛИЦЕНЗИЯ", "- heading: ЖАҢАЛИЦЕНЗИЯ")
        let after = try pool.reload()
        #expect(after.templatesVersion != before.templatesVersion)
        #expect(after.fontsVersion == before.fontsVersion && after.fontsDirectory == before.fontsDirectory)
        let next = Task { try await pool.pdf(json: license) }
        gate.signal()
        try await blocker.value
        let old = try Self.text(try await queued.value)
        let new = try Self.text(try await next.value)
        #expect(old.contains("ЛИЦЕНЗИЯ") && !old.contains("ЖАҢАЛИЦЕНЗИЯ"))
        #expect(new.contains("ЖАҢАЛИЦЕНЗИЯ"))
        // Nothing changed since: the same set, the same version.
        #expect(try pool.reload().loadedAt == after.loadedAt)
        await pool.shutdown()
    }

    @Test("a broken set is refused with file:line:column and the old one keeps rendering; fixed, it loads")
    func brokenSet() async throws {
        let copy = try Copy()
        let pool = try RenderPool(templatesDirectory: copy.templates.path, fontsDirectory: copy.fonts.path, workers: 1)
        let license = try Repo.example("license")
        let version = pool.current.templatesVersion
        try copy.edit("license/kk.yaml", "{{ license.number }}", "{{ license.numbr }}")
        do {
            try pool.reload()
            Issue.record("a broken set was loaded")
        } catch {
            guard case .template(let problem) = error else { throw error }
            #expect(problem.issues.contains { $0.location.file.hasSuffix("license/kk.yaml") && $0.message.contains("license.numbr") })
            #expect(problem.description.contains("kk.yaml:"))
        }
        #expect(pool.current.templatesVersion == version)
        #expect(try Self.text(try await pool.pdf(json: license)).contains("KZ12LAA00012345"))
        try copy.edit("license/kk.yaml", "{{ license.numbr }}", "{{ license.number }}")
        try copy.edit("license/kk.yaml", "- heading: ЛИЦЕНЗИЯ", "- heading: ТҮЗЕТІЛГЕН")
        #expect(try pool.reload().templatesVersion != version)
        #expect(try Self.text(try await pool.pdf(json: license)).contains("ТҮЗЕТІЛГЕН"))
        await pool.shutdown()
    }

    @Test("changed fonts: a copy is loaded, every worker makes a new renderer; unchanged fonts are kept")
    func fonts() async throws {
        let copy = try Copy()
        let pool = try RenderPool(templatesDirectory: copy.templates.path, fontsDirectory: copy.fonts.path, workers: 2)
        let license = try Repo.example("license")
        func fonts(_ pdf: [UInt8]) throws -> String { try run("pdffonts", [PDF.write(pdf).path]).text }
        #expect(try fonts(try await pool.pdf(json: license)).contains("DejaVuSerif-Bold"))
        let first = pool.current
        // Without its bold face, bold text is drawn from the regular one (made bold).
        try FileManager.default.removeItem(at: copy.fonts.appendingPathComponent("DejaVuSerif-Bold.ttf"))
        let reloaded = try pool.reload()
        #expect(reloaded.fontsVersion != first.fontsVersion)
        #expect(reloaded.fontsDirectory != copy.fonts.path && reloaded.fontsSource == copy.fonts.path)
        #expect(!FileManager.default.fileExists(atPath: (reloaded.fontsDirectory as NSString).appendingPathComponent("DejaVuSerif-Bold.ttf")))
        // Both workers, each on its own thread.
        let pdfs = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<6 { group.addTask { try await pool.pdf(json: license) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for pdf in pdfs {
            let list = try fonts(pdf)
            #expect(!list.contains("DejaVuSerif-Bold") && list.contains("DejaVuSerif"))
        }
        #expect(Set(pdfs).count == 1)
        // A templates-only reload keeps the fonts' copy.
        try copy.edit("license/kk.yaml", "- heading: ЛИЦЕНЗИЯ", "- heading: ЛИЦЕНЗИЯ!")
        #expect(try pool.reload().fontsDirectory == reloaded.fontsDirectory)
        await pool.shutdown()
        ResourceFiles.removeFontCopies()
        #expect(!FileManager.default.fileExists(atPath: reloaded.fontsDirectory))
    }

    @Test("a pinned view keeps the set it was made with; the pool moves on")
    func pinned() async throws {
        let copy = try Copy()
        let pool = try RenderPool(templatesDirectory: copy.templates.path, fontsDirectory: copy.fonts.path, workers: 1)
        let license = try Repo.example("license")
        let pinned = pool.pinned()
        try copy.edit("license/kk.yaml", "- heading: ЛИЦЕНЗИЯ", "- heading: ЖАҢАЛИЦЕНЗИЯ")
        try pool.reload()
        #expect(pinned.current.templatesVersion != pool.current.templatesVersion)
        #expect(!(try Self.text(try await pinned.pdf(json: license)).contains("ЖАҢАЛИЦЕНЗИЯ")))
        #expect(try Self.text(try await pool.pdf(json: license)).contains("ЖАҢАЛИЦЕНЗИЯ"))
        await pool.shutdown()
    }
}
