#!/usr/bin/env python3
"""Checks that every target's dependencies in Package.swift equal the modules its sources import
(`make lint`). A dependency nothing imports, or an import reached only through another target,
names a layer the package graph does not show.

Usage: swift package dump-package | scripts/check-dependencies.py
"""
import json
import os
import re
import sys

# Modules that come with the toolchain or the platform, never package dependencies.
SYSTEM = {"Foundation", "FoundationXML", "FoundationNetworking", "Dispatch", "Glibc", "Darwin", "Testing", "XCTest", "Synchronization", "Musl",
          "FoundationEssentials", "os", "Accelerate"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)*import\s+(?:(?:struct|class|enum|func|var|protocol)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)

package = json.load(sys.stdin)
bad = []
for target in package["targets"]:
    name = target["name"]
    kind = target["type"]
    if kind == "system" or name.startswith("C"):
        continue
    default = {"test": "Tests", "executable": "Sources", "regular": "Sources"}[kind]
    path = target.get("path") or os.path.join(default, name)
    declared = set()
    for d in target["dependencies"]:
        (k, v), = d.items()
        declared.add(v[0])
    imported = set()
    for root, _, files in os.walk(path):
        if any(part in ("corpus",) for part in root.split(os.sep)):
            continue
        for f in files:
            if f.endswith(".swift"):
                with open(os.path.join(root, f), encoding="utf-8") as fh:
                    # Multi-line string literals (an embedded Python script) hold no Swift imports.
                    source = re.sub(r'"""[\s\S]*?"""', '""', fh.read())
                    imported.update(IMPORT.findall(source))
    # Products are imported under their module name (GRDB.swift's product GRDB, ArgumentParser).
    imported -= SYSTEM
    imported.discard(name)
    missing = sorted(imported - declared)
    unused = declared - imported
    # Every test target may use the shared test helpers, whether or not it does yet.
    if kind == "test":
        unused.discard("ReckonTestSupport")
    unused = sorted(unused)
    if missing:
        bad.append(f"{name}: imports {', '.join(missing)} without declaring {'it' if len(missing) == 1 else 'them'}")
    if unused:
        bad.append(f"{name}: declares {', '.join(unused)} but imports {'it' if len(unused) == 1 else 'them'} nowhere")
for line in bad:
    print("Package.swift: " + line)
sys.exit(1 if bad else 0)
