"""End-to-end tests of `mroi metrics`, `mroi attribute` and `mroi report` on the demo.

Run by ctest with MROI_BIN pointing at the built CLI (python3 -m unittest report_cli_test).
"""
import math
import pathlib
import re
import tempfile
import unittest

from mroi_cli import run, strict_json

CONTRACT = ("channel", "spend", "revenue", "gross_profit", "direct_cost", "indirect_cost",
            "conversions", "new_customers", "leads", "cpl", "cpa", "cac", "roas", "croi",
            "broi", "ltv_cac")
MODELS = ("first", "last", "last_non_direct", "linear", "time_decay", "u_shaped",
          "w_shaped", "j_shaped", "inverse_j")


class ReportCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        proc = run("demo", "--out", str(cls.dir / "demo"), "--quiet")
        assert proc.returncode == 0, proc.stderr
        cls.demo_stdout = proc.stdout
        cls.data = str(cls.dir / "demo" / "data")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_help_has_examples(self):
        for command in ("metrics", "attribute", "report"):
            proc = run(command, "--help")
            self.assertEqual(proc.returncode, 0, command)
            self.assertIn("Example: mroi " + command, proc.stdout)

    def test_demo_writes_the_report(self):
        self.assertIn("report.html", self.demo_stdout)
        html = (self.dir / "demo" / "report.html").read_text(encoding="utf-8")
        self.assertIn("<section id=\"cleaning\"", html)
        strict_json((self.dir / "demo" / "report.json").read_text(encoding="utf-8"))

    def test_demo_report_has_data_driven_models_and_intervals(self):
        report = strict_json((self.dir / "demo" / "report.json").read_text(encoding="utf-8"))
        attribution = report["attribution"]
        self.assertEqual(attribution["bootstrap"]["replicates"], 200)
        self.assertEqual(attribution["bootstrap"]["level"], 0.95)
        names = [model["model"] for model in attribution["models"]]
        self.assertEqual(names, list(MODELS) + ["markov_1", "markov_2", "shapley",
                                                "shapley_simplified"])
        total = attribution["total"]["conversions"]
        for model in attribution["models"]:
            self.assertIn(model["kind"], ("rule", "markov", "shapley"))
            credited = sum(row["conversions"] for row in model["channels"])
            self.assertAlmostEqual(credited, total, delta=1e-6 * max(1, total), msg=model["model"])
            for row in model["channels"]:
                where = (model["model"], row["channel"])
                for key in ("ci_low", "ci_high", "revenue_ci_low", "revenue_ci_high"):
                    self.assertTrue(math.isfinite(row[key]), where)
                slack = 1e-9 * max(1.0, abs(row["conversions"]))
                self.assertLessEqual(row["ci_low"], row["conversions"] + slack, where)
                self.assertLessEqual(row["conversions"], row["ci_high"] + slack, where)
                slack = 1e-9 * max(1.0, abs(row["revenue"]))
                self.assertLessEqual(row["revenue_ci_low"], row["revenue"] + slack, where)
                self.assertLessEqual(row["revenue"], row["revenue_ci_high"] + slack, where)
                if model["kind"] == "markov":
                    self.assertGreaterEqual(row["removal_effect"], 0, where)
                    self.assertLessEqual(row["removal_effect"], 1, where)
                else:
                    self.assertNotIn("removal_effect", row, where)
        for row in attribution["comparison"]:
            for name in ("last", "markov_1", "markov_2", "shapley", "shapley_simplified"):
                self.assertIn(name, row["models"], row["channel"])
        self.assertEqual(attribution["skipped_models"], [])
        csv = (self.dir / "demo" / "attribution.csv").read_text(encoding="utf-8").splitlines()
        self.assertTrue(csv[0].endswith(",ci_low,ci_high,revenue_ci_low,revenue_ci_high,"
                                        "removal_effect"), csv[0])
        self.assertTrue(any(line.startswith("markov_1,") for line in csv))

    def test_metrics_json_contract(self):
        proc = run("metrics", "--data", self.data, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        self.assertIn("totals", out)
        self.assertIsInstance(out["channels"], list)
        self.assertGreater(len(out["channels"]), 3)
        for row in [out["totals"], *out["channels"]]:
            for field in CONTRACT:
                self.assertIn(field, row)
            for field in ("cpl", "cpa", "cac", "roas", "croi", "broi", "ltv_cac"):
                value = row[field]
                self.assertTrue(value is None or math.isfinite(value), (row["channel"], field))
        names = {row["channel"] for row in out["channels"]}
        self.assertTrue({"Paid Search", "Organic Search", "Email"} <= names, names)
        spend = sum(row["spend"] for row in out["channels"])
        self.assertAlmostEqual(spend, out["totals"]["spend"], delta=1e-6 * max(1, spend))
        # cROI is a fraction: (revenue - direct) / direct.
        for row in out["channels"]:
            if row["direct_cost"]:
                self.assertAlmostEqual(
                    row["croi"], (row["revenue"] - row["direct_cost"]) / row["direct_cost"],
                    places=9)
            else:
                self.assertIsNone(row["croi"])

    def test_metrics_period_and_compare(self):
        proc = run("metrics", "--data", self.data, "--period", "2025-03", "--compare",
                   "previous", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        self.assertEqual(out["period"]["start"], "2025-03-01")
        self.assertEqual(out["comparison"]["previous_period"]["start"], "2025-02-01")
        human = run("metrics", "--data", self.data, "--by", "month", "--quiet")
        self.assertEqual(human.returncode, 0, human.stderr)
        self.assertIn("cROI", human.stdout)

    def test_metrics_ltv_by_channel_and_diagnosis(self):
        proc = run("metrics", "--data", self.data, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        rows = out["ltv_by_channel"]
        self.assertGreater(len(rows), 3)
        fields = ("channel", "new_customers", "historical_ltv", "predicted_ltv",
                  "predicted_ltv_low", "predicted_ltv_high", "cac", "ltv_cac",
                  "meets_benchmark", "cac_payback_months")
        cac = {row["channel"]: row["cac"] for row in out["channels"]}
        for row in rows:
            for field in fields:
                self.assertIn(field, row)
            where = row["channel"]
            # The CAC is the metrics layer's CAC of that channel.
            self.assertEqual(row["cac"], cac.get(row["channel"]), where)
            if row["ltv_cac"] is not None:
                self.assertEqual(row["meets_benchmark"], row["ltv_cac"] >= 3, where)
            if row["predicted_ltv"] is not None:
                self.assertLessEqual(row["predicted_ltv_low"], row["predicted_ltv"] + 1e-9, where)
                self.assertGreaterEqual(row["predicted_ltv_high"], row["predicted_ltv"] - 1e-9,
                                        where)
                self.assertGreaterEqual(row["predicted_ltv"], row["historical_ltv"] - 1e-9, where)
        self.assertEqual(sum(row["new_customers"] for row in rows),
                         out["ltv_totals"]["new_customers"])
        model = out["ltv_model"]
        self.assertIn(model["basis"], ("predicted", "historical"))
        self.assertEqual(model["horizon_months"], 12)
        self.assertEqual(model["monthly_discount_rate"], 0.01)
        self.assertEqual(model["fitted"], model["note"] == "")
        diagnosis = out["ltv_diagnosis"]
        self.assertIn(diagnosis["status"], ("healthy", "channels_below_benchmark",
                                            "below_benchmark", "not_enough_data"))
        # No --compare: the last month of the data against the month before.
        self.assertEqual(diagnosis["current_period"]["start"], "2025-06-01")
        self.assertEqual(diagnosis["previous_period"]["start"], "2025-05-01")
        self.assertTrue(diagnosis["summary"].startswith("LTV:CAC"))

        human = run("metrics", "--data", self.data, "--quiet", "--ltv-horizon", "6",
                    "--ltv-discount", "0.02")
        self.assertEqual(human.returncode, 0, human.stderr)
        self.assertIn("LTV by acquisition channel", human.stdout)
        self.assertIn("LTV:CAC diagnosis", human.stdout)
        historical = strict_json(run("metrics", "--data", self.data, "--json",
                                     "--no-ltv-model").stdout)
        self.assertEqual(historical["ltv_model"]["basis"], "historical")
        self.assertTrue(all(row["predicted_ltv"] is None
                            for row in historical["ltv_by_channel"]))
        without = strict_json(run("metrics", "--data", self.data, "--json", "--no-ltv").stdout)
        self.assertNotIn("ltv_by_channel", without)
        compared = strict_json(run("metrics", "--data", self.data, "--json", "--period",
                                   "2025-03", "--compare", "previous").stdout)
        self.assertEqual(compared["ltv_diagnosis"]["current_period"]["start"], "2025-03-01")
        self.assertEqual(compared["ltv_diagnosis"]["previous_period"]["start"], "2025-02-01")
        self.assert_one_line_error(run("metrics", "--data", self.data, "--ltv-horizon", "0"),
                                   "horizon")
        self.assert_one_line_error(run("metrics", "--data", self.data, "--ltv-discount",
                                       "-0.5"), "discount")

    def test_attribute_all_conserves_credit(self):
        proc = run("attribute", "--data", self.data, "--model", "all", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        self.assertEqual([model["model"] for model in out["models"]], list(MODELS))
        total = out["total"]
        for model in out["models"]:
            for key in ("conversions", "revenue", "gross_profit"):
                credited = sum(row[key] for row in model["channels"])
                self.assertAlmostEqual(credited, total[key], delta=1e-6 * max(1, abs(total[key])),
                                       msg=(model["model"], key))
            for row in model["channels"]:
                for key in ("roas", "croi", "broi", "cpa"):
                    self.assertIn(key, row)
        for row in out["comparison"]:
            self.assertEqual(row["models"]["last"]["conversions_vs_last"], 0)

    def test_attribute_one_model_human(self):
        proc = run("attribute", "--data", self.data, "--model", "time_decay",
                   "--half-life-days", "14", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("model time_decay", proc.stdout)
        self.assertNotIn("model first", proc.stdout)

    def test_report_files(self):
        out = self.dir / "report"
        proc = run("report", "--data", self.data, "--out", str(out), "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for name in ("report.html", "report.json", "channels.csv", "campaigns.csv",
                     "attribution.csv", "paths.csv", "monthly.csv", "goals.csv",
                     "ltv_by_channel.csv", "ltv_by_campaign.csv"):
            self.assertTrue((out / name).is_file(), name)
        html = (out / "report.html").read_text(encoding="utf-8")
        self.assertIsNone(re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", html, re.I))
        self.assertIn("Paid Search", html)
        report = strict_json((out / "report.json").read_text(encoding="utf-8"))
        for key in ("cleaning", "metrics", "attribution", "paths", "goals", "ltv_model",
                    "ltv_totals", "ltv_by_channel", "ltv_by_campaign", "ltv_diagnosis"):
            self.assertIn(key, report)
        self.assertIn("<section id=\"ltv\"", html)
        self.assertIn("id=\"chart-ltv-cac\"", html)
        header = (out / "attribution.csv").read_text(encoding="utf-8").splitlines()[0]
        self.assertTrue(header.startswith("model,channel,conversions"))

    def assert_one_line_error(self, proc, needle):
        self.assertEqual(proc.returncode, 2, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertIn(needle, lines[0])

    def test_bad_inputs_exit_2(self):
        self.assert_one_line_error(run("attribute", "--data", self.data, "--model", "magic"),
                                   "magic")
        self.assert_one_line_error(run("metrics", "--data", self.data, "--period", "2025-13"),
                                   "2025-13")
        self.assert_one_line_error(run("metrics", "--data", self.data, "--compare", "sideways"),
                                   "sideways")
        self.assert_one_line_error(run("metrics", "--data", self.data, "--by", "weekday"),
                                   "weekday")
        self.assert_one_line_error(run("report", "--data", self.data, "--period", "soon",
                                       "--out", str(self.dir / "bad")), "soon")
        self.assert_one_line_error(run("attribute", "--data", self.data, "--model", "last",
                                       "--half-life-days", "0"), "half-life")
        self.assert_one_line_error(run("report", "--data", str(self.dir / "missing")), "missing")


if __name__ == "__main__":
    unittest.main()
