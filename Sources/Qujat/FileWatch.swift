import Foundation

/// Notices changes to a templates folder, a fonts folder and single files (a case) by
/// looking at them every `interval`: each file's size, modification time and inode, and which
/// files there are (`ResourceFiles`).
///
/// Polling rather than inotify: a few dozen `stat` calls every quarter second cost nothing
/// measurable, it sees every way an editor saves (in place, or a new file renamed over the
/// old one, which an inotify watch on the old file would lose), a new document folder needs
/// no new watch, and it works the same on macOS. A change is reported once the files have
/// stayed the same for one more interval, so a save still being written is not read half-way.
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

    public init(_ targets: [Target], interval: Duration = .milliseconds(250)) {
        self.targets = targets
        self.interval = interval
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
    /// stayed the same for one interval; returns when the calling task is cancelled. Changes
    /// made while `changed` runs are reported after it returns.
    public func run(_ changed: @Sendable ([Target]) async -> Void) async {
        var seen = snapshot()
        var pending: [[ResourceFiles.Stamp]]?
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = snapshot()
            if let candidate = pending {
                if now == candidate {
                    let which = targets.indices.filter { seen[$0] != now[$0] }.map { targets[$0] }
                    seen = now
                    pending = nil
                    if !which.isEmpty { await changed(which) }
                } else {
                    pending = now
                }
            } else if now != seen {
                pending = now
            }
        }
    }
}
