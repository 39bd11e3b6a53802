import Foundation

/// Which build of this tool is running: its executable's path, size and modification time.
///
/// Caches of what the tool computed (a lesson's check, a rendered page) are keyed by it, so a
/// rebuilt tool never serves what an older one made. Reading the whole executable (150 MB) to
/// hash it would cost more than most of what is cached.
package enum ToolIdentity {
    /// The identity, or a fresh random one when the executable cannot be examined (never reused).
    package static let current: String = {
        let tool = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")).resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: tool.path),
            let size = attributes[.size], let modified = attributes[.modificationDate] as? Date
        else { return UUID().uuidString }
        return "\(tool.path)\u{0}\(size)\u{0}\(modified.timeIntervalSince1970)"
    }()
}
