import Foundation
import Qujat
@testable import QujatBatch

/// Batches run in the test process, on a pool of its own (the CLI tests run `qujat`).
enum InProcessBatch {
    static func pool(workers: Int = 2) throws -> RenderPool {
        try RenderPool(templatesDirectory: Repo.templates, fontsDirectory: Repo.fonts, workers: workers)
    }

    static func runner(_ pool: RenderPool, output: URL, merge: Bool = false, stop: BatchStop? = nil,
                       sliceSize: Int? = nil, partBytes: Int? = nil) -> BatchRunner {
        var options = BatchOptions(output: output.path, merge: merge)
        options.sliceSize = sliceSize
        if let partBytes { options.partBytes = partBytes }
        options.stop = stop
        // A name no other batch in this test process uses (servers' batches run beside these).
        options.mergeThreadName = "qujat-test-mrg"
        return BatchRunner(pool: pool, fontsDirectory: Repo.fonts, options: options)
    }

    /// `count` documents: the sample cases in turn over `groups` groups.
    static func manifest(count: Int, groups: Int) throws -> Manifest {
        try Manifest(path: try TestManifest.mixed(count: count, groups: groups).write().path)
    }
}
