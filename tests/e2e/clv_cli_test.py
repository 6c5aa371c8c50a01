"""End-to-end tests of `mroi clv fit|predict|check` and `mroi churn`.

The published CDNOW/donations figures need ../shared/data/lifetimes_cdnow and the
Online Retail run needs ../shared/data/online_retail (both optional: the tests skip
with a message when they are absent). Run by ctest with MROI_BIN pointing at the
built CLI (python3 -m unittest clv_cli_test).
"""
import csv
import os
import pathlib
import tempfile
import unittest

from mroi_cli import run, strict_json

SHARED = pathlib.Path(os.environ.get(
    "MROI_SHARED_DATA", pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"))
CDNOW = SHARED / "lifetimes_cdnow"
RETAIL = SHARED / "online_retail" / "online_retail.csv.gz"
CONTRACT = ("model", "params", "std_errors", "loglik", "n_customers", "converged", "time_unit")


def need(path):
    if not path.exists():
        raise unittest.SkipTest(f"optional shared data absent: {path}")
    return str(path)


class ClvCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        # Customer a: purchases on days 0, 7 (+ a 5 return the same day), 21; customer
        # b: day 14 only; customer c: day 0 and day 7, fully cancelled on day 8; a row
        # without a customer id. Observation ends on day 28 (c's cancellation is day 8).
        cls.transactions = cls.dir / "transactions.csv"
        cls.transactions.write_text(
            "customer_id,date,amount\n"
            "a,2024-01-01,10\n"
            "a,2024-01-08,20\n"
            "a,2024-01-08,-5\n"
            "a,2024-01-22,30\n"
            "b,2024-01-15,12\n"
            "c,2024-01-01,8\n"
            "c,2024-01-08,40\n"
            "c,2024-01-09,-40\n"
            ",2024-01-10,99\n"
            "d,2024-01-29,7\n")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def json_of(self, *args):
        proc = run(*args, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return strict_json(proc.stdout)

    def assert_bad_input(self, *args, says):
        proc = run(*args)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("mroi: "), lines[0])
        self.assertIn(says, lines[0])

    # ---- the pipeline's customers (--data) ----

    def test_fit_and_churn_from_the_demo_data(self):
        demo = self.dir / "demo"
        proc = run("demo", "--out", str(demo), "--quiet")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        data = str(demo / "data")
        fit = self.json_of("clv", "fit", "--data", data)
        self.assertEqual(fit["model"], "bg_nbd")
        self.assertEqual(fit["time_unit"], "weeks")
        # Every customer of the demo has at least one order or won deal: the count is
        # the number of persons with a purchase, well above a handful.
        self.assertGreater(fit["n_customers"], 100)
        self.assertEqual(set(fit["params"]), {"r", "alpha", "a", "b"})
        churn = run("churn", "--data", data, "--top", "0")
        self.assertEqual(churn.returncode, 0, churn.stderr)
        # Customers are named by their email, not by an index.
        self.assertIn("@", churn.stdout)
        self.assert_bad_input("clv", "fit", "--data", data, "--summary", "x.csv",
                              says="give one input")

    # ---- published figures ----

    def test_bgnbd_cdnow_reproduces_published_parameters(self):
        out = self.json_of("clv", "fit", "--model", "bgnbd", "--summary",
                           need(CDNOW / "cdnow_customers_summary.csv"))
        for field in CONTRACT:
            self.assertIn(field, out)
        self.assertEqual(out["model"], "bg_nbd")
        self.assertEqual(out["time_unit"], "weeks")
        self.assertTrue(out["converged"])
        self.assertEqual(out["n_customers"], 2357)
        for name, published in {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}.items():
            self.assertAlmostEqual(out["params"][name], published, delta=1e-3 * published)
            self.assertGreater(out["std_errors"][name], 0)
            low, high = out["ci"][name]
            self.assertLess(low, out["params"][name])
            self.assertGreater(high, out["params"][name])
        self.assertAlmostEqual(out["loglik"], -9582.43, delta=0.01)

    def test_every_model_has_the_contract_fields(self):
        summary = need(CDNOW / "cdnow_customers_summary_with_transactions.csv")
        cases = {
            "bgnbd": ("bg_nbd", summary, {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}),
            "pareto_nbd": ("pareto_nbd", summary,
                           {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}),
            "mbgnbd": ("mbg_nbd", summary, {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}),
            "bgbb": ("bg_bb", need(CDNOW / "donations.csv"),
                     {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}),
            "gamma_gamma": ("gamma_gamma", summary, {"p": 6.25, "q": 3.74, "v": 15.44}),
        }
        for flag, (name, path, published) in cases.items():
            with self.subTest(model=flag):
                out = self.json_of("clv", "fit", "--model", flag, "--summary", path)
                for field in CONTRACT:
                    self.assertIn(field, out)
                self.assertEqual(out["model"], name)
                self.assertTrue(out["converged"])
                self.assertEqual(sorted(out["params"]), sorted(published))
                self.assertEqual(sorted(out["std_errors"]), sorted(published))
                for param, value in published.items():
                    # Published to 3-4 significant digits: 1e-3 relative or half a unit.
                    tolerance = max(1e-3 * value, 0.5 * 10 ** -(len(str(value).split(".")[1])))
                    self.assertAlmostEqual(out["params"][param], value, delta=tolerance, msg=param)
        donations = self.json_of("clv", "fit", "--model", "bgbb", "--summary",
                                 need(CDNOW / "donations.csv"))
        self.assertEqual(donations["time_unit"], "periods")
        self.assertEqual(donations["n_customers"], 11104)

    def test_fit_text_states_time_unit_and_intervals(self):
        proc = run("clv", "fit", "--model", "bgnbd", "--summary",
                   need(CDNOW / "cdnow_customers_summary.csv"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("time unit: weeks", proc.stdout)
        self.assertIn("95% interval", proc.stdout)
        self.assertRegex(proc.stdout, r"r\s+0\.2426\s+0\.01\d\d\s+0\.2\d+ - 0\.2\d+")

    # ---- transactions ----

    def test_transactions_summary_by_hand(self):
        out = self.json_of("clv", "predict", "--model", "bgnbd", "--transactions",
                           str(self.transactions), "--time-unit", "days", "--top", "0")
        self.assertEqual(out["time_unit"], "days")
        self.assertEqual(out["horizon_unit"], "days")
        rows = {row["customer_id"]: row for row in out["customers"]}
        # c's day-7 purchase was cancelled in full: only its first purchase remains.
        self.assertEqual(sorted(rows), ["a", "b", "c", "d"])
        # Observation ends on 2024-01-29 (the last purchase, d's).
        self.assertEqual((rows["a"]["frequency"], rows["a"]["recency"], rows["a"]["T"]), (2, 21, 28))
        self.assertEqual(rows["a"]["monetary_value"], 22.5)  # (20 - 5 + 30) / 2
        self.assertEqual((rows["b"]["frequency"], rows["b"]["recency"], rows["b"]["T"]), (0, 0, 14))
        self.assertEqual((rows["c"]["frequency"], rows["c"]["T"]), (0, 28))
        self.assertEqual(rows["a"]["last_purchase"], "2024-01-22")
        self.assertEqual(out["input"]["rows_without_customer"], 1)
        self.assertEqual(out["input"]["returns"], 2)
        self.assertEqual(out["input"]["purchases_cancelled"], 1)
        self.assertIn("1 rows without a customer id were left out", out["input"]["notes"])
        # Four customers have no interior maximum: the fit says so and the intervals
        # are null rather than invented.
        if not out["converged"]:
            self.assertTrue(any("did not converge" in note for note in out["input"]["notes"]))
        for row in rows.values():
            self.assertGreater(row["p_alive"], 0)
            self.assertLessEqual(row["p_alive"], 1)
        in_weeks = self.json_of("clv", "predict", "--transactions", str(self.transactions),
                                "--customer", "a")
        self.assertEqual(in_weeks["time_unit"], "weeks")
        self.assertEqual(len(in_weeks["customers"]), 1)
        self.assertEqual(in_weeks["customers"][0]["recency"], 3)
        self.assertEqual(in_weeks["customers"][0]["T"], 4)

    def test_predict_csv_has_every_customer_with_intervals(self):
        summary = need(CDNOW / "cdnow_customers_summary_with_transactions.csv")
        out_csv = self.dir / "predictions.csv"
        out = self.json_of("clv", "predict", "--summary", summary, "--out", str(out_csv))
        self.assertEqual(out["spend_model"]["model"], "gamma_gamma")
        self.assertEqual(len(out["customers"]), 10)
        clv = [row["clv"] for row in out["customers"]]
        self.assertEqual(clv, sorted(clv, reverse=True))
        with out_csv.open() as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual(len(rows), 2357)
        first = next(row for row in rows if row["customer_id"] == "1")
        self.assertEqual(first["time_unit"], "weeks")
        self.assertLessEqual(float(first["clv_low"]), float(first["clv"]))
        self.assertLessEqual(float(first["clv"]), float(first["clv_high"]))
        # Published Gamma-Gamma expected average profit of customer 1: 24.65.
        self.assertAlmostEqual(float(first["expected_spend"]), 24.65, delta=0.01)
        # Published: customer with x=2, t_x=30.43, T=38.86 expects 1.226 purchases in 39 weeks.
        one = self.json_of("clv", "predict", "--summary", summary, "--customer", "1",
                           "--horizon", "39")
        self.assertAlmostEqual(one["customers"][0]["expected_purchases"], 1.226, delta=1.5e-3)

    def test_check_histogram_and_holdout(self):
        out = self.json_of("clv", "check", "--transactions", need(CDNOW / "CDNOW_master.txt"),
                           "--calibration-end", "1997-09-30")
        self.assertEqual(out["time_unit"], "weeks")
        self.assertEqual(len(out["histogram"]), 8)
        actual = sum(bar["actual"] for bar in out["histogram"])
        self.assertEqual(actual, out["n_customers"])
        self.assertAlmostEqual(sum(bar["expected"] for bar in out["histogram"]), actual,
                               delta=1e-3 * actual)
        self.assertIsNotNone(out["holdout"])
        self.assertGreater(out["holdout"]["duration"], 0)
        self.assertGreater(out["holdout"]["actual_total"], 0)

    # ---- churn ----

    def test_churn_csv_columns_and_ranking(self):
        summary = need(CDNOW / "cdnow_customers_summary_with_transactions.csv")
        out_csv = self.dir / "churn.csv"
        out = self.json_of("churn", "--summary", summary, "--threshold", "0.5",
                           "--out", str(out_csv))
        self.assertEqual(out["time_unit"], "weeks")
        with out_csv.open() as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
        for column in ("customer_id", "p_alive", "value_at_risk", "last_purchase", "frequency",
                       "monetary"):
            self.assertIn(column, reader.fieldnames)
        self.assertEqual(len(rows), out["n_at_risk"])
        self.assertGreater(len(rows), 0)
        values = [float(row["value_at_risk"]) for row in rows]
        self.assertEqual(values, sorted(values, reverse=True))
        self.assertEqual([int(row["rank"]) for row in rows], list(range(1, len(rows) + 1)))
        for row in rows:
            p_alive = float(row["p_alive"])
            self.assertLess(p_alive, 0.5)
            # value at risk = (1 - p) * clv_if_alive = clv_if_alive - expected clv
            self.assertAlmostEqual(float(row["value_at_risk"]),
                                   float(row["clv_if_alive"]) - float(row["expected_clv"]),
                                   delta=1e-6 * max(1.0, float(row["clv_if_alive"])))
        self.assertAlmostEqual(out["value_at_risk_total"], sum(values), delta=1e-6 * sum(values))
        stricter = self.json_of("churn", "--summary", summary, "--threshold", "0.2")
        self.assertLess(stricter["n_at_risk"], out["n_at_risk"])

    def test_churn_from_transactions_gives_dates(self):
        out = self.json_of("churn", "--transactions", need(CDNOW / "CDNOW_master.txt"),
                           "--calibration-end", "1997-09-30", "--top", "5")
        self.assertEqual(out["input"]["layout"], "cdnow")
        self.assertEqual(out["input"]["calibration_end"], "1997-09-30")
        self.assertEqual(len(out["customers"]), 5)
        for row in out["customers"]:
            self.assertRegex(row["last_purchase"], r"^1997-\d\d-\d\d$")
            self.assertLessEqual(row["last_purchase"], "1997-09-30")
            self.assertLess(row["p_alive"], 0.5)

    # ---- bad input ----

    def test_bad_input_exits_2_with_one_line(self):
        missing_column = self.dir / "no_date.csv"
        missing_column.write_text("customer_id,amount\na,1\n")
        self.assert_bad_input("clv", "fit", "--transactions", str(missing_column),
                              says="no date column")
        self.assert_bad_input("clv", "fit", "--model", "bgnbdx", "--transactions",
                              str(self.transactions), says="unknown customer model 'bgnbdx'")
        self.assert_bad_input("clv", "fit", "--transactions", str(self.transactions),
                              "--time-unit", "fortnights", says="unknown time unit 'fortnights'")
        negative = self.dir / "negative.csv"
        negative.write_text("ID,frequency,recency,T\n1,-1,0,5\n")
        self.assert_bad_input("clv", "fit", "--summary", str(negative),
                              says=":2: frequency -1 is negative")
        self.assert_bad_input("clv", "fit", "--summary", str(self.dir / "absent.csv"),
                              says="no such file")
        self.assert_bad_input("clv", "fit", says="give one input")
        self.assert_bad_input("churn", "--transactions", str(self.transactions), "--threshold",
                              "1.5", says="--threshold 1.5 must be in (0, 1]")
        self.assert_bad_input("clv", "predict", "--model", "gamma_gamma", "--transactions",
                              str(self.transactions), says="purchase model")
        self.assert_bad_input("clv", "predict", "--transactions", str(self.transactions),
                              "--customer", "zz", says="customer 'zz' is not in")
        self.assert_bad_input("clv", "fit", "--model", "bgbb", "--transactions",
                              str(self.transactions), says="needs --summary")

    # ---- Online Retail ----

    def test_online_retail_end_to_end(self):
        proc = run("clv", "fit", "--model", "bgnbd", "--transactions", need(RETAIL),
                   "--time-unit", "weeks", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        for field in CONTRACT:
            self.assertIn(field, out)
        self.assertEqual(out["time_unit"], "weeks")
        source = out["input"]
        self.assertEqual(source["layout"], "online_retail")
        self.assertEqual(source["rows_read"], 541909)
        self.assertEqual(source["rows_without_customer"], 135080)
        self.assertIn("135,080 rows without a customer id were left out", source["notes"])
        self.assertEqual(source["returns"], 3654)
        self.assertEqual(out["n_customers"], 4325)
        # The likelihood of these data rises towards a/(a+b) -> 0 (no dropout): the fit
        # reports it as not converged, with the reason, instead of inventing errors.
        self.assertIsInstance(out["converged"], bool)
        if not out["converged"]:
            self.assertIn("dropout probability", out["diagnosis"])
            self.assertIn("did not converge", proc.stderr)
        self.assertGreater(out["params"]["r"], 0)


if __name__ == "__main__":
    unittest.main()
