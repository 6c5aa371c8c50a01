"""End-to-end tests of `mroi plan mmm`: the marketing-mix model on Robyn's and
Meridian's simulated weekly data (../shared/data), the saved response model, the CSV
outputs and exit code 2 on bad input.

Run by ctest with MROI_BIN pointing at the built CLI
(python3 -m unittest plan_mmm_cli_test).
"""
import csv
import json
import math
import pathlib
import tempfile
import unittest

from mroi_cli import run, strict_json

SHARED = pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
ROBYN = SHARED / "robyn" / "dt_simulated_weekly.csv"
MERIDIAN = SHARED / "meridian" / "national_media.csv"


@unittest.skipUnless(ROBYN.exists(), "no Robyn data in ../shared/data")
class RobynTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = pathlib.Path(cls.tmp.name)
        cls.model_path = tmp / "model.json"
        cls.decomposition_path = tmp / "decomposition.csv"
        cls.curves_path = tmp / "curves.csv"
        cls.result = run("plan", "mmm", "--weekly", str(ROBYN), "--bootstrap", "30",
                         "--save", str(cls.model_path), "--decomposition",
                         str(cls.decomposition_path), "--curves", str(cls.curves_path),
                         "--tier", "search=core", "--tier", "facebook=emerging", "--json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_fit_contract(self):
        self.assertEqual(self.result.returncode, 0, self.result.stderr)
        out = strict_json(self.result.stdout)
        self.assertEqual(out["periods"], 208)
        self.assertEqual(out["first_period"], "2015-11-23")
        self.assertEqual(out["outcome"], "revenue")
        self.assertEqual([c["channel"] for c in out["channels"]],
                         ["tv", "ooh", "print", "search", "facebook"])
        # Robyn's simulated revenue is explained well by media, competitor sales and
        # seasonality: an in-sample R² below 0.8 would mean a broken fit.
        self.assertGreater(out["quality"]["r_squared"], 0.8)
        self.assertLess(out["quality"]["cv_nrmse"], 0.3)
        for channel in out["channels"]:
            self.assertGreaterEqual(channel["coefficient"], 0)
            self.assertGreaterEqual(channel["roi"], 0)
            self.assertLessEqual(channel["roi_ci_low"], channel["roi"] + 1e-9)
            self.assertGreaterEqual(channel["roi_ci_high"], channel["roi"] - 1e-9)
            self.assertGreaterEqual(channel["carryover"], 1)
        tiers = {c["channel"]: c["tier"] for c in out["channels"]}
        self.assertEqual(tiers["search"], "core")
        self.assertEqual(tiers["facebook"], "emerging")
        self.assertEqual(out["bootstrap_replicates"], 30)
        # The decomposition's parts add up to the fitted total.
        media = sum(p["total"] for p in out["decomposition"] if p["kind"] == "media")
        contributions = sum(c["contribution"] for c in out["channels"])
        self.assertAlmostEqual(media, contributions, delta=1e-6 * abs(contributions) + 1e-6)

    def test_saved_model_matches_the_fit(self):
        out = strict_json(self.result.stdout)
        saved = json.loads(self.model_path.read_text())
        self.assertEqual(saved["schema"], "mroi.response_model/1")
        self.assertEqual(saved, out["response_model"])
        self.assertEqual(len(saved["curves"]), 5)
        for curve, channel in zip(saved["curves"], out["channels"]):
            self.assertEqual(curve["channel"], channel["channel"])
            self.assertAlmostEqual(curve["params"]["coefficient"], channel["coefficient"])
            self.assertEqual(len(curve["draws"]), 30)

    def test_decomposition_rows_sum_to_fitted(self):
        with open(self.decomposition_path, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 208)
        parts = [k for k in rows[0] if k not in ("period", "actual", "fitted")]
        for row in rows:
            total = sum(float(row[k]) for k in parts)
            self.assertAlmostEqual(total, float(row["fitted"]),
                                   delta=1e-6 * abs(float(row["fitted"])) + 1e-3)

    def test_curves_are_increasing_with_intervals(self):
        with open(self.curves_path, newline="") as f:
            rows = list(csv.DictReader(f))
        by_channel = {}
        for row in rows:
            by_channel.setdefault(row["channel"], []).append(row)
        self.assertEqual(len(by_channel), 5)
        for points in by_channel.values():
            self.assertEqual(float(points[0]["spend_per_period"]), 0)
            responses = [float(p["response"]) for p in points]
            self.assertEqual(responses, sorted(responses))
            for p in points:
                self.assertLessEqual(float(p["low"]), float(p["high"]) + 1e-9)

    def test_human_output(self):
        result = run("plan", "mmm", "--weekly", str(ROBYN), "--bootstrap", "0", "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Marketing-mix model: 208 weeks", result.stdout)
        self.assertIn("marginal ROI", result.stdout)


@unittest.skipUnless(MERIDIAN.exists(), "no Meridian data in ../shared/data")
class MeridianTest(unittest.TestCase):
    def test_conversions_with_value_per_conversion(self):
        result = run("plan", "mmm", "--weekly", str(MERIDIAN), "--bootstrap", "10", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = strict_json(result.stdout)
        self.assertEqual(out["periods"], 156)
        self.assertEqual(out["outcome"], "conversions")
        self.assertAlmostEqual(out["outcome_value"], 0.035007617983424826, places=12)
        self.assertEqual(len(out["channels"]), 4)
        # The national series is noisy: ordinary least squares of conversions on a trend,
        # the four spends and the two controls explains R² 0.332 in sample (numpy
        # lstsq, run once: /usr/bin/python3 with pandas/numpy on national_media.csv).
        # The saturating model must do at least about as well.
        self.assertGreater(out["quality"]["r_squared"], 0.30)
        for channel in out["channels"]:
            self.assertTrue(math.isfinite(channel["roi"]))


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def expect_error(self, args, message):
        result = run("plan", "mmm", *args)
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn(message, result.stderr)

    def test_no_input(self):
        self.expect_error([], "no input")

    def test_too_few_weeks(self):
        path = self.dir / "short.csv"
        lines = ["DATE,revenue,tv_S"] + [
            f"2025-{1 + w // 4:02d}-{1 + 7 * (w % 4):02d},{1000 + w},{10 * w}" for w in range(12)]
        path.write_text("\n".join(lines) + "\n")
        # 12 rows, but not equally spaced across months: the loader says so first.
        self.expect_error(["--weekly", str(path)], "equally spaced")
        import datetime
        start = datetime.date(2025, 1, 6)
        lines = ["DATE,revenue,tv_S"] + [
            f"{start + datetime.timedelta(weeks=w)},{1000 + w},{10 * w}" for w in range(12)]
        path.write_text("\n".join(lines) + "\n")
        self.expect_error(["--weekly", str(path)], "26")

    def test_bad_flags(self):
        if not ROBYN.exists():
            self.skipTest("no Robyn data")
        self.expect_error(["--weekly", str(ROBYN), "--adstock", "hyperbolic"], "geometric")
        self.expect_error(["--weekly", str(ROBYN), "--tier", "radio=core"], "no channel 'radio'")
        self.expect_error(["--weekly", str(ROBYN), "--tier", "tv=gold"], "unknown tier")
        self.expect_error(["--weekly", str(ROBYN), "--outcome", "profit"],
                          "no outcome column 'profit'")
        self.expect_error(["--weekly", str(ROBYN), "--data", str(self.dir)], "not both")
        self.expect_error(["--weekly", str(self.dir / "missing.csv")], "missing.csv")


if __name__ == "__main__":
    unittest.main()
