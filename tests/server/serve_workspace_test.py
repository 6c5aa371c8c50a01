"""End-to-end tests of `mroi serve --workspace`: the api layer's routes (clv, churn,
segments, plan, abtest) answer what the CLI prints on the same workspace, bad values get
the CLI's messages as 400s, and an upload is imported, counted and changes the answers.

    MROI_BIN=build/mroi /usr/bin/python3 -m unittest -v serve_workspace_test
"""
import json
import os
import pathlib
import subprocess
import tempfile
import unittest
import urllib.parse

from serve_api_test import MROI, Served, cli_json, error_of


def without_timings(value):
    """The JSON minus fields that measure time, which differ run to run."""
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items()
                if k not in ("seconds", "timings", "elapsed_s")}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


class ServeWorkspaceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        proc = subprocess.run([MROI, "demo", "--out", str(cls.dir / "demo"), "--quiet"],
                              capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stderr
        cls.workspace = str(cls.dir / "demo" / "workspace")
        cls.data = cls.dir / "demo" / "data"
        cls.server = Served("--workspace", cls.workspace)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def get(self, route, **params):
        query = urllib.parse.urlencode(params, doseq=True)
        return self.server.get_json("/api/%s%s" % (route, "?" + query if query else ""))

    def test_health_says_workspace(self):
        self.assertEqual(self.get("health")["source"], "workspace")

    def test_plan_reverse_equals_cli(self):
        served = self.get("plan/reverse", target=50000, mode="ecommerce")
        cli = cli_json("plan", "reverse", "--workspace", self.workspace, "--target", "50000",
                       "--mode", "ecommerce", "--json")
        self.assertEqual(served, cli)
        # A higher target costs more: what the planner's slider relies on.
        higher = self.get("plan/reverse", target=100000, mode="ecommerce")
        self.assertAlmostEqual(higher["budget"], 2 * served["budget"], delta=1e-6 * served["budget"])

    def test_plan_optimize_equals_cli_on_the_demo_curves(self):
        served = self.get("plan/optimize", budget=100000)
        cli = cli_json("plan", "optimize", "--model", self.workspace + "/response_model.json",
                       "--budget", "100000", "--json")
        self.assertEqual(without_timings(served), without_timings(cli))

    def test_clv_churn_segments_equal_cli(self):
        fit = self.get("clv")
        cli = cli_json("clv", "fit", "--workspace", self.workspace, "--json")
        self.assertEqual(without_timings(fit), without_timings(cli))
        churn = self.get("churn", limit=3)
        cli = cli_json("churn", "--workspace", self.workspace, "--top", "3", "--json")
        self.assertEqual(without_timings(churn), without_timings(cli))
        segments = self.get("segments")
        self.assertGreater(len(json.dumps(segments)), 100)

    def test_abtest_post_equals_cli(self):
        status, _, body = self.server.request(
            "POST", "/api/abtest",
            body=json.dumps({"test": "proportions", "control": "50/1000", "variant": "70/1000"}),
            headers={"Content-Type": "application/json"})
        self.assertEqual(status, 200, body)
        cli = cli_json("abtest", "proportions", "--control", "50/1000", "--variant", "70/1000",
                       "--json")
        self.assertEqual(json.loads(body), cli)

    def test_bad_values_get_the_cli_messages(self):
        status, _, body = self.server.request("GET", "/api/plan/reverse?target=abc&mode=ecommerce")
        self.assertEqual(status, 400)
        self.assertIn("--target 'abc' is not a number", error_of(body)["message"])
        status, _, body = self.server.request(
            "POST", "/api/abtest", body=json.dumps({"control": "60/50", "variant": "1/10"}),
            headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400, body)
        status, _, body = self.server.request("GET", "/api/abtest?test=anova")
        self.assertEqual(status, 400)
        self.assertIn("anova", error_of(body)["message"])

    def test_upload_is_imported_once_and_changes_the_answers(self):
        before = self.get("health")["data_version"]
        spend_before = self.get("metrics")["totals"]["spend"]
        spend = sorted(self.data.glob("spend*"))[0].read_text().rstrip("\n").split("\n")
        header = spend[0].split(",")
        row = {name: "" for name in header}
        row.update(date="2025-06-30", channel="Paid Search", campaign="upload_test", cost="1000")
        extra = ",".join(header) + "\n" + ",".join(row.get(name, "") for name in header) + "\n"
        status, _, body = self.server.request(
            "POST", "/api/import?name=spend_upload.csv&kind=spend", body=extra.encode(),
            headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 200, body)
        outcome = json.loads(body)["imports"][0]
        self.assertFalse(outcome["duplicate"])
        self.assertEqual(outcome["rows_in"], 1)
        self.assertEqual(outcome["rows_kept"] + outcome["rows_quarantined"], 1)
        self.assertGreater(self.get("health")["data_version"], before)
        self.assertAlmostEqual(self.get("metrics")["totals"]["spend"], spend_before + 1000, places=6)
        # The same bytes again: a duplicate, nothing changes.
        version = self.get("health")["data_version"]
        status, _, body = self.server.request(
            "POST", "/api/import?name=spend_again.csv&kind=spend", body=extra.encode(),
            headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 200, body)
        self.assertTrue(json.loads(body)["imports"][0]["duplicate"])
        self.assertEqual(self.get("health")["data_version"], version)

    def test_optimize_without_curves_says_why(self):
        bare = self.dir / "bare"
        subprocess.run([MROI, "init", str(bare)], check=True, capture_output=True)
        subprocess.run([MROI, "import", *map(str, sorted(self.data.iterdir())), "--workspace",
                        str(bare), "--quiet"], check=True, capture_output=True)
        server = Served("--workspace", str(bare))
        try:
            status, _, body = server.request("GET", "/api/plan/optimize?budget=1000")
            self.assertEqual(status, 422, body)
            self.assertIn("response model", error_of(body)["message"])
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
