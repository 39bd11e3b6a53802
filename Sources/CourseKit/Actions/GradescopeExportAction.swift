import Foundation

/// `course export gradescope`: `autograder.zip` per Gradescope's autograder specification.
///
/// At the zip's root: `setup.sh` (run once when Gradescope builds the image) and an executable
/// `run_autograder` (run per submission). Inside: this `course` binary and the prebuilt grader
/// bundle. `run_autograder` grades `/autograder/submission` and writes
/// `/autograder/results/results.json`; `COURSE_SUBMISSION`, `COURSE_RESULTS` and
/// `COURSE_AUTOGRADER` override those paths, which is how the tests run it end to end.
public struct GradescopeExportAction {
    public var workspace: Workspace
    public var output: URL
    /// The `course` executable to ship (this one, by default).
    public var executable: URL

    public init(workspace: Workspace, output: URL, executable: URL) {
        self.workspace = workspace
        self.output = output
        self.executable = executable
    }

    /// Writes the zip and returns its path.
    @discardableResult
    public func perform() throws -> URL {
        let bundle = workspace.graderBundle
        guard FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json").path) else {
            throw CourseError.toolFailed("no grader bundle; run `course generate` first")
        }
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("course-gradescope-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let root = staging.appendingPathComponent("course-root/.build/course")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bundle, to: root.appendingPathComponent("grader"))
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: executable.resolvingSymlinksInPath(), to: staging.appendingPathComponent("bin/course"))
        try Self.setupScript.write(to: staging.appendingPathComponent("setup.sh"), atomically: true, encoding: .utf8)
        try Self.runScript.write(to: staging.appendingPathComponent("run_autograder"), atomically: true, encoding: .utf8)
        for script in ["setup.sh", "run_autograder", "bin/course"] { chmod(staging.appendingPathComponent(script).path, 0o755) }

        try? FileManager.default.removeItem(at: output)
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard let zip = ProcessRunner.which("zip") else { throw CourseError.toolFailed("zip is not installed; run scripts/bootstrap") }
        let zipped = try ProcessRunner.run(zip, ["-q", "-r", "-y", output.path, "."], in: staging, timeout: 300)
        guard zipped.status == 0 else { throw CourseError.toolFailed("zip failed: \(zipped.output)") }
        return output
    }

    /// Run once on Gradescope's image (Ubuntu): what grading needs besides the Swift toolchain.
    static let setupScript = """
        #!/usr/bin/env bash
        # Gradescope runs this once when it builds the autograder image.
        # Grading compiles each submission with swiftc, so the image needs the Swift toolchain
        # (the same version the course was built with) on PATH: install it here from swift.org's
        # Ubuntu tarball, or start from an image that has it. The rest comes from apt.
        set -euo pipefail
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends bubblewrap unzip zip libcmark0.30.2 libsqlite3-0 util-linux coreutils
        if command -v swiftc >/dev/null; then
          # Compile once, here, what no submission changes; each grading then only compiles the student's code.
          here="${COURSE_AUTOGRADER:-/autograder/source}"
          "$here/bin/course" prebuild --root "$here/course-root"
        else
          echo "setup.sh: swiftc is not on PATH; install the Swift toolchain" >&2
        fi

        """

    /// Run per submission: grade it and always leave a results.json Gradescope can read.
    static let runScript = """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission.
        set -uo pipefail
        here="${COURSE_AUTOGRADER:-/autograder/source}"
        submission="${COURSE_SUBMISSION:-/autograder/submission}"
        results="${COURSE_RESULTS:-/autograder/results}"
        mkdir -p "$results"
        if ! "$here/bin/course" grade "$submission" --root "$here/course-root" --format gradescope \\
             > "$results/results.json" 2> "$results/grader.log"; then
          # Could not grade (an unreadable submission, say): report it instead of failing silently.
          reason=$(tail -n 5 "$results/grader.log" | sed 's/\\\\/\\\\\\\\/g; s/"/\\\\"/g' | tr '\\n' ' ')
          printf '{"score": 0, "output": "The submission could not be graded: %s", "tests": []}\\n' "$reason" > "$results/results.json"
        fi

        """
}
