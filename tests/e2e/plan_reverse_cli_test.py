"""End-to-end tests of `mroi plan reverse` and `mroi plan montecarlo`: the JSON contract
of SPEC.md worked examples A and B, rates from the demo history equal to
`mroi metrics --json`, the Monte Carlo fields and determinism, exit code 2 with one
line on bad input.

Run by ctest with MROI_BIN pointing at the built CLI
(python3 -m unittest plan_reverse_cli_test).
"""
import math
import pathlib
import tempfile
import unittest

from mroi_cli import run, strict_json

EXAMPLE_A = ["--target", "50000000", "--deal-size", "500000", "--close-rate", "0.10",
             "--cpl", "3000"]
EXAMPLE_B = ["--target", "5000000", "--aov", "2000", "--cr", "0.02",
             "--channel", "search:share=0.4:cpc=10",
             "--channel", "social:share=0.2:ctr=0.025:cpm=50"]
MC_FIELDS = {"draws", "budget", "p_reach_target", "confidence", "budget_for_confidence",
             "deterministic_budget", "revenue_quantiles", "needed_budget_quantiles", "warning"}


def example_a_without(flag):
    """Example A's flags with `flag` and its value left out."""
    at = EXAMPLE_A.index(flag)
    return EXAMPLE_A[:at] + EXAMPLE_A[at + 2:]


class PlanReverseCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.demo = pathlib.Path(cls.tmp.name) / "demo"
        proc = run("demo", "--out", str(cls.demo), "--quiet")
        assert proc.returncode == 0, proc.stderr
        cls.data = str(cls.demo / "data")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def json_of(self, *args):
        proc = run("plan", *args, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return strict_json(proc.stdout)

    def assert_exit_2(self, args, message):
        proc = run("plan", *args)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn(message, proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)

    # --- plan reverse ------------------------------------------------------------

    def test_example_a_contract(self):
        out = self.json_of("reverse", *EXAMPLE_A, "--tiers", "70/20/10")
        self.assertEqual(out["deals"], 100)
        self.assertEqual(out["leads"], 1000)
        self.assertEqual(out["budget"], 3000000)
        self.assertEqual(out["tiers"], {"core": 2100000, "emerging": 600000,
                                        "experimental": 300000})
        self.assertIsInstance(out["deals"], int)
        self.assertIsInstance(out["budget"], int)

    def test_other_tier_split(self):
        out = self.json_of("reverse", *EXAMPLE_A, "--tiers", "50/30/20")
        self.assertEqual(out["tiers"], {"core": 1500000, "emerging": 900000,
                                        "experimental": 600000})

    def test_example_b_contract(self):
        out = self.json_of("reverse", *EXAMPLE_B)
        self.assertEqual(out["orders"], 2500)
        self.assertEqual(out["visits"], 125000)
        channels = {row["channel"]: row for row in out["channels"]}
        self.assertEqual(channels["search"]["clicks"], 50000)
        self.assertEqual(channels["search"]["cost"], 500000)
        self.assertEqual(channels["social"]["impressions"], 1000000)
        self.assertEqual(channels["social"]["cost"], 50000)
        self.assertEqual(out["budget"], 550000)
        self.assertEqual(out["unpaid_visits"], 50000)
        self.assertEqual(out["tiers"]["core"], 385000)

    def test_channel_tiers(self):
        out = self.json_of("reverse", "--target", "5000000", "--aov", "2000", "--cr", "0.02",
                           "--channel", "search:share=0.4:cpc=10:tier=core",
                           "--channel", "social:share=0.2:ctr=0.025:cpm=50:tier=experimental")
        self.assertEqual(out["channel_tiers"], {"core": 500000, "emerging": 0,
                                                "experimental": 50000})

    def test_human_output_spells_out_the_steps(self):
        proc = run("plan", "reverse", *EXAMPLE_A)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("50,000,000 / 500,000 = 100 deals", proc.stdout)
        self.assertIn("1,000 x 3,000 = 3,000,000", proc.stdout)
        self.assertIn("2,100,000", proc.stdout)
        proc = run("plan", "reverse", *EXAMPLE_B)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("5,000,000 / 2,000 = 2,500 orders", proc.stdout)
        self.assertIn("unpaid visits", proc.stdout)

    def test_history_rates_equal_metrics(self):
        proc = run("metrics", "--data", self.data, "--json", "--no-ltv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        metrics = strict_json(proc.stdout)
        out = self.json_of("reverse", "--target", "100000", "--mode", "ecommerce",
                           "--data", self.data, "--quiet")
        history = out["history"]
        by_name = {row["channel"]: row for row in history["channels"]}
        self.assertEqual(set(by_name), {row["channel"] for row in metrics["channels"]})
        pairs = [("cpc", "cpc"), ("cpm", "cpm"), ("ctr", "ctr"), ("cpl", "cpl"),
                 ("aov", "aov"), ("close_rate", "funnel.close_rate"),
                 ("conversion_rate", "funnel.session_to_conversion")]
        for row in metrics["channels"] + [metrics["totals"]]:
            mine = history["totals"] if row["channel"] == "all" else by_name[row["channel"]]
            for key, path in pairs:
                expected = row
                for part in path.split("."):
                    expected = expected[part]
                if expected is None:
                    self.assertIsNone(mine[key], (row["channel"], key))
                else:
                    self.assertAlmostEqual(mine[key], expected, delta=1e-9 * abs(expected),
                                           msg=(row["channel"], key))
            self.assertEqual(mine["leads"], row["leads"])
            self.assertEqual(mine["won_deals"], row["won_deals"])
        # The plan used the history's totals.
        totals = metrics["totals"]
        self.assertAlmostEqual(out["aov"], totals["aov"], delta=1e-9 * totals["aov"])
        self.assertAlmostEqual(out["cr"], totals["funnel"]["session_to_conversion"], places=12)
        self.assertGreater(len(out["channels"]), 0)
        self.assertLessEqual(sum(row["share"] for row in out["channels"]), 1 + 1e-9)

    def test_b2b_from_history_and_flag_overrides(self):
        metrics = strict_json(run("metrics", "--data", self.data, "--json",
                                  "--no-ltv").stdout)["totals"]
        out = self.json_of("reverse", "--target", "100000", "--mode", "b2b", "--data",
                           self.data, "--quiet")
        self.assertAlmostEqual(out["close_rate"], metrics["funnel"]["close_rate"], places=12)
        self.assertAlmostEqual(out["cpl"], metrics["cpl"], places=9)
        self.assertIn("history", out["sources"]["cpl"])
        self.assertGreater(out["deal_size"], 0)
        self.assertAlmostEqual(out["budget"],
                               100000 / out["deal_size"] / out["close_rate"] * out["cpl"],
                               delta=1e-6 * out["budget"])
        over = self.json_of("reverse", "--target", "100000", "--data", self.data, "--quiet",
                            "--cpl", "20")
        self.assertEqual(over["cpl"], 20)
        self.assertEqual(over["sources"]["cpl"], "--cpl")
        self.assertAlmostEqual(over["close_rate"], out["close_rate"], places=12)

    # --- plan montecarlo ---------------------------------------------------------

    def test_montecarlo_fixed_is_the_plan(self):
        out = self.json_of("montecarlo", *EXAMPLE_A, "--draws", "1000")
        self.assertTrue(MC_FIELDS <= set(out), set(out))
        self.assertEqual(out["deterministic_budget"], 3000000)
        self.assertEqual(out["budget"], 3000000)
        self.assertEqual(out["p_reach_target"], 1)
        self.assertEqual(out["budget_for_confidence"], 3000000)
        self.assertIsNone(out["warning"])
        below = self.json_of("montecarlo", *EXAMPLE_A, "--draws", "1000", "--budget",
                             "2999999")
        self.assertEqual(below["p_reach_target"], 0)

    def test_montecarlo_lognormal_cpl(self):
        out = self.json_of("montecarlo", "--target", "50000000", "--deal-size", "500000",
                           "--close-rate", "0.10", "--cpl", "lognormal:3000:0.25",
                           "--draws", "200000")
        expected = 1000 * 3000 * math.exp(1.2815515655446004 * 0.25)
        self.assertAlmostEqual(out["budget_for_confidence"] / expected, 1, delta=0.01)
        self.assertLess(out["p_reach_target"], 0.55)
        self.assertIn("commonest planning failure", out["warning"])
        self.assertEqual(out["draws"], 200000)
        q = out["revenue_quantiles"]
        self.assertLess(q["p10"], q["p50"])
        self.assertLess(q["p50"], q["p90"])

    def test_montecarlo_is_deterministic_per_seed(self):
        args = ["montecarlo", *EXAMPLE_A[:4], "--close-rate", "beta:30/300", "--cpl",
                "triangular:2500:3000:4000", "--draws", "20000"]
        first = self.json_of(*args)
        self.assertEqual(first, self.json_of(*args))
        self.assertNotEqual(first["budget_for_confidence"],
                            self.json_of(*args, "--seed", "7")["budget_for_confidence"])

    def test_montecarlo_ecommerce_and_history(self):
        out = self.json_of("montecarlo", "--target", "5000000", "--aov", "2000",
                           "--cr", "beta:200/10000",
                           "--channel", "search:share=0.4:cpc=lognormal:10:0.2",
                           "--channel", "social:share=0.2:ctr=0.025:cpm=50",
                           "--draws", "20000")
        self.assertEqual(out["deterministic_budget"], 550000)
        self.assertGreater(out["budget_for_confidence"], 550000)
        hist = self.json_of("montecarlo", "--target", "100000", "--mode", "b2b", "--data",
                            self.data, "--quiet", "--draws", "20000")
        self.assertTrue(hist["assumptions"]["close_rate"]["distribution"].startswith("beta:"))
        self.assertTrue(hist["assumptions"]["cpl"]["distribution"].startswith("lognormal:"))
        self.assertGreater(hist["budget_for_confidence"], hist["needed_budget_quantiles"]["p50"])

    # --- bad input ---------------------------------------------------------------

    def test_bad_input_exit_2(self):
        cases = [
            (["reverse", *example_a_without("--close-rate"), "--close-rate", "0"], "--close-rate"),
            (["reverse", *example_a_without("--close-rate"), "--close-rate", "1.5"], "--close-rate"),
            (["reverse", *example_a_without("--target"), "--target", "-5"], "--target"),
            (["reverse", *example_a_without("--target"), "--target", "0"], "--target"),
            (["reverse", *example_a_without("--deal-size"), "--deal-size", "0"], "--deal-size"),
            (["reverse", *example_a_without("--cpl"), "--cpl", "-1"], "--cpl"),
            (["reverse", *example_a_without("--cpl"), "--cpl", "abc"], "--cpl"),
            (["reverse", *example_a_without("--cpl")], "--cpl"),
            (["reverse", *EXAMPLE_A[2:]], "--target"),
            (["reverse", *EXAMPLE_A, "--tiers", "70/20/20"], "sum to 110"),
            (["reverse", "--target", "5000000", "--aov", "2000", "--cr", "1.2",
              "--channel", "search:share=0.4:cpc=10"], "--cr"),
            (["reverse", "--target", "5000000", "--aov", "0", "--cr", "0.02",
              "--channel", "search:share=0.4:cpc=10"], "--aov"),
            (["reverse", "--target", "5000000", "--aov", "2000", "--cr", "0.02",
              "--channel", "search:share=0.8:cpc=10", "--channel", "x:share=0.3:cpc=1"],
             "more than 1"),
            (["reverse", "--target", "5000000", "--aov", "2000", "--cr", "0.02",
              "--channel", "search:share=0.4:cpc=-10"], "cpc"),
            (["reverse", "--target", "5000000", "--aov", "2000", "--cr", "0.02",
              "--channel", "social:share=0.2:ctr=0.025:cpm=0"], "cpm"),
            (["reverse", "--target", "5000000", "--aov", "2000", "--cr", "0.02",
              "--channel", "social:share=0.2:cpm=50"], "no price"),
            (["reverse", *example_a_without("--cpl"), "--cpl", "lognormal:3000:0.2"], "montecarlo"),
            (["montecarlo", *example_a_without("--cpl"), "--cpl", "gamma:1:2"], "unknown distribution"),
            (["montecarlo", *example_a_without("--close-rate"), "--close-rate", "beta:40/30"],
             "--close-rate"),
            (["montecarlo", *EXAMPLE_A, "--confidence", "1"], "--confidence"),
            (["montecarlo", *EXAMPLE_A, "--confidence", "0"], "--confidence"),
            (["montecarlo", *EXAMPLE_A, "--budget", "-100"], "--budget"),
            (["montecarlo", *EXAMPLE_A, "--draws", "5"], "--draws"),
            (["reverse", "--target", "100"], "nothing to plan"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                self.assert_exit_2(args, message)


if __name__ == "__main__":
    unittest.main()
