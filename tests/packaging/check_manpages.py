#!/usr/bin/env python3
"""The man pages hold everything the programs' help prints (the generator could drop something).

  check_manpages.py LIVESNAPCTL LIVESNAP MAN_DIR

Reads the help of the built programs on its own (not through packaging/make-manpages.py), renders
MAN_DIR/livesnapctl.1.gz and MAN_DIR/livesnap.1.gz with man(1), and checks that every action has
its own subsection under ACTIONS holding each --Param of its help, that every global option and
every option of livesnap --help is described, that the fixed sections are there, and that man
reports no troff warnings.
"""

import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def help_of(program, args, data_dir):
    env = dict(os.environ, LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen",
               LIVESNAP_DATA_DIR=data_dir, XDG_RUNTIME_DIR=data_dir)
    env.pop("LANGUAGE", None)
    done = subprocess.run([program] + args, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"{program} {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def render(page):
    """The page as plain text, one paragraph per line (wide, no hyphenation, no justification)."""
    env = dict(os.environ, MANWIDTH="3000", LC_ALL="C.UTF-8", MAN_KEEP_FORMATTING="")
    done = subprocess.run(["man", "--warnings", "--nh", "--nj", "-E", "UTF-8", "-l", page],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    check(done.returncode == 0, f"man {page} exited {done.returncode}")
    check(not done.stderr.strip(), f"man reports on {page}:\n{done.stderr}")
    return done.stdout


def sections(text):
    """{SECTION: [lines]} of rendered man page text (section headings start in column 0)."""
    result, current = {}, None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z ]+$", line):
            current = line.strip()
            result[current] = []
        elif current:
            result[current].append(line)
    return result


def subsections(lines):
    """{name: text} of the subsections (headings indented by three spaces) of a section."""
    result, current = {}, None
    for line in lines:
        m = re.match(r"^   (\S+)$", line)
        if m:
            current = m.group(1)
            result[current] = ""
        elif current:
            result[current] += line + "\n"
    return result


def check_livesnapctl(ctl, page, data_dir):
    text = help_of(ctl, ["--help"], data_dir)
    usage = text.split("\n\n")[0]
    global_options = set(re.findall(r"\[(--[a-z][a-z-]*)", usage))
    actions = re.findall(r"^  (\S+) ", text.split("\nActions:\n", 1)[1], re.MULTILINE)
    check(len(actions) > 20, f"livesnapctl --help lists only {actions}")

    rendered = sections(render(page))
    for name in ("NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "ACTIONS", "ENVIRONMENT",
                 "FILES", "EXIT STATUS", "SEE ALSO"):
        check(name in rendered, f"livesnapctl(1) has no {name} section")
    joined = {name: "\n".join(lines) for name, lines in rendered.items()}
    for option in global_options | {"--help"}:
        check(option in joined.get("GLOBAL OPTIONS", ""), f"GLOBAL OPTIONS lacks {option}")
    check("LIVESNAP_DATA_DIR" in joined.get("ENVIRONMENT", ""), "ENVIRONMENT: no LIVESNAP_DATA_DIR")
    check("credentials" in joined.get("FILES", ""), "FILES: no credentials file")
    exit_status = joined.get("EXIT STATUS", "")
    for code in ("0", "1", "2"):
        check(re.search(rf"^\s+{code}\s", exit_status, re.MULTILINE), f"EXIT STATUS: no {code}")
    check("systemctl --user enable --now livesnap.service" in "\n".join(joined.values()),
          "livesnapctl(1) does not say how to enable the user service")

    documented = subsections(rendered.get("ACTIONS", []))
    for action in actions:
        if not check(action in documented, f"ACTIONS has no subsection {action}"):
            continue
        action_help = help_of(ctl, [action, "--help"], data_dir)
        params = re.findall(r"^\s*(--[A-Za-z][\w-]*)", action_help.split("\n", 1)[1], re.MULTILINE)
        check(params or "No parameters." in action_help, f"{action} --help lists no parameters")
        for param in params:
            check(re.search(rf"{re.escape(param)}\b", documented[action]),
                  f"ACTIONS/{action} lacks {param}")
    extra = set(documented) - set(actions)
    check(not extra, f"ACTIONS documents actions the help does not list: {sorted(extra)}")


def check_livesnap(gui, page, data_dir):
    text = help_of(gui, ["--help"], data_dir)
    options = re.findall(r"^  (?:-\w, )?(--[\w-]+)", text, re.MULTILINE)
    check("--data-dir" in options, f"livesnap --help lists {options}")
    rendered = sections(render(page))
    for name in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "ENVIRONMENT", "FILES", "SEE ALSO"):
        check(name in rendered, f"livesnap(1) has no {name} section")
    described = "\n".join(rendered.get("OPTIONS", []))
    for option in options:
        check(re.search(rf"{re.escape(option)}\b", described),
              f"livesnap(1) OPTIONS lacks {option}")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    ctl, gui, man_dir = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="livesnap-manpages-check-") as data_dir:
        check_livesnapctl(ctl, os.path.join(man_dir, "livesnapctl.1.gz"), data_dir)
        check_livesnap(gui, os.path.join(man_dir, "livesnap.1.gz"), data_dir)
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
