#!/usr/bin/env python3
"""Fails when a translation catalogue is not complete for the sources it is made from.

Runs lupdate over exactly the sources and include paths of the build's update_translations
target (read from the .lupdate/<target>_project.cmake file qt_add_translations writes) into a
temporary copy of the .ts, then prints one line per problem:
  - a text in the sources that is not in the .ts yet (update_translations was not run),
  - a message left unfinished (or a plural form left empty),
  - a vanished or obsolete message (the .ts keeps a text no source has any more, or marks one
    vanished that a source has again),
  - a translation that drops or adds a placeholder (%1, %n...),
  - a tr() call whose context lupdate has to guess (it would not match the one used at run time).
With --plural-only (a catalogue made with lupdate -pluralonly, like the English one that only
gives the singular and plural forms of the %n messages) lupdate is run the same way, so only the
plural messages of the sources are required in the .ts.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

LUPDATE = "lupdate"


def cmake_list(project_cmake, name):
    text = open(project_cmake, encoding="utf-8").read()
    match = re.search(r'set\(%s "([^"]*)"\)' % name, text)
    if not match:
        sys.exit(f"{project_cmake}: no {name}; is it a qt_add_lupdate project file?")
    return [item for item in match.group(1).split(";") if item]


def messages(ts_file):
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def placeholders(text):
    return sorted(set(re.findall(r"%(?:\d+|n)", text or "")))


def short(text):
    text = (text or "").replace("\n", "\\n")
    return text if len(text) <= 100 else text[:97] + "..."


def check(ts_file, sources, includes, plural_only=False):
    """The problems lupdate finds in ts_file for these sources, one line each."""
    known = {(ctx, m.findtext("source")) for ctx, m in messages(ts_file)}
    problems = []
    # lupdate revives a vanished message whose text a source has again, but lrelease leaves out
    # what the .ts in the repository marks vanished or obsolete: so check that file too.
    for ctx, message in messages(ts_file):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else None
        if kind in ("vanished", "obsolete"):
            problems.append(f"{kind} in the .ts (lrelease leaves it out; run update_translations): "
                            f"{ctx}: \"{short(message.findtext('source'))}\"")
    with tempfile.TemporaryDirectory() as tmp:
        lst = os.path.join(tmp, "sources.lst")
        with open(lst, "w", encoding="utf-8") as out:
            out.write("\n".join(sources) + "\n")
        copy = os.path.join(tmp, os.path.basename(ts_file))
        shutil.copyfile(ts_file, copy)
        command = [LUPDATE] + [f"-I{path}" for path in includes] + [f"@{lst}", "-ts", copy]
        if plural_only:
            command.append("-pluralonly")
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"lupdate failed ({run.returncode}):\n{run.stdout}{run.stderr}")
        for line in (run.stdout + run.stderr).splitlines():
            if "lacks Q_OBJECT macro" in line or "Cannot invoke tr()" in line:
                problems.append(f"context guessed by lupdate (use Class::tr): {line.strip()}")

        for ctx, message in messages(copy):
            source = message.findtext("source")
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            where = f"{ctx}: \"{short(source)}\""
            if kind in ("vanished", "obsolete"):
                problems.append(f"{kind} (no source has it; run update_translations): {where}")
                continue
            if (ctx, source) not in known:
                problems.append(f"not in the .ts (run update_translations, then translate): {where}")
                continue
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if kind == "unfinished" or any(not (form or "").strip() for form in forms):
                problems.append(f"unfinished: {where}")
                continue
            wanted = placeholders(source)
            for form in forms:
                if placeholders(form) != wanted:
                    problems.append(f"placeholders {placeholders(form)} instead of {wanted}: "
                                    f"{where} -> \"{short(form)}\"")
    return known, problems


def plant(ts_text, plural_only):
    """ts_text with a renamed source, an unfinished translation, a dropped %1 and a message
    marked vanished that its source still has, planted in it."""
    if plural_only:
        pattern = (r"<source>([^<]*%1[^<]*)</source>\s*<translation>\s*"
                   r"<numerusform>([^<]*%1[^<]*)</numerusform>")
    else:
        pattern = r"<source>([^<]*%1[^<]*)</source>\s*<translation>([^<]*%1[^<]*)</translation>"
    finished = re.findall(pattern, ts_text)
    if len(finished) < 4:
        sys.exit("self-test: the .ts has too few finished messages with %1 to plant problems in")
    (src_a, _), (_, tr_b), (_, tr_c), (src_d, _) = finished[:4]
    text = ts_text.replace(f"<source>{src_a}</source>", f"<source>{src_a} (old)</source>", 1)
    text = re.sub(r"(<source>%s</source>\s*)<translation>" % re.escape(src_d),
                  lambda m: m.group(1) + '<translation type="vanished">', text, count=1)
    if plural_only:
        text = text.replace(f"<numerusform>{tr_b}</numerusform>", "<numerusform></numerusform>", 1)
        text = text.replace(f"<numerusform>{tr_c}</numerusform>",
                            f"<numerusform>{tr_c.replace('%1', '')}</numerusform>", 1)
    else:
        text = text.replace(f"<translation>{tr_b}</translation>",
                            f"<translation type=\"unfinished\">{tr_b}</translation>", 1)
        text = text.replace(f"<translation>{tr_c}</translation>",
                            f"<translation>{tr_c.replace('%1', '')}</translation>", 1)
    return text


def self_test(ts_file, sources, includes, plural_only):
    """Plants each kind of problem in a copy of the .ts (and one source) and requires it found."""
    text = plant(open(ts_file, encoding="utf-8").read(), plural_only)
    with tempfile.TemporaryDirectory() as tmp:
        planted_ts = os.path.join(tmp, "planted.ts")
        with open(planted_ts, "w", encoding="utf-8") as out:
            out.write(text)
        planted_cpp = os.path.join(tmp, "Planted.cpp")
        with open(planted_cpp, "w", encoding="utf-8") as out:
            out.write("namespace livesnap {\nQString planted(int n) { "
                      "return tr(\"Planted %n text(s).\", nullptr, n); }\n}\n")
        _, problems = check(planted_ts, sources + [planted_cpp], includes, plural_only)
    expected = ["not in the .ts", "vanished (", "vanished in the .ts", "unfinished", "placeholders",
                "context guessed"]
    missed = [kind for kind in expected if not any(p.startswith(kind) for p in problems)]
    for problem in problems:
        print("found:", problem)
    if missed:
        print("self-test: not caught: " + ", ".join(missed))
        return 1
    print(f"self-test: all {len(expected)} planted kinds of problem caught")
    return 0


def main():
    global LUPDATE
    parser = argparse.ArgumentParser()
    parser.add_argument("--lupdate", required=True)
    parser.add_argument("--project", required=True, help=".lupdate/<target>_project.cmake")
    parser.add_argument("--ts", required=True, help="the .ts file kept in the repository")
    parser.add_argument("--plural-only", action="store_true",
                        help="the .ts holds only the plural (%%n) messages (lupdate -pluralonly)")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    LUPDATE = args.lupdate

    sources = cmake_list(args.project, "lupdate_sources")
    includes = cmake_list(args.project, "lupdate_include_paths")
    if args.self_test:
        return self_test(args.ts, sources, includes, args.plural_only)
    known, problems = check(args.ts, sources, includes, args.plural_only)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{args.ts}: {len(problems)} problem(s)")
        return 1
    print(f"{args.ts}: complete ({len(known)} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
