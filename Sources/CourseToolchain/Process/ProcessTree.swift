import Foundation

/// CPU time of a process and everything it started, read from the kernel's `/proc` (not from
/// anything the processes say): user and system time of the living ones, plus what each has
/// reaped of its children. Resolution is the kernel's clock tick (usually 10 ms).
package enum ProcessTree {
    /// Seconds of CPU used so far by `root` and its descendants.
    package static func cpuSeconds(of root: pid_t) -> Double {
        var parents: [pid_t: pid_t] = [:]
        var times: [pid_t: Double] = [:]
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let fields = statFields(stat), fields.count > 14,
                let parent = pid_t(fields[1])
            else { continue }
            parents[pid] = parent
            // Fields 14–17 of stat(5): utime, stime, cutime, cstime (here from field 3 on).
            times[pid] = fields[11...14].compactMap { Double($0) }.reduce(0, +) / ticks
        }
        var total = 0.0
        for (pid, seconds) in times where isDescendant(pid, of: root, parents: parents) { total += seconds }
        return total
    }

    /// The fields after the command name, which is in parentheses and may itself hold spaces.
    private static func statFields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    private static func isDescendant(_ pid: pid_t, of root: pid_t, parents: [pid_t: pid_t]) -> Bool {
        var current = pid
        for _ in 0..<64 {
            if current == root { return true }
            guard let parent = parents[current], parent > 0 else { return false }
            current = parent
        }
        return false
    }

    /// The processes below `root` (not `root` itself), read from each thread's `children` list
    /// in `/proc`: a few files, where a scan of every process would read hundreds.
    package static func processes(under root: pid_t) -> [pid_t] {
        var found: [pid_t] = []
        var queue = [root]
        while let pid = queue.popLast(), found.count < 4096 {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks {
                let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
                let children = text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
                found += children
                queue += children
            }
        }
        return found
    }

    /// Whether every thread of `pid` has stopped (or the process is gone).
    package static func isStopped(_ pid: pid_t) -> Bool {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return true }
        return tasks.allSatisfy { task in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                let state = statFields(stat)?.first
            else { return true }
            return ["T", "t", "Z", "X"].contains(state)
        }
    }
}
