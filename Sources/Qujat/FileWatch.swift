import Foundation

/// Notices changes to a templates folder, a fonts folder and single files (a case) by
/// looking at them every `interval`: each file's size, modification time and inode, and which
/// files there are (`ResourceFiles`).
///
/// Polling rather than inotify: a few dozen `stat` calls every quarter second cost nothing
/// measurable, it sees every way an editor saves (in place, or a new file renamed over the
/// old one, which an inotify watch on the old file would lose), a new document folder needs
/// no new watch, and it works the same on macOS. A change is reported once the files have
/// stayed the same for `settle` (50 ms), so a save still being written is not read half-way.
///
/// ```swift
/// let watch = FileWatch([.templates(templates), .fonts(fonts)])
/// await watch.run { _ in try? pool.reload() }      // until the task is cancelled
/// ```
public struct FileWatch: Sendable {
    public enum Target: Sendable, Hashable {
        case templates(String)
        case fonts(String)
        case file(String)
    }

    public let targets: [Target]
    public let interval: Duration
    public let settle: Duration

    /// - Parameters:
    ///   - interval: how often the files are looked at.
    ///   - settle: how long files that changed must stay the same before it is reported.
    public init(_ targets: [Target], interval: Duration = .milliseconds(250), settle: Duration = .milliseconds(50)) {
        self.targets = targets
        self.interval = interval
        self.settle = settle
    }

    /// What the watched files look like now.
    public func snapshot() -> [[ResourceFiles.Stamp]] {
        targets.map { target in
            switch target {
            case .templates(let folder):
                // A new document folder is seen once it has a .yaml file.
                ResourceFiles.stamps(ResourceFiles.templates(folder), in: folder)
            case .fonts(let folder): ResourceFiles.stamps(ResourceFiles.fonts(folder), in: folder)
            case .file(let path): ResourceFiles.stamps([path], in: nil)
            }
        }
    }

    /// Calls `changed` with the targets whose files changed, each time they changed and then
    /// stayed the same for `settle`; returns when the calling task is cancelled. Changes
    /// made while `changed` runs are reported after it returns.
    /// - Parameter seen: the files as they were when the caller last read them (take a
    ///   `snapshot()` before a first render, so a save during it is not missed); by default now.
    public func run(from seen: [[ResourceFiles.Stamp]]? = nil, _ changed: @Sendable ([Target]) async -> Void) async {
        var seen = seen ?? snapshot()
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            var now = snapshot()
            guard now != seen else { continue }
            // Changed: wait until two looks `settle` apart agree (a save still being written).
            while true {
                do { try await Task.sleep(for: settle) } catch { return }
                let again = snapshot()
                if again == now { break }
                now = again
            }
            let which = targets.indices.filter { seen[$0] != now[$0] }.map { targets[$0] }
            seen = now
            if !which.isEmpty { await changed(which) }
        }
    }
}
