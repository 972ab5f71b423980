#!/usr/bin/env python3
"""Checks the core's layering (src/core/layers.txt) over its #include lines.

A file in src/core/<layer>/ may include its own layer's headers and those of layers on earlier
lines of layers.txt; layers on one line are peers and must not include each other. The core
never includes a Qt module beyond QtCore, QtNetwork and QtSql (no QtGui, no QtWidgets), and no
file in it is longer than 500 lines (a sign that it holds more than one idea).

  check_layers.py CORE_DIR QT_INCLUDE_ROOT          check the tree, exit 1 on any violation
  check_layers.py --self-test CORE_DIR QT_INCLUDE_ROOT
        copy the tree, plant one wrong include at a time, and require each to be caught
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ALLOWED_QT_MODULES = {"QtCore", "QtNetwork", "QtSql"}
LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s+<([^>]+)>')
SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc")
MAX_LINES = 500


def read_layers(core_dir):
    ranks = {}
    with open(os.path.join(core_dir, "layers.txt"), encoding="utf-8") as f:
        rank = 0
        for line in f:
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            for name in line:
                if name in ranks:
                    sys.exit(f"layers.txt names {name} twice")
                ranks[name] = rank
            rank += 1
    return ranks


def qt_module_of(header, qt_root):
    """The Qt module a <QFoo> or <QtFoo/QBar> include comes from, or None if not Qt."""
    if "/" in header:
        module = header.split("/", 1)[0]
        return module if module.startswith("Qt") else None
    if not header.startswith("Q"):
        return None
    for module in sorted(os.listdir(qt_root)):
        if os.path.isfile(os.path.join(qt_root, module, header)):
            return module
    return None


def violations(core_dir, qt_root):
    ranks = read_layers(core_dir)
    found = []
    for entry in sorted(os.listdir(core_dir)):
        folder = os.path.join(core_dir, entry)
        if not os.path.isdir(folder):
            continue
        if entry not in ranks:
            found.append(f"{entry}/: a folder that layers.txt does not place")
            continue
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(root, name)
                where = os.path.relpath(path, core_dir)
                with open(path, encoding="utf-8") as f:
                    lines = f.readlines()
                if len(lines) > MAX_LINES:
                    found.append(f"{where}: {len(lines)} lines, over {MAX_LINES}: split it by "
                                 f"responsibility")
                for number, line in enumerate(lines, 1):
                    local = LOCAL_INCLUDE.match(line)
                    if local:
                        target = local.group(1).split("/", 1)[0]
                        if "/" not in local.group(1):
                            continue  # a file beside it
                        if target not in ranks:
                            found.append(f"{where}:{number}: includes \"{local.group(1)}\", "
                                         f"outside the core's layers")
                        elif target != entry and ranks[target] >= ranks[entry]:
                            how = "a peer" if ranks[target] == ranks[entry] else "a layer above"
                            found.append(f"{where}:{number}: {entry} includes "
                                         f"\"{local.group(1)}\" from {target}, {how}")
                        continue
                    system = SYSTEM_INCLUDE.match(line)
                    if system:
                        module = qt_module_of(system.group(1), qt_root)
                        if module and module not in ALLOWED_QT_MODULES:
                            found.append(f"{where}:{number}: includes <{system.group(1)}> "
                                         f"from {module}; the core uses only "
                                         f"{', '.join(sorted(ALLOWED_QT_MODULES))}")
    return found


def check(core_dir, qt_root):
    found = violations(core_dir, qt_root)
    for line in found:
        print(line)
    layers = read_layers(core_dir)
    print(f"{len(found)} layering violation(s) in {core_dir} ({len(layers)} layers)")
    return 1 if found else 0


def self_test(core_dir, qt_root):
    plants = [
        ("catalog/Catalog.h", '#include "service/SnapshotService.h"', "a layer above"),
        ("storage/UploadQueue.h", '#include "capture/CaptureWorker.h"', "a peer"),
        ("capture/CaptureWorker.cpp", '#include "engine/SnapshotSink.h"', "a layer above"),
        ("service/SnapshotService.cpp", "#include <QImage>", "from QtGui"),
        ("domain/SnapshotJob.h", "#include <QtWidgets/QWidget>", "from QtWidgets"),
        ("common/Result.h", '#include "ui/MainWindow.h"', "outside the core's layers"),
        ("domain/ObjectKey.cpp", "\n" * (MAX_LINES + 1), "lines, over"),
    ]
    failures = 0
    if violations(core_dir, qt_root):
        print("self-test: the real tree must be clean first")
        return 1
    for file, line, expected in plants:
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "core")
            shutil.copytree(core_dir, copy)
            with open(os.path.join(copy, file), "a", encoding="utf-8") as f:
                f.write("\n" + line + "\n")
            run = subprocess.run([sys.executable, __file__, copy, qt_root],
                                 capture_output=True, text=True)
            caught = run.returncode == 1 and expected in run.stdout and file in run.stdout
            what = line if line.strip() else f"{MAX_LINES + 1} more lines"
            print(f"{'caught' if caught else 'MISSED'}: {what} in {file}"
                  + ("" if caught else f" (exit {run.returncode}: {run.stdout.strip()})"))
            failures += 0 if caught else 1
    return 1 if failures else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--self-test":
        sys.exit(self_test(*args[1:]))
    if len(args) != 2:
        sys.exit(__doc__)
    sys.exit(check(*args))
