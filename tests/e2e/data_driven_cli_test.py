"""End-to-end tests of `mroi attribute --model markov|shapley|shapley_simplified|
shapley_ordered` and of `--ci` on the demo.

Run by ctest with MROI_BIN pointing at the built CLI
(python3 -m unittest data_driven_cli_test).
"""
import pathlib
import tempfile
import unittest

from mroi_cli import run, strict_json


class DataDrivenCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        proc = run("demo", "--out", str(cls.dir / "demo"), "--quiet")
        assert proc.returncode == 0, proc.stderr
        cls.data = str(cls.dir / "demo" / "data")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def attribute_json(self, *args):
        proc = run("attribute", "--data", self.data, "--json", "--quiet", *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return strict_json(proc.stdout)

    def assert_credit_sums_to_total(self, out):
        total = out["total"]
        self.assertGreater(total["conversions"], 0)
        for field in ("conversions", "revenue", "gross_profit"):
            credited = sum(row[field] for row in out["channels"])
            self.assertAlmostEqual(credited, total[field],
                                   delta=1e-6 * max(1.0, abs(total[field])), msg=field)

    def check_markov(self, out, order):
        self.assertEqual(out["model"], "markov")
        self.assertEqual(out["order"], order)
        self.assertGreater(out["conversion_probability"], 0)
        self.assertLessEqual(out["conversion_probability"], 1)
        # Transient states: start plus at least one state per touched channel (the
        # "(none)" row of journeys without touches is not a state). Order 1 on the
        # demo: start + 9 channels = 10.
        touched = [row for row in out["channels"] if row["channel"] != "(none)"]
        self.assertGreaterEqual(out["states"], len(touched) + 1)
        names = {row["channel"] for row in out["channels"]}
        self.assertTrue({"Paid Search", "Organic Search", "Email"} <= names, names)
        for row in out["channels"]:
            self.assertGreaterEqual(row["removal_effect"], 0, row["channel"])
            self.assertLessEqual(row["removal_effect"], 1, row["channel"])
        self.assertTrue(any(row["removal_effect"] > 0 for row in out["channels"]))
        self.assert_credit_sums_to_total(out)

    def test_markov_order_1_json(self):
        self.check_markov(self.attribute_json("--model", "markov"), 1)

    def test_markov_order_2_json(self):
        first = self.attribute_json("--model", "markov")
        second = self.attribute_json("--model", "markov", "--order", "2")
        self.check_markov(second, 2)
        # Pairs of channels: the order-2 chain has more states than the order-1 one.
        self.assertGreater(second["states"], first["states"])

    def test_markov_keep_repeats(self):
        self.check_markov(self.attribute_json("--model", "markov", "--keep-repeats"), 1)

    def test_markov_and_shapley_share_the_total(self):
        # Both credit every converting journey, so their totals agree exactly.
        markov = self.attribute_json("--model", "markov")
        shapley = self.attribute_json("--model", "shapley")
        for field in ("conversions", "revenue", "gross_profit"):
            self.assertAlmostEqual(markov["total"][field], shapley["total"][field],
                                   delta=1e-9 * max(1.0, abs(markov["total"][field])))

    def test_markov_order_out_of_range_exits_2(self):
        for order in ("5", "0"):
            proc = run("attribute", "--data", self.data, "--model", "markov",
                       "--order", order, "--quiet")
            self.assertEqual(proc.returncode, 2, order)
            self.assertEqual(proc.stdout, "")
            lines = proc.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, proc.stderr)
            self.assertIn("--order", lines[0])

    def test_order_without_markov_exits_2(self):
        proc = run("attribute", "--data", self.data, "--model", "shapley",
                   "--order", "2", "--quiet")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)

    def test_shapley_json(self):
        out = self.attribute_json("--model", "shapley")
        self.assertEqual(out["model"], "shapley")
        self.assertNotIn("order", out)
        for row in out["channels"]:
            self.assertNotIn("removal_effect", row)
        self.assert_credit_sums_to_total(out)

    def test_text_tables(self):
        proc = run("attribute", "--data", self.data, "--model", "markov", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("conversion probability", proc.stdout)
        self.assertIn("removal effect", proc.stdout)
        self.assertIn("Paid Search", proc.stdout)
        proc = run("attribute", "--data", self.data, "--model", "shapley", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("gross profit", proc.stdout)
        self.assertIn("total", proc.stdout)

    def test_all_still_means_the_rule_models(self):
        proc = run("attribute", "--data", self.data, "--model", "all", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("model last", proc.stdout)
        self.assertNotIn("markov", proc.stdout)

    def test_help_mentions_the_models(self):
        proc = run("attribute", "--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn("mroi attribute --data mroi-demo/data --model markov --order 2",
                      proc.stdout)
        self.assertIn("--keep-repeats", proc.stdout)


    # --paths: aggregated paths in the ChannelAttribution format. Hand solution of
    # this file (order 1): P(conv) = 0.6, removal effects A 0.75, B 1.0, credit
    # A 3 * 0.75/1.75 = 9/7, B 12/7 conversions of 3; revenue 130.
    PATHS = ("path,total_conversions,total_conversion_value,total_null\n"
             "A > B,2,100,1\n"
             "B,1,30,0\n"
             "A,0,0,1\n")

    def write_paths(self, name, text):
        path = self.dir / name
        path.write_text(text)
        return str(path)

    def test_paths_markov_json_sums_to_totals(self):
        paths = self.write_paths("paths.csv", self.PATHS)
        proc = run("attribute", "--paths", paths, "--model", "markov", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        self.assertAlmostEqual(out["total"]["conversions"], 3)
        self.assertAlmostEqual(out["total"]["revenue"], 130)
        self.assert_credit_sums_to_total(out)
        self.assertAlmostEqual(out["conversion_probability"], 0.6)
        by_channel = {row["channel"]: row for row in out["channels"]}
        self.assertAlmostEqual(by_channel["A"]["removal_effect"], 0.75)
        self.assertAlmostEqual(by_channel["B"]["removal_effect"], 1.0)
        self.assertAlmostEqual(by_channel["A"]["conversions"], 9 / 7)

    def test_paths_shapley_and_rule_models(self):
        paths = self.write_paths("paths_rules.csv", self.PATHS)
        proc = run("attribute", "--paths", paths, "--model", "shapley", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_credit_sums_to_total(strict_json(proc.stdout))
        proc = run("attribute", "--paths", paths, "--model", "linear,w_shaped", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        strict_json(proc.stdout)

    def test_paths_bad_file_exits_2_with_line(self):
        paths = self.write_paths("bad_paths.csv",
                                 "path,total_conversions\nA > B,1\nB,1.5\n")
        proc = run("attribute", "--paths", paths, "--model", "markov")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("bad_paths.csv:3:", proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
        proc = run("attribute", "--paths", paths + ".missing", "--model", "markov")
        self.assertEqual(proc.returncode, 2)

    def test_paths_with_data_exits_2(self):
        paths = self.write_paths("paths_data.csv", self.PATHS)
        proc = run("attribute", "--paths", paths, "--data", self.data, "--model", "markov")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--paths", proc.stderr)

    def check_intervals(self, out):
        for row in out["channels"]:
            low, high = row["ci_low"], row["ci_high"]
            self.assertLessEqual(low, row["conversions"] + 1e-9, row["channel"])
            self.assertGreaterEqual(high, row["conversions"] - 1e-9, row["channel"])
            low, high = row["revenue_ci_low"], row["revenue_ci_high"]
            self.assertLessEqual(low, row["revenue"] + 1e-6, row["channel"])
            self.assertGreaterEqual(high, row["revenue"] - 1e-6, row["channel"])
            self.assertGreaterEqual(row["conversions_se"], 0, row["channel"])

    def test_markov_ci_contains_the_credit(self):
        out = self.attribute_json("--model", "markov", "--ci")
        self.check_markov(out, 1)
        self.check_intervals(out)
        # Persons vary, so some interval has width.
        self.assertTrue(any(row["ci_high"] > row["ci_low"]
                            for row in out["channels"]))

    def test_ci_is_reproducible_and_seeded(self):
        first = self.attribute_json("--model", "markov", "--ci", "--bootstrap", "50",
                                    "--seed", "7")
        again = self.attribute_json("--model", "markov", "--ci", "--bootstrap", "50",
                                    "--seed", "7")
        other = self.attribute_json("--model", "markov", "--ci", "--bootstrap", "50",
                                    "--seed", "8")
        self.assertEqual(first, again)
        self.assertNotEqual(first["channels"], other["channels"])

    def test_shapley_ci_and_text_columns(self):
        out = self.attribute_json("--model", "shapley", "--ci", "--bootstrap", "50")
        self.check_intervals(out)
        proc = run("attribute", "--data", self.data, "--model", "markov", "--ci",
                   "--bootstrap", "20", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("conversions CI", proc.stdout)
        self.assertIn("revenue CI", proc.stdout)
        # Without --ci there are no intervals.
        plain = self.attribute_json("--model", "markov")
        self.assertNotIn("ci_low", plain["channels"][0])

    def test_ci_bad_flags_exit_2(self):
        proc = run("attribute", "--data", self.data, "--model", "markov", "--ci",
                   "--bootstrap", "0", "--quiet")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--bootstrap", proc.stderr)
        proc = run("attribute", "--data", self.data, "--model", "linear", "--order", "2",
                   "--quiet")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--order", proc.stderr)
        proc = run("attribute", "--data", self.data, "--model", "markov", "--permutations",
                   "100", "--quiet")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--permutations", proc.stderr)
        proc = run("attribute", "--data", self.data, "--model", "shapley", "--permutations",
                   "1", "--quiet")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--permutations", proc.stderr)

    def test_rule_model_ci(self):
        out = self.attribute_json("--model", "linear,last", "--ci", "--bootstrap", "40")
        models = {model["model"]: model for model in out["models"]}
        self.assertEqual(set(models), {"linear", "last"})
        for model in models.values():
            for row in model["channels"]:
                self.assertLessEqual(row["ci_low"], row["conversions"] + 1e-9, row["channel"])
                self.assertGreaterEqual(row["ci_high"], row["conversions"] - 1e-9,
                                        row["channel"])
                self.assertLessEqual(row["revenue_ci_low"], row["revenue_ci_high"])
        proc = run("attribute", "--data", self.data, "--model", "linear", "--ci",
                   "--bootstrap", "20", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("95% CI", proc.stdout)

    def test_shapley_simplified_equals_exact_shapley(self):
        # With v(S) = value of journeys whose channel set lies in S, the closed form
        # of Zhao et al. is the exact Shapley value.
        exact = self.attribute_json("--model", "shapley")
        simplified = self.attribute_json("--model", "shapley_simplified")
        self.assertEqual(exact["method"], "exact")
        self.assertEqual(simplified["model"], "shapley_simplified")
        self.assertEqual(simplified["method"], "simplified")
        by_name = {row["channel"]: row for row in exact["channels"]}
        self.assertEqual(set(by_name), {row["channel"] for row in simplified["channels"]})
        for row in simplified["channels"]:
            self.assertAlmostEqual(row["conversions"], by_name[row["channel"]]["conversions"],
                                   delta=1e-6, msg=row["channel"])
        self.assert_credit_sums_to_total(simplified)

    def test_shapley_ordered_positions_sum_to_the_channel(self):
        ordered = self.attribute_json("--model", "shapley_ordered")
        simplified = self.attribute_json("--model", "shapley_simplified")
        self.assertEqual(ordered["model"], "shapley_ordered")
        self.assertGreaterEqual(ordered["max_position"], 2)
        totals = {row["channel"]: row["conversions"] for row in simplified["channels"]}
        for row in ordered["channels"]:
            positions = row["by_position"]
            self.assertLessEqual(len(positions), ordered["max_position"])
            self.assertAlmostEqual(sum(cell["conversions"] for cell in positions),
                                   row["conversions"], delta=1e-6, msg=row["channel"])
            self.assertAlmostEqual(row["conversions"], totals[row["channel"]], delta=1e-6)
        self.assert_credit_sums_to_total(ordered)
        proc = run("attribute", "--data", self.data, "--model", "shapley_ordered", "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("#1", proc.stdout)

    def test_markov_transition_matrix(self):
        out = self.attribute_json("--model", "markov")
        matrix = out["transition_matrix"]
        states = matrix["states"]
        self.assertEqual(states[0], "(start)")
        self.assertEqual(states[-2:], ["(conversion)", "(null)"])
        for name, row in zip(states, matrix["probability"]):
            self.assertEqual(len(row), len(states))
            if name in ("(conversion)", "(null)"):
                self.assertEqual(sum(row), 0, name)
            else:
                self.assertAlmostEqual(sum(row), 1.0, delta=1e-9, msg=name)
        self.assertNotIn("transition_matrix",
                         self.attribute_json("--model", "markov", "--order", "2"))
        proc = run("attribute", "--data", self.data, "--model", "markov", "--transitions",
                   "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("transition probabilities", proc.stdout)

    def test_shapley_above_the_exact_limit_samples_with_a_note(self):
        # 24 channels, each path two of them: beyond the exact limit of 20.
        rows = ["path,total_conversions,total_conversion_value,total_null"]
        for i in range(24):
            rows.append(f"c{i:02d} > c{(i + 1) % 24:02d},{i + 1},{10.0 * (i + 1)},3")
        paths = self.write_paths("many.csv", "\n".join(rows) + "\n")
        proc = run("attribute", "--paths", paths, "--model", "shapley", "--json",
                   "--permutations", "500", "--seed", "3")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        self.assertEqual(out["method"], "sampled")
        self.assertIn("24 channels", out["note"])
        self.assertTrue(all("standard_error" in row for row in out["channels"]))
        self.assert_credit_sums_to_total(out)
        again = run("attribute", "--paths", paths, "--model", "shapley", "--json",
                    "--permutations", "500", "--seed", "3")
        self.assertEqual(proc.stdout, again.stdout)
        text = run("attribute", "--paths", paths, "--model", "shapley")
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertIn("note:", text.stderr)
        # The simplified closed form is exact here: each path splits its value in two.
        simplified = run("attribute", "--paths", paths, "--model", "shapley_simplified",
                         "--json")
        out = strict_json(simplified.stdout)
        credit = {row["channel"]: row["conversions"] for row in out["channels"]}
        # c00 is on the paths c23 > c00 (24 conversions) and c00 > c01 (1 conversion).
        self.assertAlmostEqual(credit["c00"], (24 + 1) / 2, delta=1e-9)

if __name__ == "__main__":
    unittest.main()
