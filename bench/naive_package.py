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
    dependencies = [f'"{lesson["module"]}"'] + (['"ResidualEngine"'] if lesson["usesEngine"] else [])
    targets.append(f'        .testTarget(name: "{lesson["module"]}HiddenTests", dependencies: [{", ".join(dependencies)}]),')
manifest_text = (package / "Package.swift").read_text()
manifest_text = re.sub(r"(\n    \]\n\))", "\n" + "\n".join(targets) + r"\1", manifest_text, count=1)
(package / "Package.swift").write_text(manifest_text)
