import Foundation
import QujatCase
import QujatTemplates

extension RenderPool {
    /// Reads the templates folder (and the fonts folder) again and makes them the set every
    /// job queued from now on renders with. Jobs already queued or running finish with the set
    /// they were queued with.
    ///
    /// A broken set is refused: a templates folder with any problem `qujat check` would report
    /// (`TemplateLibrary.issues`) throws ``QujatError/template(_:)``, fonts that cannot be
    /// loaded throw ``QujatError/render(_:)``; the pool keeps its set either way. Fonts are
    /// reloaded only when their files changed (their version): they are then copied to a
    /// folder of this process (`ResourceFiles.removeFontCopies`), loaded once here to check
    /// them, and each worker makes a new renderer, on its own thread, before its next job.
    /// Workers keep their font maps when only templates changed. One reload runs at a time;
    /// it blocks the calling thread while it reads (tens of milliseconds).
    ///
    /// - Parameters:
    ///   - templatesDirectory: by default the current set's folder.
    ///   - fontsDirectory: by default the current set's fonts folder (as first given).
    /// - Returns: the set now current (the same set as before when no file changed).
    @discardableResult
    public func reload(templatesDirectory: String? = nil, fontsDirectory: String? = nil) throws(QujatError) -> RenderSet {
        holder.reloading.lock()
        defer { holder.reloading.unlock() }
        let old = holder.current
        let (library, version) = try RenderSet.readTemplates(templatesDirectory ?? old.templates.directory)
        let issues = library.issues
        guard issues.isEmpty else { throw .template(TemplateError(issues)) }
        let source = fontsDirectory ?? old.fontsSource
        let fontFiles = ResourceFiles.fonts(source)
        let fontsVersion = ResourceFiles.version(of: fontFiles, in: source)
        let sameFonts = fontsVersion == old.fontsVersion && source == old.fontsSource
        if sameFonts && version == old.templatesVersion && library.directory == old.templates.directory { return old }
        let set: RenderSet
        if sameFonts {
            set = try RenderSet(templates: library, templatesVersion: version, fontsSource: source,
                                fontsDirectory: old.fontsDirectory, fontsVersion: fontsVersion,
                                fontsGeneration: old.fontsGeneration)
        } else {
            guard ResourceFiles.isFolder(source) else { throw .missing("Fonts folder not found at \(source)") }
            let copy = try ResourceFiles.copyFonts(fontFiles, from: source, version: fontsVersion)
            set = try RenderSet(templates: library, templatesVersion: version, fontsSource: source,
                                fontsDirectory: copy, fontsVersion: fontsVersion,
                                fontsGeneration: old.fontsGeneration + 1)
            // Loaded once on this thread (and dropped here): fonts Pango cannot use are
            // refused now, not on every worker.
            _ = try Renderer(templates: library, fontsDirectory: copy)
        }
        holder.replace(set)
        return set
    }

    /// A view of this pool's workers and queue that renders with the set current now, whatever
    /// is reloaded later: a batch renders all its documents with one set. Everything else (the
    /// queue and its limit, `shutdown`) is this pool's.
    public func pinned() -> RenderPool {
        RenderPool(view: self, set: holder.current)
    }
}
