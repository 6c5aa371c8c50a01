"""End-to-end tests of `mroi segment`: the JSON contract, the per-customer CSV, the
attribute cross-tab, exit code 2 on bad input, and RFM on the CDNOW master file
when ../shared/data is present.

Run by ctest with MROI_BIN pointing at the built CLI
(python3 -m unittest segment_cli_test).
"""
import csv
import datetime
import pathlib
import tempfile
import unittest

from mroi_cli import run, strict_json

AS_OF = datetime.date(2025, 1, 31)
# The hand-worked example of docs/segments.md: (recency days, purchases, total).
HAND = [(1, 10, 1000), (2, 9, 900), (5, 8, 50), (8, 1, 40), (12, 2, 300),
        (20, 3, 30), (40, 7, 800), (60, 6, 20), (90, 5, 700), (120, 4, 10)]
# Segments worked by hand for c0..c9 (R and FM scores in docs/segments.md).
HAND_SEGMENTS = ["champions", "champions", "champions", "potential_loyalists",
                 "about_to_sleep", "about_to_sleep", "at_risk", "hibernating",
                 "at_risk", "hibernating"]
SEGMENT_ORDER = ["champions", "loyal", "potential_loyalists", "new_customers", "promising",
                 "need_attention", "about_to_sleep", "at_risk", "cant_lose_them",
                 "hibernating", "lost"]
CDNOW = (pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "data" /
         "lifetimes_cdnow" / "CDNOW_master.txt")


def hand_rows():
    rows = []
    for customer, (recency, purchases, total) in enumerate(HAND):
        for purchase in range(purchases):
            day = AS_OF - datetime.timedelta(days=recency + purchase)
            amount = total - (purchases - 1) if purchase == purchases - 1 else 1
            rows.append((f"c{customer}", day.isoformat(), amount))
    return rows


class SegmentCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        cls.transactions = cls.write("transactions.csv", "customer_id,date,amount\n" + "".join(
            f"{key},{day},{amount}\n" for key, day, amount in hand_rows()))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def write(cls, name, text):
        path = cls.dir / name
        path.write_text(text)
        return str(path)

    def segment_json(self, *args):
        proc = run("segment", "--transactions", self.transactions, "--as-of",
                   AS_OF.isoformat(), "--json", *args)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return strict_json(proc.stdout)

    def assert_exit_2(self, args, message):
        proc = run("segment", *args)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn(message, proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)

    def test_json_contract_on_the_hand_example(self):
        out = self.segment_json()
        self.assertEqual(out["as_of"], "2025-01-31")
        self.assertEqual(out["customers"], 10)
        self.assertEqual(out["transactions"], 55)
        self.assertEqual(out["monetary"], "total")
        self.assertIsNone(out["by"])
        self.assertEqual([row["segment"] for row in out["segments"]], SEGMENT_ORDER)
        keys = {"segment", "customers", "share", "revenue", "recency_mean", "frequency_mean",
                "monetary_mean", "action"}
        for row in out["segments"]:
            self.assertEqual(set(row), keys)
            self.assertTrue(row["action"])
        self.assertAlmostEqual(sum(row["share"] for row in out["segments"]), 1.0, places=12)
        self.assertAlmostEqual(sum(row["revenue"] for row in out["segments"]), 3850.0)
        champions = out["segments"][0]
        self.assertEqual(champions["customers"], 3)
        self.assertAlmostEqual(champions["share"], 0.3)
        self.assertAlmostEqual(champions["revenue"], 1950.0)
        self.assertAlmostEqual(champions["recency_mean"], 8 / 3)
        self.assertAlmostEqual(champions["frequency_mean"], 9.0)
        self.assertAlmostEqual(champions["monetary_mean"], 650.0)
        lost = out["segments"][-1]
        self.assertEqual(lost["customers"], 0)
        self.assertIsNone(lost["monetary_mean"])
        cadence = {row["value"]: row["customers"] for row in out["behaviour"]["cadence"]}
        self.assertEqual(cadence, {"one_time": 1, "repeat": 2, "loyal": 7})

    def test_customers_csv(self):
        path = self.dir / "segments.csv"
        proc = run("segment", "--transactions", self.transactions, "--as-of", "2025-01-31",
                   "--out", str(path))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("champions", proc.stdout)
        with open(path, newline="") as handle:
            reader = csv.DictReader(handle)
            self.assertEqual(reader.fieldnames, [
                "customer_id", "recency_days", "frequency", "monetary", "revenue",
                "tenure_days", "r_score", "f_score", "m_score", "fm_score", "segment",
                "cadence", "aov_band", "tenure"])
            rows = {row["customer_id"]: row for row in reader}
        self.assertEqual(len(rows), 10)
        for customer, segment in enumerate(HAND_SEGMENTS):
            self.assertEqual(rows[f"c{customer}"]["segment"], segment, customer)
        self.assertEqual((rows["c2"]["r_score"], rows["c2"]["f_score"], rows["c2"]["m_score"],
                          rows["c2"]["fm_score"]), ("4", "4", "3", "4"))
        self.assertEqual(rows["c9"]["recency_days"], "120")
        self.assertEqual(float(rows["c6"]["revenue"]), 800.0)

    def test_mean_monetary(self):
        out = self.segment_json("--monetary", "mean")
        self.assertEqual(out["monetary"], "mean")
        self.assertAlmostEqual(sum(row["revenue"] for row in out["segments"]), 3850.0)

    def test_attribute_cross_tab(self):
        attributes = self.write("survey.csv", "customer_id,heard_from,nps\n"
                                "c0,podcast,10\nc1,\"friend, colleague\",9\nc2,podcast,\n"
                                "c6,search,3\nzz,search,7\nyy,podcast,8\n")
        out = self.segment_json("--attributes", attributes, "--by", "heard_from")
        by = out["by"]
        self.assertEqual(by["dimension"], "heard_from")
        self.assertEqual(by["source"], "attributes")
        self.assertEqual(by["values"], ["friend, colleague", "podcast", "search", "(missing)"])
        self.assertEqual(by["attributes"]["rows"], 6)
        self.assertEqual(by["attributes"]["matched"], 4)
        self.assertEqual(by["attributes"]["unknown_customers"], 2)
        self.assertEqual(by["attributes"]["unknown_examples"], ["zz", "yy"])
        self.assertEqual(by["attributes"]["customers_without_row"], 6)
        cells = {(cell["segment"], cell["value"]): cell for cell in by["cells"]}
        self.assertEqual(cells[("champions", "podcast")]["customers"], 2)
        self.assertAlmostEqual(cells[("champions", "podcast")]["revenue"], 1050.0)
        self.assertEqual(cells[("at_risk", "search")]["customers"], 1)
        self.assertEqual(sum(cell["customers"] for cell in by["cells"]), 10)
        totals = {row["value"]: row["customers"] for row in by["totals"]}
        self.assertEqual(totals["(missing)"], 6)
        # The text output reports the unknown customers too.
        proc = run("segment", "--transactions", self.transactions, "--attributes", attributes,
                   "--by", "nps")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("2 unknown customers", proc.stdout)
        self.assertIn("(blank)", proc.stdout)

    def test_behavioural_by(self):
        by = self.segment_json("--by", "cadence")["by"]
        self.assertEqual(by["source"], "behaviour")
        self.assertEqual(by["values"], ["one_time", "repeat", "loyal"])
        cells = {(cell["segment"], cell["value"]): cell["customers"] for cell in by["cells"]}
        self.assertEqual(cells[("champions", "loyal")], 3)
        self.assertEqual(cells[("potential_loyalists", "one_time")], 1)

    def test_bad_input_exits_2(self):
        missing_column = self.write("no_amount.csv", "customer_id,date\nx,2025-01-01\n")
        self.assert_exit_2(["--transactions", missing_column], "no amount column")
        bad_date = self.write("bad_date.csv", "customer_id,date,amount\nx,2025-01-01,3\n"
                              "y,2025-02-30,4\n")
        self.assert_exit_2(["--transactions", bad_date], "bad_date.csv:3:")
        negative = self.write("negative.csv", "customer_id,date,amount\nx,2025-01-01,-3\n")
        self.assert_exit_2(["--transactions", negative], "negative.csv:2: amount -3 is negative")
        self.assert_exit_2(["--transactions", str(self.dir / "absent.csv")], "no such file")
        self.assert_exit_2(["--transactions", self.transactions, "--as-of", "31/01/2025"],
                           "--as-of")
        self.assert_exit_2(["--transactions", self.transactions, "--as-of", "2000-01-01"],
                           "no transaction on or before")
        self.assert_exit_2(["--transactions", self.transactions, "--monetary", "median"],
                           "total or mean")
        self.assert_exit_2(["--transactions", self.transactions, "--by", "colour"],
                           "unknown segment dimension")
        survey = self.write("two_columns.csv", "id,a,b\nc0,1,2\n")
        self.assert_exit_2(["--transactions", self.transactions, "--attributes", survey],
                           "pick one with --by")
        self.assert_exit_2(["--transactions", self.transactions, "--attributes", survey,
                            "--by", "c"], "no column 'c'")
        duplicate = self.write("duplicate.csv", "id,a\nc0,1\nc0,2\n")
        self.assert_exit_2(["--transactions", self.transactions, "--attributes", duplicate],
                           "duplicate.csv:3: customer 'c0' appears twice")

    @unittest.skipUnless(CDNOW.exists(), "CDNOW_master.txt not in ../shared/data")
    def test_cdnow_master(self):
        # Convert the whitespace file (customer date(YYYYMMDD) cds dollars) to CSV.
        lines = CDNOW.read_text().split("\n")[1:]
        rows = [line.split() for line in lines if line.strip()]
        path = self.write("cdnow.csv", "customer_id,date,amount\n" + "".join(
            f"{customer},{date},{dollars}\n" for customer, date, _, dollars in rows))
        proc = run("segment", "--transactions", path, "--as-of", "1998-06-30", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = strict_json(proc.stdout)
        self.assertEqual(out["customers"], 23570)
        self.assertEqual(out["transactions"], len(rows))
        segments = {row["segment"]: row for row in out["segments"]}
        self.assertAlmostEqual(sum(row["share"] for row in out["segments"]), 1.0, places=9)
        total = sum(float(row[3]) for row in rows)
        self.assertAlmostEqual(sum(row["revenue"] for row in out["segments"]), total,
                               delta=1e-6 * total)
        champions = segments["champions"]
        for name, row in segments.items():
            if name in ("champions", "cant_lose_them") or row["customers"] == 0:
                continue
            self.assertGreater(champions["monetary_mean"], row["monetary_mean"], name)
            self.assertGreater(champions["frequency_mean"], row["frequency_mean"], name)
        self.assertLess(champions["recency_mean"], segments["lost"]["recency_mean"])


if __name__ == "__main__":
    unittest.main()
