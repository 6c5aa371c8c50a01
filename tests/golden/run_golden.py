#!/usr/bin/env python3
"""Golden-file runner: runs `mroi` on each case in tests/golden/<case>/ and diffs the
outputs byte for byte against the reviewed expected files.

Each case holds input/ (the data), args (the CLI arguments, one line; default
`clean --data input`), expected.json (the --json summary without timings), expected_quarantine.csv and
expected_changes.csv. `--update` rewrites the expected files for review.
"""
import argparse
import difflib
import json
import pathlib
import shlex
import subprocess
import sys
import tempfile


def normalise_summary(text):
    summary = json.loads(text)
    summary.pop("timings", None)
    return json.dumps(summary, indent=2, sort_keys=False) + "\n"


def run_case(mroi, case, update):
    args_file = case / "args"
    args = shlex.split(args_file.read_text()) if args_file.exists() else ["clean", "--data", "input"]
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([mroi, *args, "--out", out, "--json", "--quiet"], cwd=case,
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            print(f"{case.name}: mroi exited {proc.returncode}: {proc.stderr.strip()}")
            return False
        actual = {
            "expected.json": normalise_summary(proc.stdout),
            "expected_quarantine.csv": (pathlib.Path(out) / "quarantine.csv").read_text(),
            "expected_changes.csv": (pathlib.Path(out) / "changes.csv").read_text(),
        }
    ok = True
    for name, text in actual.items():
        expected_path = case / name
        if update:
            expected_path.write_text(text)
            continue
        expected = expected_path.read_text() if expected_path.exists() else ""
        if expected != text:
            ok = False
            print(f"{case.name}/{name} differs:")
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), "expected", "actual"))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mroi", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("cases", nargs="*")
    options = parser.parse_args()
    root = pathlib.Path(__file__).resolve().parent
    cases = [root / name for name in options.cases] or sorted(
        path for path in root.iterdir() if (path / "input").is_dir())
    results = [run_case(str(pathlib.Path(options.mroi).resolve()), case, options.update)
               for case in cases]
    print(f"{sum(results)}/{len(results)} golden cases match")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
