#!/usr/bin/env python3
"""Independent count of invalid continuations, to check biolint's `invalid-continuation` rule.

Shares no code with biolint: reads `<s>` block files and column files (TAB or spaces, blank or
whitespace-only separator lines, `-DOCSTART-` and `#` comment lines), takes the tag from the last
column (or --tag-column), and counts, per scheme:
  IOB2:  I-X not preceded by B-X or I-X;
  BIOES: I-X or E-X not preceded by B-X or I-X;
  IOB1:  nothing (I-X after anything starts an entity).
The scheme of each file is the one biolint reports in its JSON summary (or --scheme).

Usage: scripts/count_continuations.py FILE... [--biolint target/release/biolint]
Prints one line per file: the independent count, biolint's count, and OK or MISMATCH.
Exits 1 on any mismatch.
"""
import argparse
import json
import re
import subprocess
import sys

def sentences(path):
    text = open(path, encoding="utf-8-sig", errors="replace").read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [l[:-1] if l.endswith("\r") else l for l in lines]
    blocks = any(l in ("<s>", "</s>") for l in lines[:5000])
    tabs = any("\t" in l for l in lines[:5000] if not l.startswith("#"))
    current = []
    for line in lines:
        if blocks:
            if line in ("<s>", "</s>"):
                if current:
                    yield current
                current = []
                continue
            if line.strip(" \t") == "":
                continue
            current.append(line.split("\t")[-1] if "\t" in line else "")
            continue
        if line.strip(" \t") == "" or line.startswith("-DOCSTART-") or line.startswith("#DOCSTART"):
            if current:
                yield current
            current = []
            continue
        fields = line.split("\t") if tabs else line.split()
        if line.startswith("#") and (len(fields) == 1 or not tabs):
            if tabs or not re.fullmatch(r"O|[A-Za-z][-_].*", fields[-1]):
                continue
        current.append(fields[-1] if len(fields) > 1 else "")
    if current:
        yield current

TAG = re.compile(r"^([BIESLU])-([^\s,;|+]+)$")

def count(path, scheme):
    if scheme == "IOB1":
        return 0
    continuation = {"IOB2": "I", "BIOES": "IE"}[scheme]
    n = 0
    for tags in sentences(path):
        previous = None
        for tag in tags:
            m = TAG.match(tag)
            if m and m.group(1) in continuation:
                ok = previous is not None and previous[1] == m.group(2) and previous[0] in "BI"
                n += not ok
            previous = (m.group(1), m.group(2)) if m else None
    return n

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--biolint", default="target/release/biolint")
    args = ap.parse_args()
    bad = 0
    for path in args.files:
        out = subprocess.run([args.biolint, "check", "--format", "json", path],
                             capture_output=True, text=True)
        report = json.loads(out.stdout)
        schemes = [s["scheme"] for s in report["summary"]["schemes"] if s["scheme"]]
        if not schemes:
            print(f"{path}: unreadable for biolint, skipped")
            continue
        theirs = report["summary"]["by_rule"].get("invalid-continuation", 0)
        mine = count(path, schemes[0])
        verdict = "OK" if mine == theirs else "MISMATCH"
        bad += verdict != "OK"
        print(f"{path}: {schemes[0]}, independent {mine}, biolint {theirs}: {verdict}")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()
