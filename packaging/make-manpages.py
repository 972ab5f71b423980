#!/usr/bin/env python3
"""Writes the man pages livesnap(1) and livesnapctl(1) and the bash completion of livesnapctl
from the programs' own help, so that none of them can drift from what the programs accept.

Runs the built programs (the build calls this after linking them; see packaging/CMakeLists.txt):
  livesnapctl --help, livesnapctl <Action> --help for every action it lists,
  livesnapctl serve --help, livesnapctl --version (documented only when it works), and
  livesnap --help (QT_QPA_PLATFORM=offscreen),
then writes OUTDIR/livesnapctl.1.gz, OUTDIR/livesnap.1.gz (gzip -9n: no name, no time stamp)
and OUTDIR/livesnapctl.bash-completion.

The help is parsed strictly: an unexpected shape (no Actions: list, an action without
parameters or "No parameters.", a global option this script has no words for) stops the build
with a message, instead of writing a page that silently misses something.
"""

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile

# Words for the global options found in livesnapctl's usage lines. The help names them in its
# usage only; a new one stops the build until it is described here.
GLOBAL_OPTIONS = {
    "--data-dir": (
        "DIR",
        "Keep the catalog, the spool and the default local storage in DIR. Without it, "
        "LIVESNAP_DATA_DIR names the directory, else ~/.local/share/livesnap.",
    ),
    "--credentials": (
        "FILE",
        "Take OSS/S3 access keys and the callback AuthKey from FILE (JSON, mode 0600) instead "
        "of the system keychain, for machines without a desktop session. See FILES.",
    ),
    "--help": (
        None,
        "Print the actions (without an action) or an action's parameters, and exit 0.",
    ),
    "--version": (None, "Print the version of livesnapctl and of the libraries it uses (Qt, FFmpeg, libjpeg-turbo, QtKeychain), and exit 0. -V is the same."),
}


# LIVESNAP_DATA_DIR, in the ENVIRONMENT section of both pages.
DATA_DIR_ENVIRONMENT = [
    ".TP",
    ".B LIVESNAP_DATA_DIR",
    "The data directory when",
    ".B \\-\\-data\\-dir",
    "is not given (default",
    ".IR ~/.local/share/livesnap ).",
]


class HelpError(Exception):
    pass


def run(program, args, data_dir):
    env = dict(os.environ)
    for name in ("LANGUAGE", "LANG", "LC_MESSAGES"):
        env.pop(name, None)
    env.update(
        {
            "LC_ALL": "C.UTF-8",  # the English text, whatever the builder's language
            "QT_QPA_PLATFORM": "offscreen",
            "LIVESNAP_DATA_DIR": data_dir,  # never the builder's own data
            "XDG_RUNTIME_DIR": data_dir,
            "QT_LOGGING_RULES": "*=false",
        }
    )
    done = subprocess.run(
        [program] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60
    )
    return done.returncode, done.stdout.decode("utf-8")


def run_help(program, args, data_dir):
    rc, out = run(program, args, data_dir)
    if rc != 0:
        raise HelpError(f"{program} {' '.join(args)} exited {rc}")
    return out


def parse_ctl_help(text):
    """livesnapctl --help: usage lines, description lines, 'Actions:' one per line, then notes."""
    lines = text.rstrip("\n").split("\n")
    if not lines or not lines[0].startswith("Usage: "):
        raise HelpError("livesnapctl --help does not start with 'Usage: '")
    usage, i = [], 0
    while i < len(lines) and lines[i].strip():
        usage.append(lines[i].strip().removeprefix("Usage:").strip())
        i += 1
    description = []
    while i < len(lines) and lines[i] != "Actions:":
        if lines[i].strip():
            description.append(lines[i].strip())
        i += 1
    if i == len(lines):
        raise HelpError("livesnapctl --help has no 'Actions:' list")
    actions = []
    rest = lines[i + 1 :]
    for k, line in enumerate(rest):
        if not line.strip() and actions:
            # After the list: notes (the --version line), one paragraph each.
            description.extend(note.strip() for note in rest[k + 1 :] if note.strip())
            break
        m = re.match(r"^  (\S+)\s+(\S.*)$", line)
        if not m:
            raise HelpError(f"unexpected line in the Actions list: {line!r}")
        actions.append((m.group(1), m.group(2)))
    if not actions:
        raise HelpError("livesnapctl --help lists no actions")
    return usage, description, actions


def parse_action_help(name, text):
    """livesnapctl <Action> --help: a usage line, a summary, then '  --Param text' lines."""
    lines = [line for line in text.rstrip("\n").split("\n")]
    if not lines[0].startswith(f"livesnapctl {name}"):
        raise HelpError(f"livesnapctl {name} --help does not start with its usage")
    summary = lines[1].strip() if len(lines) > 1 else ""
    params = []
    for line in lines[2:]:
        if not line.strip() or line.strip() == "No parameters.":
            continue
        m = re.match(r"^  --(\S+)\s+(\S.*)$", line)
        if m:
            params.append([m.group(1), m.group(2)])
        elif params and line.startswith("   "):
            params[-1][1] += " " + line.strip()  # a wrapped text
        else:
            raise HelpError(f"unexpected line in livesnapctl {name} --help: {line!r}")
    if not params and "No parameters." not in text:
        raise HelpError(f"livesnapctl {name} --help lists no parameters and does not say so")
    return summary, [tuple(p) for p in params]


def parse_serve_help(text):
    """livesnapctl serve --help: a usage line, description lines, '--option ARG: text' lines."""
    lines = [line.strip() for line in text.rstrip("\n").split("\n") if line.strip()]
    if not lines or not lines[0].startswith("livesnapctl "):
        raise HelpError("livesnapctl serve --help does not start with its usage")
    description, options = [], []
    for line in lines[1:]:
        m = re.match(r"^(--[\w-]+)(?: ([A-Z]+))?: (.*)$", line)
        if m:
            options.append((m.group(1), m.group(2), m.group(3)))
        else:
            description.append(line)
    return lines[0], description, options


def parse_gui_help(text):
    """livesnap --help (QCommandLineParser): usage, description, 'Options:' with wrapped text."""
    lines = text.rstrip("\n").split("\n")
    if not lines[0].startswith("Usage: "):
        raise HelpError("livesnap --help does not start with 'Usage: '")
    usage = "livesnap " + lines[0].split(None, 2)[2]  # the program path as plain livesnap
    description, options, i = [], [], 1
    while i < len(lines) and lines[i] != "Options:":
        if lines[i].strip():
            description.append(lines[i].strip())
        i += 1
    for line in lines[i + 1 :]:
        m = re.match(r"^  (-\S.*?)  +(\S.*)$", line)
        if m:
            options.append([m.group(1), m.group(2)])
        elif options and line.startswith("    ") and line.strip():
            options[-1][1] += " " + line.strip()
        elif line.strip():
            break  # "Arguments:" or another section: none today
    if not options:
        raise HelpError("livesnap --help lists no options")
    return usage, description, [tuple(o) for o in options]


def global_options(usage_lines, version_works):
    found = []
    for line in usage_lines:
        for option in re.findall(r"--[a-z][a-z-]*", line):
            if option not in found:
                found.append(option)
    if version_works and "--version" not in found:
        found.append("--version")
    unknown = [o for o in found if o not in GLOBAL_OPTIONS]
    if unknown:
        raise HelpError(
            f"livesnapctl --help names global options {unknown} that packaging/make-manpages.py "
            "does not describe; add them to GLOBAL_OPTIONS"
        )
    return [(o,) + GLOBAL_OPTIONS[o] for o in found]


def esc(text):
    """Text for troff: backslashes, minus signs (so options copy as typed), leading dots."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(
        "\\&" + line if line.startswith((".", "'")) else line for line in text.split("\n")
    )


def header(name, version, date):
    return [
        f'.\\" Generated by packaging/make-manpages.py from {name} --help; do not edit.',
        f'.TH {name.upper()} 1 "{date}" "LiveSnap {version}" "User Commands"',
        ".nh",  # no hyphenation: names and keys stay whole
        ".ad l",
    ]


SERVICE_TEXT = [
    ".PP",
    "The package installs a systemd user unit,",
    ".BR livesnap.service ,",
    "that runs",
    ".B livesnapctl serve",
    "for your user, restarts it when it fails and stops it (releasing its jobs) on logout or",
    "when asked. Start it now and at every login with:",
    ".PP",
    ".RS",
    ".EX",
    "systemctl \\-\\-user enable \\-\\-now livesnap.service",
    ".EE",
    ".RE",
    ".PP",
    "It reads OSS/S3 secrets from the keychain of your desktop session. To give it a",
    "credentials file instead (a machine without a desktop session), add a drop\\-in with",
    ".B systemctl \\-\\-user edit livesnap.service",
    "that replaces the command:",
    ".PP",
    ".RS",
    ".EX",
    "[Service]",
    "ExecStart=",
    "ExecStart=/usr/bin/livesnapctl serve \\-\\-credentials %h/.config/livesnap/credentials.json",
    ".EE",
    ".RE",
    ".PP",
    "then",
    ".BR \"systemctl \\-\\-user restart livesnap.service\" .",
    "To keep the engine running while you are logged out, run",
    ".B loginctl enable\\-linger",
    "once. Its messages go to the journal:",
    ".BR \"journalctl \\-\\-user \\-u livesnap.service\" .",
]


def ctl_page(version, date, usage, description, actions, action_help, serve, options):
    serve_usage, serve_description, serve_options = serve
    out = header("livesnapctl", version, date)
    out += [
        ".SH NAME",
        "livesnapctl \\- LiveSnap's operations on the command line, and its headless engine",
        ".SH SYNOPSIS",
    ]
    for i, line in enumerate(usage):
        if i:
            out.append(".br")
        out.append(esc(line))
    out += [".SH DESCRIPTION", ".B livesnapctl"]
    out.append(
        "runs one operation of LiveSnap, a console that takes JPG snapshots of RTMP live "
        "streams at an interval and keeps them in a local folder or in OSS or S3\\-compatible "
        "storage: the same operations, with the same field names, as the"
    )
    out += [".BR livesnap (1)", "window."]
    for line in description:
        out += [".PP", esc(line)]
    out += [
        ".PP",
        "Parameters are written",
        ".BI \\-\\- Name \" value\"",
        "or",
        ".BI \\-\\- Name = value ;",
        "nested objects and lists are JSON strings. A secret given as",
        ".B \\-",
        "(AccessKeySecret, AuthKey) is read from standard input, so that it does not show in",
        ".BR ps (1).",
        ".SH GLOBAL OPTIONS",
        "These go before or after the action.",
    ]
    for name, arg, text in options:
        out.append(".TP")
        out.append(f".BI {esc(name)} \" {arg}\"" if arg else f".B {esc(name)}")
        out.append(esc(text))
    out += [".SH ACTIONS", ".SS serve", esc(serve_usage)]
    for line in serve_description:
        out += [".PP", esc(line)]
    for name, arg, text in serve_options:
        out.append(".TP")
        out.append(f".BI {esc(name)} \" {arg}\"" if arg else f".B {esc(name)}")
        out.append(esc(text))
    out += [".PP", "It stops on SIGINT or SIGTERM, releasing the jobs it ran to other engines."]
    for name, summary in actions:
        if name == "serve":
            continue
        out += [f".SS {esc(name)}", esc(action_help[name][0] or summary)]
        params = action_help[name][1]
        if not params:
            out += [".PP", "No parameters."]
        for pname, ptext in params:
            required = ptext.startswith("(required) ")
            out += [".TP", f".BI \\-\\-{esc(pname)} \" value\""]
            out.append(esc(ptext.removeprefix("(required) ") + (" Required." if required else "")))
    out += [".SH USER SERVICE"] + SERVICE_TEXT
    out += [
        ".SH ENVIRONMENT",
    ] + DATA_DIR_ENVIRONMENT + [
        ".TP",
        ".B QT_LOGGING_RULES",
        "Logs go to standard error and are quiet by default; for example",
        ".B livesnap.*.info=true",
        "shows the engine's progress.",
        ".SH FILES",
        ".TP",
        ".I ~/.local/share/livesnap/",
        "The data directory (mode 0700): the catalog",
        ".I catalog.sqlite",
        "(templates, jobs, files, usage, mode 0600), the spool, and",
        ".IR storage/default/ ,",
        'the default local storage location {"StorageType":"local","Bucket":"default"}.',
        ".TP",
        ".I ~/.config/livesnap/credentials.json",
        "A credentials file for",
        ".BR \\-\\-credentials ,",
        "the path the user service's drop\\-in above uses (any path works): a JSON object with",
        'the keys "storage/\\fILocationId\\fR/AccessKeyId",',
        '"storage/\\fILocationId\\fR/AccessKeySecret" and "callback/AuthKey". Keep it mode 0600;',
        "a file others can read is refused.",
        ".TP",
        ".I /usr/lib/systemd/user/livesnap.service",
        "The user unit that runs",
        ".BR \"livesnapctl serve\" .",
        ".SH EXIT STATUS",
        ".TP",
        ".B 0",
        "The action succeeded (it printed its JSON answer), or serve stopped normally.",
        ".TP",
        ".B 1",
        'An internal failure; the answer is {"Code","Message"}.',
        ".TP",
        ".B 2",
        'A user error: a wrong action, parameter or value; the answer is {"Code","Message"},',
        "whose Code (such as InvalidParameter.TimeInterval) is stable and whose Message says",
        "how to fix it.",
        ".SH EXAMPLES",
        ".EX",
        "livesnapctl CreateLiveSnapshotTemplate \\-\\-TemplateName cams \\-\\-TimeInterval 5 \\e",
        "    \\-\\-SequenceFormat 'snapshot/{JobId}/{UnixTimestamp}.jpg'",
        "livesnapctl SubmitLiveSnapshotJob \\-\\-JobName cam1 \\e",
        "    \\-\\-TemplateId system\\-realtime\\-10s \\e",
        "    \\-\\-StreamInput '{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1/live/cam1\"}'",
        "livesnapctl SendLiveSnapshotJobCommand \\-\\-JobId \\fIJobId\\fR \\-\\-Command start",
        ".EE",
        ".SH SEE ALSO",
        ".BR livesnap (1),",
        ".BR systemctl (1),",
        ".BR journalctl (1)",
    ]
    return "\n".join(out) + "\n"


def gui_page(version, date, usage, description, options):
    out = header("livesnap", version, date)
    out += [
        ".SH NAME",
        "livesnap \\- take JPG snapshots of live streams at an interval",
        ".SH SYNOPSIS",
        esc(usage),
        ".SH DESCRIPTION",
    ]
    out += [esc(line) for line in description]
    out += [
        ".PP",
        ".B livesnap",
        "is a desktop console for snapshot templates (the interval and how pictures are",
        "named), snapshot jobs (one RTMP stream each) and the snapshot files they keep in a",
        "local folder or in OSS or S3\\-compatible storage; a monitor wall shows every camera's",
        "newest picture and health. While it is open it also runs the engine that captures the",
        "started jobs; closing the window can leave it running in the system tray.",
        ".BR livesnapctl (1)",
        "runs the same operations on the command line, and its",
        ".B serve",
        "action runs the engine without a window. Engines share the data directory's catalog:",
        "each started job runs in exactly one of them.",
        ".SH OPTIONS",
    ]
    for spec, text in options:
        out += [".TP", f".B {esc(spec)}", esc(text)]
    out += [
        ".PP",
        "Qt's standard options (such as",
        ".BR \\-platform )",
        "are listed by",
        ".BR \\-\\-help\\-all .",
        ".SH ENVIRONMENT",
    ] + DATA_DIR_ENVIRONMENT + [
        ".TP",
        ".BR LANGUAGE \", \" LC_ALL \", \" LANG",
        "The language of the window: English and Simplified Chinese (zh_CN).",
        ".SH FILES",
        ".TP",
        ".I ~/.local/share/livesnap/",
        "The data directory: the catalog",
        ".IR catalog.sqlite ,",
        "the spool and the default local storage",
        ".IR storage/default/ .",
        ".TP",
        ".I ~/.config/LiveSnap/livesnap.conf",
        "The window's settings (geometry, last tab, what closing the window does).",
        ".PP",
        "OSS/S3 secrets and the callback AuthKey are kept in the desktop's keychain (the",
        "Secret Service, such as GNOME Keyring or KWallet), never in a file.",
        ".SH EXIT STATUS",
        "0 when the window was closed normally, 1 when the engine cannot start (a message",
        "says why).",
        ".SH SEE ALSO",
        ".BR livesnapctl (1)",
    ]
    return "\n".join(out) + "\n"


COMPLETION = """\
# bash completion for livesnapctl; generated by packaging/make-manpages.py from
# livesnapctl --help and <Action> --help. Do not edit.
# shellcheck shell=bash

# The words that may follow an action: its parameters, then the global options.
_livesnapctl_params() {
  case "$1" in
@PARAMS@
  esac
}

_livesnapctl() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD - 1]}"
  local action='' i word
  COMPREPLY=()
  case "$prev" in
@VALUES@
  esac
  # The action is the first word that is neither an option nor an option's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    case "$word" in
      @FLAGS@) ;;
      --*=*) ;;
      -*) ((i++)) ;;
      *)
        action="$word"
        break
        ;;
    esac
  done
  if [[ -z "$action" ]]; then
    if [[ "$cur" == -* ]]; then
      mapfile -t COMPREPLY < <(compgen -W '@GLOBALS@' -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -W '@ACTIONS@' -- "$cur")
    fi
    return
  fi
  if [[ "$prev" == -* && "$prev" != *=* ]]; then
    case "$prev" in
      @FLAGS@) ;;
      *) return ;; # the value of a parameter: nothing to offer
    esac
  fi
  # Each parameter once: those already on the line are not offered again.
  local given=" ${COMP_WORDS[*]} " candidates=()
  for word in $(_livesnapctl_params "$action"); do
    [[ "$given" == *" $word "* ]] || candidates+=("$word")
  done
  mapfile -t COMPREPLY < <(compgen -W "${candidates[*]}" -- "$cur")
}
complete -F _livesnapctl livesnapctl
"""


def completion(actions, action_help, serve_options, options):
    """A bash completion function: the actions, then the chosen action's --Params."""
    flags = ["-h"] + [name for name, arg, _text in options if not arg]
    # After an action: the global options that take a value, and --help (not --version).
    after_action = [name for name, arg, _text in options if arg] + ["--help"]

    def listed(words):
        return " ".join(dict.fromkeys(words + after_action))  # in order, each once

    params = [f"    serve) echo '{listed([name for name, _arg, _text in serve_options])}' ;;"]
    for name, _summary in actions:
        if name != "serve":
            words = ["--" + p for p, _text in action_help[name][1]]
            params.append(f"    {name}) echo '{listed(words)}' ;;")
    params.append("    *) echo '" + " ".join(after_action) + "' ;;")
    values = []
    for name, arg, _text in options:
        if arg:
            kind = "-d" if arg == "DIR" else "-f"  # a directory, else a file
            complete_value = f'mapfile -t COMPREPLY < <(compgen {kind} -- "$cur")'
            values.append(f"    {name}) {complete_value}; return ;;")
    return (
        COMPLETION.replace("@PARAMS@", "\n".join(params))
        .replace("@VALUES@", "\n".join(values))
        .replace("@FLAGS@", " | ".join(flags))
        .replace("@GLOBALS@", " ".join(name for name, _arg, _text in options))
        .replace("@ACTIONS@", " ".join(name for name, _summary in actions))
    )


def write_gzip(path, text):
    # gzip -9n: no file name and no time stamp in the header, so the output is reproducible.
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(text.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--livesnapctl", required=True)
    ap.add_argument("--livesnap", required=True)
    ap.add_argument("--version", required=True, help="the project version (PROJECT_VERSION)")
    ap.add_argument("--date", required=True, help="the date on the pages (YYYY-MM-DD)")
    ap.add_argument("--outdir", required=True)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="livesnap-manpages-") as data_dir:
        ctl = args.livesnapctl
        usage, description, actions = parse_ctl_help(run_help(ctl, ["--help"], data_dir))
        action_help = {}
        for name, summary in actions:
            if name != "serve":
                text = run_help(ctl, [name, "--help"], data_dir)
                action_help[name] = parse_action_help(name, text)
        serve = parse_serve_help(run_help(ctl, ["serve", "--help"], data_dir))
        version_rc, version_out = run(ctl, ["--version"], data_dir)
        version_works = version_rc == 0 and args.version in version_out
        options = global_options(usage, version_works)
        gui = parse_gui_help(run_help(args.livesnap, ["--help"], data_dir))

    os.makedirs(args.outdir, exist_ok=True)
    write_gzip(
        os.path.join(args.outdir, "livesnapctl.1.gz"),
        ctl_page(args.version, args.date, usage, description, actions, action_help, serve, options),
    )
    write_gzip(os.path.join(args.outdir, "livesnap.1.gz"), gui_page(args.version, args.date, *gui))
    with open(os.path.join(args.outdir, "livesnapctl.bash-completion"), "w", encoding="utf-8") as f:
        f.write(completion(actions, action_help, serve[2], options))


if __name__ == "__main__":
    try:
        main()
    except (HelpError, subprocess.SubprocessError, OSError) as e:
        sys.exit(f"make-manpages: {e}")
