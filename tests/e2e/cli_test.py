"""End-to-end tests of the `mroi` binary: real processes, real files, exit codes.

Run by ctest with MROI_BIN pointing at the built CLI.
"""
import csv
import gzip
import json
import os
import pathlib
import subprocess
import tempfile
import unittest

MROI = os.environ.get("MROI_BIN", "../../build/mroi")
GOLDEN_INPUT = pathlib.Path(__file__).resolve().parent.parent / "golden" / "dirty_small" / "input"


def run(*args, cwd=None):
    return subprocess.run([MROI, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


class HelpTest(unittest.TestCase):
    def test_root_help_lists_commands(self):
        proc = run("--help")
        self.assertEqual(proc.returncode, 0)
        for command in ("demo", "clean", "journeys"):
            self.assertIn(command, proc.stdout)

    def test_each_command_has_an_example(self):
        for command in ("demo", "clean", "journeys"):
            proc = run(command, "--help")
            self.assertEqual(proc.returncode, 0, command)
            self.assertIn("Example: mroi " + command, proc.stdout)

    def test_no_command_fails(self):
        self.assertNotEqual(run().returncode, 0)


class CleanTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def clean_json(self, *args):
        proc = run("clean", *args, "--out", str(self.out / "out"), "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_json_contract_and_invariant(self):
        summary = self.clean_json("--data", str(GOLDEN_INPUT))
        self.assertEqual(set(summary["changes"]) >= {"utm_normalised", "imputed", "refund_netted"},
                         True)
        self.assertEqual(set(summary["identity"]) >= {"ids", "persons"}, True)
        kinds = set()
        for entry in summary["files"]:
            for key in ("path", "kind", "rows_in", "rows_kept", "rows_quarantined", "by_rule"):
                self.assertIn(key, entry)
            self.assertEqual(entry["rows_in"], entry["rows_kept"] + entry["rows_quarantined"],
                             entry["path"])
            self.assertEqual(sum(entry["by_rule"].values()), entry["rows_quarantined"])
            kinds.add(entry["kind"])
        self.assertEqual(kinds, {"touchpoints", "conversions", "leads", "deals", "spend", "costs",
                                 "email", "goals"})
        quarantine = list(csv.DictReader(open(self.out / "out" / "quarantine.csv")))
        total = sum(entry["rows_quarantined"] for entry in summary["files"])
        self.assertEqual(len(quarantine), total)
        self.assertTrue((self.out / "out" / "cleaned" / "touchpoints.csv").exists())

    def test_human_output_is_a_table(self):
        proc = run("clean", "--data", str(GOLDEN_INPUT), "--out", str(self.out / "o"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("rows_in", proc.stdout)
        self.assertIn("quarantined", proc.stdout)
        self.assertIn("persons", proc.stdout)

    def test_disabling_a_rule_keeps_its_rows(self):
        with_rule = self.clean_json("--data", str(GOLDEN_INPUT))
        without = self.clean_json("--data", str(GOLDEN_INPUT), "--disable", "bot_rate")
        def count(summary, rule):
            return sum(entry["by_rule"].get(rule, 0) for entry in summary["files"])
        self.assertGreater(count(with_rule, "bot_rate"), 0)
        self.assertEqual(count(without, "bot_rate"), 0)

    def test_per_kind_flags_and_repeats(self):
        first = self.out / "touchpoints_a.csv"
        second = self.out / "touchpoints_b.csv.gz"
        first.write_text("timestamp,anonymous_id,utm_source,utm_medium\n"
                         "2025-01-01T00:00:00Z,x,google,cpc\n")
        with gzip.open(second, "wt") as handle:
            handle.write("timestamp,anonymous_id,utm_source,utm_medium\n"
                         "2025-01-02T00:00:00Z,y,bing,cpc\n2025-01-03T00:00:00Z,y,bing,cpc\n")
        summary = self.clean_json("--touchpoints", str(first), "--touchpoints", str(second))
        self.assertEqual([entry["rows_in"] for entry in summary["files"]], [1, 2])
        self.assertEqual(summary["identity"]["persons"], 2)

    def test_jsonl_gives_the_same_rows_as_csv(self):
        rows = [{"timestamp": "2025-01-01T00:00:00Z", "anonymous_id": "x", "utm_source": "google",
                 "utm_medium": "cpc"},
                {"timestamp": "2025-01-01T01:00:00Z", "anonymous_id": "x", "user_id": "u",
                 "utm_source": "bing", "utm_medium": "cpc"}]
        jsonl = self.out / "touchpoints.jsonl"
        jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows))
        summary = self.clean_json("--touchpoints", str(jsonl))
        self.assertEqual(summary["files"][0]["rows_kept"], 2)
        self.assertEqual(summary["identity"]["ids"], 2)
        self.assertEqual(summary["identity"]["persons"], 1)


class ErrorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def assert_one_line_error(self, proc, *needles, code=2):
        self.assertEqual(proc.returncode, code, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        for needle in needles:
            self.assertIn(needle, lines[0])

    def test_missing_directory(self):
        self.assert_one_line_error(run("clean", "--data", str(self.dir / "nope")), "nope")

    def test_directory_without_inputs(self):
        (self.dir / "readme.txt").write_text("hello")
        self.assert_one_line_error(run("clean", "--data", str(self.dir)), str(self.dir))

    def test_missing_required_column(self):
        path = self.dir / "touchpoints.csv"
        path.write_text("anonymous_id,utm_source\nx,google\n")
        self.assert_one_line_error(run("clean", "--touchpoints", str(path), "--out", ""),
                                   "touchpoints.csv", "timestamp")

    def test_empty_file(self):
        path = self.dir / "conversions.csv"
        path.write_text("")
        self.assert_one_line_error(run("clean", "--conversions", str(path), "--out", ""),
                                   "conversions.csv")

    def test_not_utf8(self):
        path = self.dir / "touchpoints.csv"
        path.write_bytes(b"\xff\xfe\x00t\x00i\x00m\x00e\x00\n\x00")
        self.assert_one_line_error(run("clean", "--touchpoints", str(path), "--out", ""),
                                   "touchpoints.csv")

    def test_bad_timezone_and_rule(self):
        self.assert_one_line_error(run("clean", "--data", str(GOLDEN_INPUT), "--timezone",
                                       "Mars/Base", "--out", ""), "Mars/Base")
        self.assert_one_line_error(run("clean", "--data", str(GOLDEN_INPUT), "--disable",
                                       "no_such_rule", "--out", ""), "no_such_rule")

    def test_no_inputs(self):
        self.assert_one_line_error(run("clean", "--out", ""), "--data")


class JourneysAndDemoTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_journeys_json_and_csv(self):
        proc = run("journeys", "--data", str(GOLDEN_INPUT), "--json", "--out", str(self.dir))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        summary = json.loads(proc.stdout)
        self.assertEqual(summary["journeys"], summary["converting"] + summary["non_converting"])
        rows = list(csv.DictReader(open(self.dir / "journeys.csv")))
        self.assertEqual(len(rows), summary["journeys"])

    def test_demo_is_deterministic_and_reconciles(self):
        first = run("demo", "--out", str(self.dir / "one"), "--seed", "7", "--quiet")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("precision", first.stdout)
        second = run("demo", "--out", str(self.dir / "two"), "--seed", "7", "--quiet")
        self.assertEqual(second.returncode, 0, second.stderr)
        for name in os.listdir(self.dir / "one" / "data"):
            self.assertEqual((self.dir / "one" / "data" / name).read_bytes(),
                             (self.dir / "two" / "data" / name).read_bytes(), name)
        summary = json.loads((self.dir / "one" / "clean_summary.json").read_text())
        for entry in summary["files"]:
            self.assertEqual(entry["rows_in"], entry["rows_kept"] + entry["rows_quarantined"])
        self.assertGreater(summary["identity"]["ids"], summary["identity"]["persons"])
        for name in ("quarantine.csv", "changes.csv", "journeys.csv", "journeys_summary.json"):
            self.assertTrue((self.dir / "one" / name).exists(), name)


if __name__ == "__main__":
    unittest.main()
