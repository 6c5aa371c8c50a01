"""End-to-end tests of `mroi abtest`: the JSON contract of every sub-command against
scipy-computed references (see src/experiment/*_test.cc for the commands that made them),
the units-file read-out with SRM, CUPED and corrections, the workspace-data read-out from
tagged touchpoints, and exit code 2 on bad input.

Run by ctest with MROI_BIN pointing at the built CLI
(python3 -m unittest abtest_cli_test).
"""
import json
import pathlib
import random
import tempfile
import unittest

from mroi_cli import run, strict_json


class AbtestCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def write(cls, name, text):
        path = cls.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return str(path)

    def json_of(self, *args):
        proc = run("abtest", *args, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return strict_json(proc.stdout)

    def assert_bad(self, *args, message=""):
        proc = run("abtest", *args)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn(message, proc.stderr)

    def test_proportions_contract(self):
        out = self.json_of("proportions", "--control", "49/100", "--variant", "51/100")
        # scipy: z = 0.2828427, p = 0.7772974 (2 * norm.sf(z); chi2_contingency agrees).
        self.assertAlmostEqual(out["z"], 0.2828427124746193, places=10)
        self.assertAlmostEqual(out["p_value"], 0.7772974107895213, places=10)
        self.assertAlmostEqual(out["lift_abs"], 0.02, places=12)
        self.assertAlmostEqual(out["lift_rel"], 0.04081632653061229, places=10)
        self.assertAlmostEqual(out["ci_low"], -0.24779335974122602, places=8)
        self.assertAlmostEqual(out["ci_high"], 0.3294260128024506, places=8)
        self.assertAlmostEqual(out["srm_p_value"], 1.0, places=12)
        self.assertTrue(out["verdict"].startswith("not significant (p = 0.78): collect ~"),
                        out["verdict"])
        self.assertIn("to detect +4.1 %", out["verdict"])

    def test_proportions_text(self):
        proc = run("abtest", "proportions", "--control", "200/1000", "--variant", "250/1000")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("verdict: significant: variant beats control by +25.0 %", proc.stdout)

    def test_means_contract(self):
        out = self.json_of("means", "--control", "50:10:4", "--variant", "60:12:5")
        # scipy.stats.ttest_ind_from_stats(12, 5, 60, 10, 4, 50, equal_var=False).
        self.assertAlmostEqual(out["t"], 2.3302069121418523, places=8)
        self.assertAlmostEqual(out["p_value"], 0.02165643225221257, places=8)
        self.assertAlmostEqual(out["df"], 107.83769204861274, places=6)
        self.assertAlmostEqual(out["lift_rel"], 0.2, places=12)
        self.assertTrue(out["verdict"].startswith("significant"), out["verdict"])

    def test_bayes_contract(self):
        out = self.json_of("bayes", "--control", "200/1000", "--variant", "250/1000")
        # Exact sum of Miller (2015) and Stucchio's loss, computed with scipy.special.betaln.
        self.assertAlmostEqual(out["chance_to_beat"], 0.9962833291313045, places=7)
        self.assertAlmostEqual(out["expected_loss"], 2.136362680280632e-05, places=10)
        self.assertLess(out["ci_low"], 0.25)
        self.assertGreater(out["ci_high"], 0.25)
        self.assertTrue(out["verdict"].startswith("ship the variant"), out["verdict"])

    def test_power_contract(self):
        out = self.json_of("power", "--baseline", "0.05", "--mde", "0.1", "--relative",
                           "--alpha", "0.05", "--power", "0.8")
        self.assertEqual(out["users_control"], 31234)  # Evan Miller's calculator: 31,234
        self.assertEqual(out["users_variant"], 31234)
        uneven = self.json_of("power", "--baseline", "0.10", "--mde", "0.02",
                              "--allocation", "0.3")
        self.assertEqual((uneven["users_control"], uneven["users_variant"]), (6318, 2708))
        achieved = self.json_of("power", "--baseline", "0.05", "--mde", "0.1", "--relative",
                                "--users", "62466")
        self.assertAlmostEqual(achieved["power"], 0.8, places=3)

    def test_sequential_contract(self):
        out = self.json_of("sequential", "--control", "100/1000", "--variant", "130/1000",
                           "--tau", "0.01")
        # By hand: V = 2.031e-4, Lambda = 1.70032, p = 1 / Lambda.
        self.assertAlmostEqual(out["always_valid_p"], 0.588124496124422, places=10)
        self.assertLess(out["p_value"], 0.05)
        self.assertGreaterEqual(out["always_valid_p"], out["p_value"])
        self.assertFalse(out["stop"])
        self.assertTrue(out["verdict"].startswith("keep running"), out["verdict"])
        looks = self.write("looks.csv",
                           "day,control_users,control_conversions,variant_users,"
                           "variant_conversions\n"
                           "1,1000,100,1000,140\n2,2000,200,2000,290\n3,3000,300,3000,440\n")
        out = self.json_of("sequential", "--looks", looks)
        self.assertEqual(len(out["looks"]), 3)
        self.assertTrue(out["stop"])
        values = [look["always_valid_p"] for look in out["looks"]]
        self.assertEqual(values, sorted(values, reverse=True))

    def units_csv(self, name, per_arm, rates, seed):
        rng = random.Random(seed)
        lines = ["user_id,variant,converted,revenue,pre_revenue"]
        unit = 0
        for arm, rate in rates.items():
            for _ in range(per_arm[arm]):
                pre = rng.gauss(50, 10)
                converted = rng.random() < rate
                revenue = max(0.0, 0.5 * pre + rng.gauss(0, 5)) + (20 if converted else 0)
                lines.append(f"u{unit},{arm},{int(converted)},{revenue:.2f},{pre:.2f}")
                unit += 1
        return self.write(name, "\n".join(lines) + "\n")

    def test_file_readout(self):
        path = self.units_csv("units.csv", {"control": 3000, "B": 3000, "C": 3000},
                              {"control": 0.10, "B": 0.14, "C": 0.10}, seed=5)
        out = self.json_of("file", path)
        self.assertEqual(out["control"]["name"], "control")
        self.assertEqual(out["units"], 9000)
        self.assertEqual(out["tests"], 4)
        self.assertEqual(out["covariate"], "pre_revenue")
        self.assertGreater(out["srm_p_value"], 0.001)
        by_name = {variant["name"]: variant for variant in out["variants"]}
        conversion = by_name["B"]["metrics"][0]
        self.assertEqual(conversion["metric"], "conversion")
        for field in ("lift_abs", "lift_rel", "ci_low", "ci_high", "p_value", "z",
                      "chance_to_beat", "expected_loss", "p_holm", "p_bh", "verdict"):
            self.assertIn(field, conversion)
        self.assertLess(conversion["p_holm"], 0.05)
        self.assertGreater(conversion["chance_to_beat"], 0.99)
        revenue = by_name["B"]["metrics"][1]
        self.assertEqual(revenue["metric"], "revenue")
        self.assertIn("t", revenue)
        self.assertGreater(revenue["cuped"]["variance_reduction"], 0.1)
        self.assertIn("not significant", by_name["C"]["metrics"][0]["verdict"])
        text = run("abtest", "file", path)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("CUPED on B revenue", text.stdout)

    def test_file_sample_ratio_mismatch(self):
        lines = ["variant,converted"]
        lines += ["A,1" if idx % 10 == 0 else "A,0" for idx in range(52000)]
        lines += ["B,1" if idx % 10 == 0 else "B,0" for idx in range(48000)]
        path = self.write("srm.csv", "\n".join(lines) + "\n")
        out = self.json_of("file", path)
        self.assertTrue(out["srm_mismatch"])
        self.assertLess(out["srm_p_value"], 1e-30)
        self.assertTrue(out["verdict"].startswith("SAMPLE RATIO MISMATCH"))
        proc = run("abtest", "file", path)
        self.assertIn("SAMPLE RATIO MISMATCH", proc.stderr)
        # A planned 52/48 split is not a mismatch.
        planned = self.json_of("file", path, "--split", "A=52,B=48")
        self.assertFalse(planned["srm_mismatch"])

    def test_workspace_data(self):
        touch = ["timestamp,anonymous_id,user_id,utm_source,utm_medium,utm_campaign,utm_content"]
        orders = ["timestamp,order_id,user_id,revenue"]
        for person in range(40):
            tag = "hero_a" if person % 2 == 0 else "hero_b"
            touch.append(f"2025-01-02T10:00:00Z,a{person},u{person},google,cpc,spring,{tag}")
            if person % 4 == 1 or person % 8 == 0:  # B converts 10/20, A 5/20
                orders.append(f"2025-01-03T10:00:00Z,o{person},u{person},40")
        orders.append("2025-01-01T10:00:00Z,o_pre,u2,15")  # before exposure: pre-period
        data = self.dir / "workspace"
        self.write("workspace/touchpoints.csv", "\n".join(touch) + "\n")
        self.write("workspace/conversions.csv", "\n".join(orders) + "\n")
        out = self.json_of("data", "--data", str(data), "--experiment-field", "utm_content",
                           "--control", "hero_a", "-q")
        self.assertEqual(out["control"]["name"], "hero_a")
        self.assertEqual(out["control"]["users"], 20)
        self.assertEqual(out["control"]["conversions"], 5)
        variant = out["variants"][0]
        self.assertEqual((variant["name"], variant["users"], variant["conversions"]),
                         ("hero_b", 20, 10))
        self.assertAlmostEqual(variant["metrics"][0]["lift_abs"], 0.25, places=12)
        self.assert_bad("data", "--data", str(data), "--experiment-field", "utm_nope",
                        message="--experiment-field")
        # The report finds the same test by its tags (hero_a / hero_b) and reads it out
        # the same way (section 12, report.json "experiments").
        out_dir = self.dir / "report"
        proc = run("report", "--data", str(data), "--out", str(out_dir), "-q")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        report = json.loads((out_dir / "report.json").read_text())
        self.assertEqual(len(report["experiments"]), 1)
        found = report["experiments"][0]
        self.assertEqual((found["name"], found["control"]), ("hero", "hero_a"))
        self.assertEqual((found["control_users"], found["control_conversions"]), (20, 5))
        result = found["results"][0]
        self.assertEqual((result["name"], result["users"], result["conversions"]),
                         ("hero_b", 20, 10))
        self.assertAlmostEqual(result["metrics"][0]["lift_abs"], 0.25, places=12)
        self.assertEqual(result["metrics"][0]["p_value"], variant["metrics"][0]["p_value"])
        self.assertIn('id="experiment-hero"', (out_dir / "report.html").read_text())

    def test_bad_input_exits_2(self):
        self.assert_bad("proportions", "--control", "101/100", "--variant", "5/100",
                        message="more conversions (101) than users (100)")
        self.assert_bad("proportions", "--control", "0/0", "--variant", "5/100",
                        message="0 users")
        self.assert_bad("proportions", "--control", "5/100", "--variant", "5/100",
                        "--alpha", "1.5", message="--alpha")
        self.assert_bad("proportions", "--control", "5/100", "--variant", "5/100",
                        "--alpha", "0", message="--alpha")
        self.assert_bad("proportions", "--control", "abc", "--variant", "5/100",
                        message="conversions/users")
        self.assert_bad("power", "--baseline", "0.05", "--mde", "0.1", "--allocation", "1.2",
                        message="--allocation")
        self.assert_bad("power", "--baseline", "0.05", "--mde", "0.1", "--alpha", "-1",
                        message="--alpha")
        self.assert_bad("means", "--control", "10:5:-1", "--variant", "10:5:1",
                        message="negative")
        self.assert_bad("bayes", "--control", "5/100", "--variant", "-1/100",
                        message="negative")
        negative = self.write("negative.csv", "unit,variant,converted,revenue\n"
                                              "a,A,1,-5\nb,B,0,0\n")
        self.assert_bad("file", negative, message="revenue '-5' must be a number >= 0")
        over = self.write("over.csv", "unit,variant,converted\na,A,maybe\nb,B,0\n")
        self.assert_bad("file", over, message="converted 'maybe'")
        self.assert_bad("file", str(self.dir / "missing.csv"))
        one = self.write("one.csv", "unit,variant,converted\na,A,1\nb,A,0\n")
        self.assert_bad("file", one, message="1 variant")
        self.assert_bad("sequential", "--control", "5/100", message="--looks")


if __name__ == "__main__":
    unittest.main()
