"""Validates a JUnit file against junit.xsd (lxml) and reads it back with junitparser, the
way CI tools consume it. Prints one JSON object: the totals and each case as junitparser saw it.
Usage: python read_junit.py SCHEMA FILE"""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped
from lxml import etree

schema_path, report_path = sys.argv[1], sys.argv[2]
schema = etree.XMLSchema(etree.parse(schema_path))
document = etree.parse(report_path)
if not schema.validate(document):
    print(json.dumps({"valid": False, "errors": [str(e) for e in schema.error_log]}))
    sys.exit(0)

xml = JUnitXml.fromfile(report_path)
cases = []
for suite in xml:
    for case in suite:
        kinds = [type(r).__name__.lower() for r in case.result if isinstance(r, (Failure, Error, Skipped))]
        cases.append({"suite": suite.name, "classname": case.classname, "name": case.name,
                      "time": case.time, "result": kinds[0] if kinds else "passed",
                      "type": case.result[0].type if case.result and not isinstance(case.result[0], Skipped) else None})
suites = [{"name": s.name, "tests": s.tests, "failures": s.failures, "errors": s.errors,
           "skipped": s.skipped, "time": s.time,
           "properties": {p.name: p.value for p in s.properties()}} for s in xml]
print(json.dumps({"valid": True, "suites": suites, "cases": cases}))
