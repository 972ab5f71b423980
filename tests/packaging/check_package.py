#!/usr/bin/env python3
"""Builds the Debian package from a build directory into a fresh temporary directory and checks it.

  check_package.py contents BUILD_DIR SOURCE_DIR APP_ID VERSION
      the file list holds everything issue 13 asks for (modes 0644/0755, owner root), the control
      fields (Depends from shlibdeps plus the plugins loaded at run time, Section, ...), and the
      unpacked programs still run after stripping.
  check_package.py lintian BUILD_DIR
      lintian reports no error, and the binaries are hardened (bindnow, fortify, relro).

Each run builds its own package (cpack -B <temp>), so the two checks are independent.
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


def build_package(build_dir, out_dir):
    done = subprocess.run(
        ["cpack", "--config", os.path.join(build_dir, "CPackConfig.cmake"), "-B", out_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        sys.exit(f"cpack failed ({done.returncode}):\n{done.stdout}")
    debs = [f for f in os.listdir(out_dir) if f.endswith(".deb")]
    if len(debs) != 1:
        sys.exit(f"cpack made {debs} in {out_dir}, expected one .deb:\n{done.stdout}")
    return os.path.join(out_dir, debs[0])


def output(*command, **kwargs):
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True, **kwargs).stdout


def expected_files(source_dir, app_id):
    """The issue's list: programs, desktop entry, metainfo, icons, man pages, completion, user
    unit, translations, copyright and changelog."""
    files = {
        "/usr/bin/livesnap": 0o755,
        "/usr/bin/livesnapctl": 0o755,
        f"/usr/share/applications/{app_id}.desktop": 0o644,
        f"/usr/share/metainfo/{app_id}.metainfo.xml": 0o644,
        f"/usr/share/icons/hicolor/scalable/apps/{app_id}.svg": 0o644,
        "/usr/share/man/man1/livesnap.1.gz": 0o644,
        "/usr/share/man/man1/livesnapctl.1.gz": 0o644,
        "/usr/share/bash-completion/completions/livesnapctl": 0o644,
        "/usr/lib/systemd/user/livesnap.service": 0o644,
        "/usr/share/doc/livesnap/copyright": 0o644,
        "/usr/share/doc/livesnap/changelog.gz": 0o644,
    }
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        files[f"/usr/share/icons/hicolor/{size}x{size}/apps/{app_id}.png"] = 0o644
    # Every translation in the source tree, compiled.
    for ts in sorted(os.listdir(os.path.join(source_dir, "translations"))):
        if ts.endswith(".ts"):
            files[f"/usr/share/livesnap/translations/{ts[:-3]}.qm"] = 0o644
    return files


def read_text(root, path):
    """A file of the unpacked package; empty when missing (the file list check says so)."""
    try:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def check_contents(build_dir, source_dir, app_id, version):
    with tempfile.TemporaryDirectory(prefix="livesnap-package-contents-") as tmp:
        deb = build_package(build_dir, os.path.join(tmp, "out"))
        check(
            os.path.basename(deb) == f"livesnap_{version}_amd64.deb",
            f"the package is named {os.path.basename(deb)}, not livesnap_{version}_amd64.deb",
        )

        # dpkg-deb -c: "-rw-r--r-- root/root  1234 2026-01-01 00:00 ./usr/bin/x"
        listed = {}
        for line in output("dpkg-deb", "-c", deb).splitlines():
            fields = line.split(None, 5)
            mode, owner, path = fields[0], fields[1], fields[5].removeprefix(".")
            if path != "/":
                listed[path.rstrip("/")] = (mode, owner)
        for path, (mode, owner) in sorted(listed.items()):
            check(owner == "root/root", f"{path} belongs to {owner}, not root/root")
            if mode.startswith("d"):
                check(mode == "drwxr-xr-x", f"directory {path} has mode {mode}, not 0755")
            else:
                check(mode in ("-rw-r--r--", "-rwxr-xr-x"), f"{path} has mode {mode}")
        for path, mode in expected_files(source_dir, app_id).items():
            if check(path in listed, f"the package lacks {path}"):
                want = "-rwxr-xr-x" if mode == 0o755 else "-rw-r--r--"
                check(listed[path][0] == want, f"{path} has mode {listed[path][0]}, not {want}")

        fields = {}
        for name in ("Package", "Version", "Architecture", "Section", "Priority", "Homepage",
                     "Maintainer", "Depends", "Recommends", "Description"):
            fields[name] = output("dpkg-deb", "-f", deb, name).strip()
        check(fields["Package"] == "livesnap", f"Package: {fields['Package']}")
        check(fields["Version"] == version, f"Version: {fields['Version']}, not {version}")
        check(fields["Architecture"] == "amd64", f"Architecture: {fields['Architecture']}")
        check(fields["Section"] == "video", f"Section: {fields['Section']}")
        check(fields["Priority"] == "optional", f"Priority: {fields['Priority']}")
        check(fields["Homepage"].startswith("https://"), f"Homepage: {fields['Homepage']}")
        check(
            re.fullmatch(r"[^<>]+ <[^@<>\s]+@[^@<>\s]+\.[a-z]+>", fields["Maintainer"]),
            f"Maintainer is not 'Name <address>': {fields['Maintainer']}",
        )
        check(len(fields["Description"].splitlines()) > 3, "the Description has no extended text")
        depends = {d.strip().split()[0] for d in fields["Depends"].split(",")}
        # Loaded at run time (dpkg-shlibdeps cannot see them): the Qt SQLite driver, the package
        # with Qt Multimedia's backend plugins, libsecret (QtKeychain dlopens it), the SVG icon
        # engine. And some that only dpkg-shlibdeps adds, to show that it ran.
        for package in ("libqt6sql6-sqlite", "libqt6multimedia6", "libsecret-1-0", "libqt6svg6",
                        "libqt6core6", "libqt6widgets6", "libqt6keychain1", "libturbojpeg0",
                        "libc6"):
            check(package in depends, f"Depends does not name {package}: {fields['Depends']}")
        check(any(d.startswith("libavformat") for d in depends), "Depends has no libavformat")
        check("gnome-keyring" in fields["Recommends"], f"Recommends: {fields['Recommends']}")
        check("libqt6sql6-psql" in fields["Recommends"], f"Recommends: {fields['Recommends']}")

        # What the files say: names agree with the app id, the unit runs serve, the programs
        # still run after stripping.
        root = os.path.join(tmp, "root")
        output("dpkg-deb", "-x", deb, root)
        desktop = read_text(root, f"usr/share/applications/{app_id}.desktop")
        check(f"\nIcon={app_id}\n" in desktop, "the desktop entry's Icon= is not the app id")
        check("\nExec=livesnap" in desktop, "the desktop entry does not run livesnap")
        check("Name[zh_CN]=" in desktop, "the desktop entry lost its zh_CN name")
        unit = read_text(root, "usr/lib/systemd/user/livesnap.service")
        check("\nExecStart=/usr/bin/livesnapctl serve\n" in unit, "the unit does not run serve")
        check("\nRestart=on-failure\n" in unit, "the unit does not restart on failure")
        check("\nWantedBy=default.target\n" in unit, "the unit cannot be enabled for a user")
        copyright_text = read_text(root, "usr/share/doc/livesnap/copyright")
        check("/usr/share/common-licenses/GPL-3" in copyright_text, "copyright: no GPL-3 pointer")
        for size in (16, 22, 24, 32, 48, 64, 128, 256):
            png = os.path.join(root, f"usr/share/icons/hicolor/{size}x{size}/apps/{app_id}.png")
            if os.path.exists(png):
                with open(png, "rb") as f:
                    head = f.read(24)  # the signature, then IHDR: width and height
                width = int.from_bytes(head[16:20], "big")
                height = int.from_bytes(head[20:24], "big")
                check(head[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (size, size),
                      f"the {size}x{size} icon is {width}x{height}")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LC_ALL="C.UTF-8",
                   LIVESNAP_DATA_DIR=os.path.join(tmp, "data"))
        for program in ("livesnapctl", "livesnap"):
            ran = subprocess.run([os.path.join(root, "usr/bin", program), "--help"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 timeout=60)
            check(ran.returncode == 0 and "--data-dir" in ran.stdout,
                  f"the packaged {program} --help failed ({ran.returncode}): {ran.stdout[:500]}")
            # Stripped: no symbol table, no debug information (readelf is in binutils).
            sections = output("readelf", "--section-headers", "--wide",
                              os.path.join(root, "usr/bin", program))
            check(not re.search(r"\.(symtab|debug_info)\b", sections),
                  f"the packaged {program} is not stripped")


def check_lintian(build_dir):
    with tempfile.TemporaryDirectory(prefix="livesnap-package-lintian-") as tmp:
        deb = build_package(build_dir, os.path.join(tmp, "out"))
        done = subprocess.run(["lintian", "--fail-on", "error", "--display-info", deb],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=300)
        print(done.stdout)
        check(done.returncode == 0, f"lintian found errors (exit {done.returncode})")
        errors = [line for line in done.stdout.splitlines() if line.startswith("E: ")]
        check(not errors, "lintian errors:\n" + "\n".join(errors))
        # The binaries are built hardened (the top-level CMakeLists.txt): lintian reports these
        # only as information, so look for them by name.
        # Overridden tags (packaging/lintian-overrides, each with its reason) print as "O:".
        unhardened = [line for line in done.stdout.splitlines()
                      if not line.startswith("O: ")
                      and re.search(r"\bhardening-no-(bindnow|fortify-functions|relro)\b", line)]
        check(not unhardened, "binaries not hardened:\n" + "\n".join(unhardened))


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "contents":
        check_contents(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "lintian":
        check_lintian(sys.argv[2])
    else:
        sys.exit(__doc__)
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
