#!/usr/bin/env python3
"""Writes every lesson's reference solution as a submission laid out like exercises/.

Usage: reference_submission.py BUNDLE OUT   (BUNDLE: the grader bundle, .build/course/grader)
The reference files carry #sourceLocation lines for the grader; they are dropped here.
"""
import json
import pathlib
import sys

bundle, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
manifest = json.loads((bundle / "manifest.json").read_text())
for lesson in manifest["lessons"]:
    for exercise in lesson["exercises"]:
        name = pathlib.Path(exercise["file"]).name
        text = (bundle / "lessons" / lesson["id"] / "reference" / name).read_text()
        text = "\n".join(line for line in text.splitlines() if not line.startswith("#sourceLocation")) + "\n"
        target = out / exercise["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
