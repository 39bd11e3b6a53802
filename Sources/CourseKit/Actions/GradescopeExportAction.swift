import CourseGrading
import CourseToolchain
import Foundation

/// `course export gradescope`: `autograder.zip` per Gradescope's autograder specification.
///
/// At the zip's root: `setup.sh` (run once when Gradescope builds the image) and an executable
/// `run_autograder` (run per submission). Inside: the `course-grader` binary built beside this
/// `course` (grading only, so the image needs no Markdown library) and the prebuilt grader
/// bundle. `run_autograder` grades `/autograder/submission` and writes
/// `/autograder/results/results.json`; `COURSE_SUBMISSION`, `COURSE_RESULTS` and
/// `COURSE_AUTOGRADER` override those paths, which is how the tests run it end to end.
public struct GradescopeExportAction {
    public var workspace: Workspace
    public var output: URL
    /// The `course-grader` executable to ship.
    public var executable: URL
    /// The assignment's lessons, graded for every submission whatever it holds (a lesson it has no
    /// file of scores as its stubs do); empty for every lesson of the course. Without a fixed list
    /// a hand-in was graded on the lessons it had files of: a weekly assignment then also paid for
    /// other weeks' lessons, and one lesson alone read "11 of 11".
    public var lessons: [String]

    public init(workspace: Workspace, output: URL, executable: URL, lessons: [String] = []) {
        self.workspace = workspace
        self.output = output
        self.executable = executable
        self.lessons = lessons
    }

    /// Writes the zip and returns its path.
    @discardableResult
    public func perform() throws -> URL {
        let bundle = workspace.graderBundle
        guard FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json").path) else {
            throw CourseError.toolFailed("no grader bundle at \(bundle.path), and no lessons/ to build it from")
        }
        let known = try GraderBundleManifest.read(bundle: bundle).lessons.map(\.id)
        if let unknown = lessons.first(where: { !known.contains($0) }) {
            throw CourseError.toolFailed("no lesson '\(unknown)' in the grader bundle (lessons: \(known.joined(separator: ", ")))")
        }
        let assignment = lessons.isEmpty ? known : lessons
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("course-gradescope-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        let root = staging.appendingPathComponent("course-root/.build/course")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bundle, to: root.appendingPathComponent("grader"))
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: executable.resolvingSymlinksInPath(), to: staging.appendingPathComponent("bin/course-grader"))
        try Self.setupScript.write(to: staging.appendingPathComponent("setup.sh"), atomically: true, encoding: .utf8)
        try Self.runScript(lessons: assignment).write(to: staging.appendingPathComponent("run_autograder"), atomically: true, encoding: .utf8)
        try Self.staticFallback().write(to: staging.appendingPathComponent(Self.staticFallbackName), atomically: true, encoding: .utf8)
        for script in ["setup.sh", "run_autograder", "bin/course-grader"] { chmod(staging.appendingPathComponent(script).path, 0o755) }

        try? FileManager.default.removeItem(at: output)
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard let zip = ProcessRunner.which("zip") else { throw CourseError.toolFailed("zip is not installed; run scripts/bootstrap") }
        let zipped = try ProcessRunner.run(zip, ["-q", "-r", "-y", output.path, "."], in: staging, timeout: 300)
        guard zipped.status == 0 else { throw CourseError.toolFailed("zip failed: \(zipped.output)") }
        return output
    }

    /// Run once on Gradescope's image (Ubuntu): what grading needs besides the Swift toolchain,
    /// then checks that grading can work there. Any failure fails the image build with the reason,
    /// instead of an image on which every submission would fail to grade.
    static let setupScript = """
        #!/usr/bin/env bash
        # Gradescope runs this once when it builds the autograder image.
        # Grading compiles each submission with swiftc, so the image needs the Swift toolchain
        # (the same version the course was built with) on PATH: install it here from swift.org's
        # Ubuntu tarball, or start from an image that has it. The rest comes from apt.
        set -euo pipefail
        export DEBIAN_FRONTEND=noninteractive
        here="${COURSE_AUTOGRADER:-/autograder/source}"
        fail() { echo "setup.sh: $*" >&2; exit 1; }
        apt-get update -q
        apt-get install -y -q --no-install-recommends bubblewrap unzip zip libsqlite3-0 util-linux coreutils python3

        # Install the Swift toolchain here if the image has none (see above).

        # Fail the build now rather than fail every submission later.
        command -v swiftc >/dev/null \\
          || fail "swiftc is not on PATH; install the Swift toolchain the course was built with (swift.org's Ubuntu tarball) above this line"
        \(Self.toolchainLibraries)
        probe="$(mktemp -d)"
        trap 'rm -rf "$probe"' EXIT
        cat > "$probe/probe.swift" <<'SWIFT'
        print("ok")
        SWIFT
        swiftc "$probe/probe.swift" -o "$probe/probe" > "$probe/swiftc.log" 2>&1 \\
          || fail "swiftc ($(command -v swiftc)) cannot compile a one-line program: $(tail -n 5 "$probe/swiftc.log")"
        [ "$("$probe/probe" 2>&1)" = ok ] || fail "a program swiftc compiled does not run; is the toolchain complete?"
        command -v bwrap >/dev/null || fail "bubblewrap (bwrap) is not installed; the apt-get above should have installed it"
        bwrap --unshare-all --die-with-parent --ro-bind / / true > "$probe/bwrap.log" 2>&1 \\
          || fail "bubblewrap cannot start a sandbox ($(tail -n 3 "$probe/bwrap.log")); grading runs every test in one"

        # One sandbox exactly as a test gets it (the check above does not use every option a test's
        # does: an older bubblewrap passes it and fails every grading), then compile once, here,
        # what no submission changes; each grading then only compiles the student's code.
        "$here/bin/course-grader" prebuild --root "$here/course-root" --check-sandbox || fail "course-grader prebuild failed (see above)"

        """

    /// `course-grader` links the Swift runtime and swift-syntax as shared libraries of the
    /// toolchain (`lib/swift/linux`, `lib/swift/host`): found beside `swiftc` wherever the image
    /// installed it, since the paths the build machine recorded may not exist there.
    static let toolchainLibraries = #"""
        toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/swift"
        export LD_LIBRARY_PATH="$toolchain/linux:$toolchain/host${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        """#

    /// Run per submission: `course` writes results.json itself, graded or saying why it could not
    /// grade. Only when `course` cannot run at all does python3's json module write one; no JSON
    /// is ever put together with printf or echo, since a file name may hold quotes, tabs or newlines.
    static func runScript(lessons: [String]) -> String {
        """
        #!/usr/bin/env bash
        # Gradescope runs this for every submission.
        set -uo pipefail
        here="${COURSE_AUTOGRADER:-/autograder/source}"
        submission="${COURSE_SUBMISSION:-/autograder/submission}"
        results="${COURSE_RESULTS:-/autograder/results}"
        mkdir -p "$results"
        rm -f "$results/results.json"
        \(Self.toolchainLibraries)
        # Gradescope unpacks a .zip upload, not a .tar.gz, nor a .zip inside it: an upload that is
        # one such archive (a file, not a link the unpacked zip made) is graded as that archive.
        # What an archiver adds beside it (macOS's __MACOSX/, ._ shadows, .DS_Store) does not count.
        shopt -s nullglob dotglob
        uploaded=()
        for entry in "$submission"/*; do
          case "${entry##*/}" in __MACOSX | .DS_Store | ._*) ;; *) uploaded+=("$entry") ;; esac
        done
        if [ "${#uploaded[@]}" -eq 1 ] && [ -f "${uploaded[0]}" ] && [ ! -L "${uploaded[0]}" ]; then
          case "${uploaded[0],,}" in *.zip | *.tar.gz | *.tgz) submission="${uploaded[0]}" ;; esac
        fi
        "$here/bin/course-grader" grade "$submission" --root "$here/course-root" --format gradescope \\
            --lessons '\(lessons.joined(separator: ","))' --output "$results/results.json" 2> "$results/grader.log"
        status=$?
        if [ ! -s "$results/results.json" ]; then
          # course did not run (or died): say so, with the end of its log, through a real JSON encoder.
          python3 - "$status" "$results/grader.log" "$results/results.json" <<'PYTHON' \\
            || cp "$here/\(Self.staticFallbackName)" "$results/results.json"
        import json, os, sys

        status, log, target = sys.argv[1:4]

        def visible(text):
            # Control characters shown as text (ESC as ^[), as course does; newlines and tabs stay.
            out = []
            for c in text:
                n = ord(c)
                if c in "\\n\\t":
                    out.append(c)
                elif n < 0x20:
                    out.append("^" + chr(n + 0x40))
                elif n == 0x7F:
                    out.append("^?")
                elif 0x80 <= n <= 0x9F:
                    out.append("<U+%04X>" % n)
                else:
                    out.append(c)
            return "".join(out)

        try:
            with open(log, "rb") as f:
                said = f.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        except OSError:
            said = []
        reason = visible("the grader could not run (exit status %s)%s" % (status, ": " + " / ".join(said) if said else ""))
        results = {
            "score": 0,
            "output": "This submission could not be graded, so it has no grade yet (the 0 is a placeholder): " + reason,
            "output_format": "text",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [],
            "extra_data": {"could_not_grade": True, "reason": reason},
        }
        with open(target + ".tmp", "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, sort_keys=True)
            f.write("\\n")
        os.replace(target + ".tmp", target)
        PYTHON
        fi
        exit 0

        """
    }

    /// The results.json of last resort (neither `course` nor python3 could run), written at export with `JSONEncoder`.
    static let staticFallbackName = "could-not-run.json"

    /// The text of that last-resort results.json.
    static func staticFallback() throws -> String {
        try GradingFault(reason: "the grader could not run, and python3 could not report why; see the autograder's log")
            .report(.gradescope, submission: "")
    }
}
