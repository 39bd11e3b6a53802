import Foundation

/// The CPUs this process may run on (its affinity, which a container or `taskset` may have
/// narrowed; `Cpus_allowed_list` in `/proc/self/status`): the only ones a sandboxed process can
/// be pinned to.
package enum AllowedCPUs {
    package static let list: [Int] = {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
        let cpus = line.map { parse($0.dropFirst("Cpus_allowed_list:".count)) } ?? []
        return cpus.isEmpty ? Array(0..<ProcessInfo.processInfo.activeProcessorCount) : cpus
    }()

    /// "0-3,8,10-11" → [0, 1, 2, 3, 8, 10, 11].
    static func parse(_ text: Substring) -> [Int] {
        text.trimmingCharacters(in: .whitespaces).split(separator: ",").flatMap { part -> [Int] in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { return Array(bounds[0]...bounds[1]) }
            return bounds.count == 1 ? bounds : []
        }
    }
}
