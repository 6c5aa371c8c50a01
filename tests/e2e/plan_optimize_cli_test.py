"""End-to-end tests of `mroi plan optimize` and `mroi plan track`: the JSON contract on a
hand-written response model, scenarios side by side, the min-budget search, exit code 2
with a one-line reason on bad input, and the tracker on an actuals CSV worked by hand and
on the demo data.

Run by ctest with MROI_BIN pointing at the built CLI
(python3 -m unittest plan_optimize_cli_test).
"""
import json
import pathlib
import tempfile
import unittest

from mroi_cli import run, strict_json


def params(coefficient, alpha, half_saturation, carryover=1.0):
    return {"coefficient": coefficient, "hill_alpha": alpha,
            "half_saturation": half_saturation, "carryover": carryover}


def curve(channel, tier, point, mean_spend, draws=()):
    return {"channel": channel, "tier": tier, "params": point, "mean_spend": mean_spend,
            "min_spend": 0.5 * mean_spend, "max_spend": 1.5 * mean_spend,
            "draws": list(draws)}


def scaled(point, factor):
    return dict(point, coefficient=point["coefficient"] * factor)


SEARCH = params(60000, 1.0, 20000, 1.2)
DISPLAY = params(20000, 2.0, 15000, 1.5)
SOCIAL = params(25000, 1.5, 8000, 1.3)
FACTORS = [0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15]
MODEL = {
    "schema": "mroi.response_model/1", "outcome": "revenue", "period": "week",
    "outcome_value": 1, "gross_margin": 0.6, "base_per_period": 5000,
    "curves": [
        curve("Paid Search", "core", SEARCH, 15000, [scaled(SEARCH, f) for f in FACTORS]),
        curve("Display", "core", DISPLAY, 20000,
              [scaled(DISPLAY, f) for f in reversed(FACTORS)]),
        curve("Social", "emerging", SOCIAL, 6000,
              [scaled(SOCIAL, FACTORS[(3 * i) % 7]) for i in range(7)]),
    ],
}
ALLOCATION_KEYS = {"channel", "tier", "current", "proposed", "change", "expected",
                   "marginal_roi"}
MOVE_KEYS = {"from", "to", "amount", "effect", "effect_ci_low", "effect_ci_high", "text"}


def hill_value(point, spend, periods=13, value=1.0):
    """periods x steady-state response at spend / periods, written out independently."""
    x = point["carryover"] * spend / periods
    if x <= 0:
        return 0.0
    a = point["hill_alpha"]
    return periods * point["coefficient"] * x ** a / (x ** a + point["half_saturation"] ** a) * value


class PlanOptimizeCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        cls.model = cls.write("model.json", json.dumps(MODEL))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def write(cls, name, text):
        path = cls.dir / name
        path.write_text(text)
        return str(path)

    def run_json(self, *args):
        proc = run("plan", *args, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return strict_json(proc.stdout)

    def assert_exit_2(self, args, message):
        proc = run("plan", *args)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn(message, proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)

    # ---- optimize ----

    def test_json_contract(self):
        out = self.run_json("optimize", "--model", self.model, "--budget", "600000",
                            "--objective", "gross_profit", "--margin", "0.5")
        self.assertEqual(out["budget"], 600000)
        self.assertEqual(out["objective"], "gross_profit")
        self.assertEqual(out["periods"], 13)
        for key in ("expected", "expected_ci_low", "expected_ci_high", "current_expected",
                    "uplift", "allocation", "moves", "tiers"):
            self.assertIn(key, out)
        self.assertNotIn("scenarios", out)
        allocation = {row["channel"]: row for row in out["allocation"]}
        self.assertEqual(list(allocation), ["Paid Search", "Display", "Social"])
        for row in out["allocation"]:
            self.assertTrue(ALLOCATION_KEYS <= set(row), row)
            self.assertAlmostEqual(row["change"], row["proposed"] - row["current"], places=6)
        # Tiers 70/20/10: core gets 420,000, emerging 120,000, experimental has no channel.
        tiers = {row["tier"]: row for row in out["tiers"]}
        self.assertAlmostEqual(allocation["Paid Search"]["proposed"] +
                               allocation["Display"]["proposed"], 420000, places=3)
        self.assertAlmostEqual(allocation["Social"]["proposed"], 120000, places=3)
        self.assertEqual(tiers["experimental"]["channels"], 0)
        self.assertAlmostEqual(tiers["experimental"]["unallocatable"], 60000, places=6)
        self.assertTrue(tiers["experimental"]["note"])
        # Expected value recomputed from the curves by hand (gross profit at margin 0.5).
        expected = sum(hill_value(c["params"], allocation[c["channel"]]["proposed"], value=0.5)
                       for c in MODEL["curves"])
        self.assertAlmostEqual(out["expected"], expected, delta=1e-6 * expected)
        current = sum(hill_value(c["params"], allocation[c["channel"]]["current"], value=0.5)
                      for c in MODEL["curves"])
        self.assertAlmostEqual(out["current_expected"], current, delta=1e-6 * current)
        self.assertAlmostEqual(out["uplift"], expected / current - 1, places=9)
        self.assertLessEqual(out["expected_ci_low"], out["expected"])
        self.assertGreaterEqual(out["expected_ci_high"], out["expected"])
        self.assertGreaterEqual(out["expected"], out["current_expected"])
        # Moves: the right keys, and per channel they add up to the change.
        net = {}
        for move in out["moves"]:
            self.assertEqual(set(move), MOVE_KEYS)
            self.assertIn(" from ", move["text"])
            self.assertIn("expected gross profit", move["text"])
            self.assertIn("95 % interval", move["text"])
            net[move["from"]] = net.get(move["from"], 0) - move["amount"]
            net[move["to"]] = net.get(move["to"], 0) + move["amount"]
        for row in out["allocation"]:
            self.assertAlmostEqual(net.get(row["channel"], 0), row["change"], delta=1)
        self.assertAlmostEqual(net.get("(unallocated)", 0), 60000, delta=1)

    def test_human_output_has_table_and_moves(self):
        proc = run("plan", "optimize", "--model", self.model, "--budget", "600000")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Paid Search", proc.stdout)
        self.assertIn("Expected revenue", proc.stdout)
        self.assertIn("Moves", proc.stdout)
        self.assertIn("exact dynamic programme", proc.stdout)

    def test_scenarios_side_by_side(self):
        out = self.run_json("optimize", "--model", self.model, "--no-tiers",
                            "--budget", "400000", "--budget", "600000",
                            "--scenario", "big:budget=800000,periods=26")
        self.assertIn("scenarios", out)
        names = [column["name"] for column in out["scenarios"]]
        self.assertEqual(names, ["400,000", "600,000", "big"])
        self.assertEqual(out["scenarios"][2]["periods"], 26)
        self.assertEqual(out["tiers"], [])
        expected = [column["expected"] for column in out["scenarios"]]
        self.assertLess(expected[0], expected[1])
        for column in out["scenarios"]:
            spent = sum(row["proposed"] for row in column["allocation"])
            self.assertAlmostEqual(spent + column["unallocated"], column["budget"], delta=1e-3)
        proc = run("plan", "optimize", "--model", self.model, "--no-tiers",
                   "--budget", "400000", "--budget", "600000")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Scenarios side by side", proc.stdout)
        self.assertIn("marginal ROI", proc.stdout)

    def test_target_inverts_the_budget(self):
        at_budget = self.run_json("optimize", "--model", self.model, "--no-tiers",
                                  "--budget", "500000")
        out = self.run_json("optimize", "--model", self.model, "--no-tiers",
                            "--target", repr(at_budget["expected"]))
        self.assertAlmostEqual(out["budget"], 500000, delta=500)
        self.assertEqual(out["target"], at_budget["expected"])
        self.assert_exit_2(["optimize", "--model", self.model, "--target", "1e12"],
                           "beyond the curves' saturation")

    def test_bounds_and_locks(self):
        out = self.run_json("optimize", "--model", self.model, "--no-tiers", "--budget",
                            "600000", "--bound", "Display:250000:300000", "--lock", "Social")
        allocation = {row["channel"]: row for row in out["allocation"]}
        self.assertGreaterEqual(allocation["Display"]["proposed"], 250000 - 1e-6)
        self.assertLessEqual(allocation["Display"]["proposed"], 300000 + 1e-6)
        self.assertAlmostEqual(allocation["Social"]["change"], 0, places=6)

    def test_bad_input_exits_2(self):
        model = ["optimize", "--model", self.model]
        self.assert_exit_2(model + ["--budget=-5"], "budget")
        self.assert_exit_2(model + ["--budget", "abc"], "not a number")
        self.assert_exit_2(model + ["--budget", "1000", "--tiers", "70/20/20"], "sum to 110")
        self.assert_exit_2(model + ["--budget", "1000", "--bound", "Display:500:100"],
                           "above maximum")
        self.assert_exit_2(model + ["--budget", "1000", "--no-tiers", "--bound",
                                    "Display:900:", "--bound", "Social:900:"], "infeasible")
        self.assert_exit_2(model + ["--budget", "1000", "--bound", "Radio:0:10"],
                           "unknown channel 'Radio'")
        self.assert_exit_2(model + ["--budget", "1000", "--objective", "clicks"],
                           "unknown objective")
        self.assert_exit_2(model, "--budget")
        self.assert_exit_2(["optimize", "--model", str(self.dir / "missing.json"),
                            "--budget", "1"], "cannot read")
        broken = self.write("broken.json", '{"curves": [{"channel": "A"}]}')
        self.assert_exit_2(["optimize", "--model", broken, "--budget", "1"], "params")

    # ---- track ----

    def test_track_by_hand_on_an_actuals_csv(self):
        plan = self.write("plan.csv", "channel,budget,target,start,end\n"
                          "Display,1000,2000,2025-01-01,2025-01-10\n"
                          "Search,1000,,2025-01-01,2025-01-10\n")
        actuals = self.write("actuals.csv", "date,channel,spend,revenue\n"
                             "2025-01-01,Display,300,400\n2025-01-05,Display,300,400\n"
                             "2025-01-03,Search,520,3000\n2025-01-09,Search,999,999\n")
        out = self.run_json("track", "--plan", plan, "--actuals", actuals,
                            "--as-of", "2025-01-05")
        self.assertEqual(out["as_of"], "2025-01-05")
        self.assertEqual(out["elapsed"], 0.5)
        display, search = out["channels"]
        self.assertAlmostEqual(display["pace"], 1.2)
        self.assertAlmostEqual(display["projected_spend"], 1200)
        self.assertAlmostEqual(display["projected_spend_vs_budget"], 1.2)
        self.assertAlmostEqual(display["projected_revenue_vs_target"], 0.8)
        self.assertEqual(len(display["alerts"]), 2)
        self.assertAlmostEqual(search["pace"], 1.04)
        self.assertEqual(search["alerts"], [])
        self.assertAlmostEqual(out["total"]["spend_to_date"], 1120)
        self.assertEqual(len(out["alerts"]), 3)
        # Looser tolerance: no spend alerts.
        loose = self.run_json("track", "--plan", plan, "--actuals", actuals,
                              "--as-of", "2025-01-05", "--tolerance", "0.25")
        self.assertEqual(loose["alerts"], [])
        proc = run("plan", "track", "--plan", plan, "--actuals", actuals, "--as-of",
                   "2025-01-05")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("pace 1.20", proc.stdout)
        self.assertIn("Alerts", proc.stdout)

    def test_track_bad_input_exits_2(self):
        actuals = self.write("a.csv", "date,channel,spend\n2025-01-01,A,1\n")
        bad = self.write("bad_plan.csv", "channel,budget\nA,lots\n")
        self.assert_exit_2(["track", "--plan", bad, "--actuals", actuals, "--period",
                            "2025-01"], "line 2")
        no_period = self.write("no_period.csv", "channel,budget\nA,10\n")
        self.assert_exit_2(["track", "--plan", no_period, "--actuals", actuals],
                           "period is unknown")
        self.assert_exit_2(["track", "--plan", no_period, "--actuals", actuals, "--period",
                            "2025-02", "--as-of", "2025-01-15"], "before the plan starts")
        self.assert_exit_2(["track", "--plan", no_period, "--period", "2025-01"],
                           "exactly one of --data")

    def test_track_on_the_demo_data(self):
        demo = self.dir / "demo"
        proc = run("demo", "--out", str(demo), "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        plan = self.write("demo_plan.csv", "channel,budget,target\n"
                          "Paid Social,2200,10000\nPaid Search,1600,12000\n"
                          "Display,250,\nEmail,80,\n")
        out = self.run_json("track", "--plan", plan, "--data", str(demo / "data"),
                            "--period", "2025-Q2", "--as-of", "2025-05-15", "--quiet")
        self.assertEqual(out["as_of"], "2025-05-15")
        self.assertEqual(out["days_total"], 91)
        self.assertEqual(out["days_elapsed"], 45)
        self.assertAlmostEqual(out["elapsed"], 45 / 91)
        channels = {row["channel"]: row for row in out["channels"]}
        self.assertTrue({"Paid Social", "Paid Search", "Display", "Email"} <= set(channels))
        for name in ("Paid Social", "Paid Search", "Display"):
            row = channels[name]
            self.assertGreater(row["spend_to_date"], 0, name)
            self.assertAlmostEqual(row["pace"],
                                   row["spend_to_date"] / (row["budget"] * 45 / 91), places=9)
            self.assertAlmostEqual(row["projected_spend"], row["spend_to_date"] * 91 / 45,
                                   places=6)
        total = out["total"]
        self.assertAlmostEqual(total["spend_to_date"],
                               sum(row["spend_to_date"] for row in out["channels"]), places=6)
        # Default as-of: the last day of the data (2025-06-30).
        whole = self.run_json("track", "--plan", plan, "--data", str(demo / "data"),
                              "--period", "2025-Q2", "--quiet")
        self.assertEqual(whole["as_of"], "2025-06-30")
        self.assertEqual(whole["elapsed"], 1)


if __name__ == "__main__":
    unittest.main()
