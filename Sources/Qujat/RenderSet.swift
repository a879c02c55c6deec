import Foundation
import QujatLayout
import QujatTemplates

/// What a `RenderPool` renders with: a template library and a fonts folder, each with a
/// version (`ResourceFiles.version`: 16 hex digits of SHA-256 over the files' names and
/// bytes). A set is immutable; each job keeps the set that was current when it was queued,
/// so a reload never changes a document half-way.
public struct RenderSet: Sendable {
    public let templates: TemplateLibrary
    /// The templates' version: the same files give the same version.
    public let templatesVersion: String
    /// The fonts folder as given.
    public let fontsSource: String
    /// The folder the workers read fonts from: `fontsSource`, or after a reload that changed
    /// the fonts, a copy of it taken then (see `RenderPool.reload`).
    public let fontsDirectory: String
    public let fontsVersion: String
    /// When this set was loaded.
    public let loadedAt: Date
    let coverage: GlyphCoverage
    /// Changes only when the fonts do: a worker whose renderer was made for another one makes
    /// a new renderer (on its own thread) before its next job.
    let fontsGeneration: Int

    init(templates: TemplateLibrary, templatesVersion: String, fontsSource: String, fontsDirectory: String,
         fontsVersion: String, fontsGeneration: Int) throws(QujatError) {
        self.templates = templates
        self.templatesVersion = templatesVersion
        self.fontsSource = fontsSource
        self.fontsDirectory = fontsDirectory
        self.fontsVersion = fontsVersion
        self.fontsGeneration = fontsGeneration
        loadedAt = Date()
        do {
            coverage = try GlyphCoverage.of(directory: fontsDirectory)
        } catch {
            throw .render(error)
        }
    }

    /// The first set of a pool: the library as given, the fonts read where they are.
    static func initial(_ templates: TemplateLibrary, fontsDirectory: String) throws(QujatError) -> RenderSet {
        try RenderSet(templates: templates,
                      templatesVersion: ResourceFiles.version(of: ResourceFiles.templates(templates.directory), in: templates.directory),
                      fontsSource: fontsDirectory, fontsDirectory: fontsDirectory,
                      fontsVersion: ResourceFiles.version(of: ResourceFiles.fonts(fontsDirectory), in: fontsDirectory),
                      fontsGeneration: 0)
    }

    /// Reads a templates folder until two readings of its files agree (someone may be saving
    /// while it is read), and its version.
    static func readTemplates(_ directory: String) throws(QujatError) -> (TemplateLibrary, String) {
        var before = ResourceFiles.version(of: ResourceFiles.templates(directory), in: directory)
        for attempt in 1...3 {
            let library: TemplateLibrary
            do {
                library = try TemplateLibrary(directory: directory)
            } catch {
                throw .template(error)
            }
            let after = ResourceFiles.version(of: ResourceFiles.templates(directory), in: directory)
            if after == before || attempt == 3 { return (library, after) }
            before = after
        }
        fatalError("unreachable")
    }
}

/// One worker thread's renderer. It never leaves its thread: when a job's set has other fonts
/// than the renderer was made with, a new renderer is made here, on this thread.
final class Worker {
    private(set) var renderer: Renderer
    private var fontsGeneration: Int

    init(_ set: RenderSet) throws(QujatError) {
        renderer = try Renderer(templates: set.templates, fontsDirectory: set.fontsDirectory)
        fontsGeneration = set.fontsGeneration
    }

    /// The renderer for a job of `set`: the same one with the set's templates, or a new one
    /// when the fonts changed. If a new one cannot be made, the error is thrown and the old
    /// renderer kept.
    func renderer(for set: RenderSet) throws(QujatError) -> Renderer {
        if set.fontsGeneration != fontsGeneration {
            renderer = try Renderer(templates: set.templates, fontsDirectory: set.fontsDirectory)
            fontsGeneration = set.fontsGeneration
        }
        renderer.templates = set.templates
        return renderer
    }
}

/// The pool's current set, swapped whole under a lock.
final class SetHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var set: RenderSet
    /// One reload at a time.
    let reloading = NSLock()

    init(_ set: RenderSet) { self.set = set }

    var current: RenderSet { lock.withLock { set } }

    func replace(_ new: RenderSet) { lock.withLock { set = new } }
}
