#!/usr/bin/env python3
"""Turns a copy of exercises/ into the naive grading package: the submission's files in place of
the stubs, and each lesson's hidden tests, as the lesson writes them (plain XCTest assertions),
as a further test target.

Usage: naive_package.py BUNDLE SUBMISSION PACKAGE   (run from the course root: reads lessons/)
"""
import json
import pathlib
import re
import sys

bundle, submission, package = (pathlib.Path(p) for p in sys.argv[1:4])
manifest = json.loads((bundle / "manifest.json").read_text())


def type_name(slug):
    return "".join(part[:1].upper() + part[1:] for part in slug.split("-"))


def hidden_blocks(lesson_file):
    """(exercise id, code) of every hidden-test block, in order."""
    blocks, current, exercise = [], None, None
    for line in pathlib.Path(lesson_file).read_text().splitlines():
        if current is None:
            match = re.match(r"^```swift hidden-test\b.*\bexercise=([a-z0-9-]+)", line)
            if match:
                current, exercise = [], match.group(1)
        elif line.startswith("```"):
            blocks.append((exercise, "\n".join(current)))
            current = None
        else:
            current.append(line)
    return blocks


targets = []
for lesson in manifest["lessons"]:
    for path in lesson["editableFiles"]:
        found = list(submission.rglob(pathlib.Path(path).name))
        if found:
            (package / path).write_text(found[0].read_text())
    by_exercise = {}
    for exercise, code in hidden_blocks(lesson["file"]):
        by_exercise.setdefault(exercise, []).append(code)
    imports = "import Foundation\nimport XCTest\n" + ("import ResidualEngine\n" if lesson["usesEngine"] else "")
    text = imports + f"@testable import {lesson['module']}\n"
    for exercise, codes in by_exercise.items():
        text += f"\nfinal class {type_name(exercise)}HiddenTests: XCTestCase {{\n" + "\n".join(codes) + "\n}\n"
    folder = package / "Tests" / (lesson["module"] + "HiddenTests")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "HiddenTests.swift").write_text(text)
    targets.append((lesson["module"], lesson["usesEngine"]))

# Each hidden-test target goes right after its lesson's visible one, with the same settings (the
# support module's import) and the support library added for the hidden tests' own import.
manifest_text = (package / "Package.swift").read_text()
for module, uses_engine in targets:
    visible = re.search(r'^( *)\.testTarget\(name: "' + module + r'Tests", dependencies: \[([^\]]*)\](.*)$', manifest_text, re.M)
    if visible is None:
        sys.exit(f"naive_package.py: no test target {module}Tests in Package.swift")
    indent, dependencies, rest = visible.groups()
    if uses_engine and '"ResidualEngine"' not in dependencies:
        dependencies += ', "ResidualEngine"'
    hidden = f'{indent}.testTarget(name: "{module}HiddenTests", dependencies: [{dependencies}]{rest}'
    manifest_text = manifest_text[: visible.end()] + "\n" + hidden + manifest_text[visible.end():]
(package / "Package.swift").write_text(manifest_text)
hidden_targets = manifest_text.count("HiddenTests\"")
if hidden_targets != len(targets):
    sys.exit(f"naive_package.py: {hidden_targets} hidden-test targets in Package.swift, expected {len(targets)}")
