import CourseToolchain
import Foundation

/// Notices edits to a course's inputs (`lessons/`, templates included, and the support library's
/// sources) by polling each file's modification time and size.
///
/// Polling, not inotify or FSEvents: it is the same code on Linux and macOS, it sees editors that
/// save by writing a new file and renaming it, and a course is a few dozen files, whose `stat`
/// every 300 ms costs well under a millisecond.
package struct SourceWatcher {
    /// What a file looked like when last seen.
    package struct Stamp: Equatable {
        var modified: Date
        var size: Int
    }

    let folders: [URL]

    package init(workspace: Workspace) {
        folders = [workspace.lessons, workspace.root.appendingPathComponent("Sources/\(EngineModule.name)")]
    }

    /// Every file under the watched folders (hidden files, such as an editor's swap files, aside).
    package func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        let keys: [URLResourceKey] = [.contentModificationDateKey, .fileSizeKey, .isRegularFileKey]
        for folder in folders {
            guard
                let files = FileManager.default.enumerator(
                    at: folder, includingPropertiesForKeys: keys,
                    options: [.skipsHiddenFiles])
            else { continue }
            for case let file as URL in files {
                guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
                stamps[file.path] = Stamp(modified: values.contentModificationDate ?? .distantPast, size: values.fileSize ?? 0)
            }
        }
        return stamps
    }
}
