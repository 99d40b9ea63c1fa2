#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Validate an OSCAL JSON document against NIST's JSON schema (README.md):
#   validate.py SCHEMA DOCUMENT    exit 0 valid, 1 invalid, 77 no jsonschema
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit(77)


def python_patterns(node):
    """Rewrite \\p{L} and \\p{N}, which Python's re lacks, to its classes."""
    if isinstance(node, dict):
        return {k: (v.replace("\\p{L}", "[^\\W\\d_]").replace("\\p{N}", "\\d")
                    if k == "pattern" and isinstance(v, str) else python_patterns(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [python_patterns(v) for v in node]
    return node


with open(sys.argv[1], encoding="utf-8") as f:
    schema = python_patterns(json.load(f))
with open(sys.argv[2], encoding="utf-8") as f:
    doc = json.load(f)
validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:20]:
    print("/".join(str(p) for p in e.absolute_path) + ": " + e.message)
sys.exit(1 if errors else 0)
