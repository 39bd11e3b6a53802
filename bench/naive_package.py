#!/usr/bin/env python3
"""Turns a copy of exercises/ into the naive grading package: the submission's files in place of
the stubs, and each lesson's hidden tests as a further test target.

Usage: naive_package.py BUNDLE SUBMISSION PACKAGE
"""
import json
import pathlib
import re
import sys

bundle, submission, package = (pathlib.Path(p) for p in sys.argv[1:4])
manifest = json.loads((bundle / "manifest.json").read_text())
targets = []
for lesson in manifest["lessons"]:
    for path in lesson["editableFiles"]:
        found = list(submission.rglob(pathlib.Path(path).name))
        if found:
            (package / path).write_text(found[0].read_text())
    hidden = (bundle / "lessons" / lesson["id"] / "tests" / "HiddenTests.swift").read_text()
    hidden = "\n".join(l for l in hidden.splitlines() if not l.startswith("#sourceLocation")) + "\n"
    folder = package / "Tests" / (lesson["module"] + "HiddenTests")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "HiddenTests.swift").write_text(hidden)
    targets.append(f'        .testTarget(name: "{lesson["module"]}HiddenTests", dependencies: ["{lesson["module"]}"]),')
manifest_text = (package / "Package.swift").read_text()
manifest_text = re.sub(r"(\n    \]\n\))", "\n" + "\n".join(targets) + r"\1", manifest_text, count=1)
(package / "Package.swift").write_text(manifest_text)
