"""End-to-end tests of `mroi init` / `mroi import` and --workspace (SQLite and PostgreSQL).

Env: MROI_BIN (the mroi binary), MROI_PG_URL_FILE (written by the store_pg fixture; the
PostgreSQL cases skip with the reason when it holds no server).
"""
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest

MROI = os.environ.get("MROI_BIN", "mroi")
# Rows of the file killed mid-import (the kill waits for "write 20%", so any size works;
# the sanitizer build, 5x slower, uses a smaller one through MROI_BIG_ROWS).
BIG_ROWS = int(os.environ.get("MROI_BIG_ROWS", "2000000"))


def run(*args, check=True):
    proc = subprocess.run([MROI, *args], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"mroi {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def normalise(value, names):
    """Replace every path of a data file by its base name (workspaces store base names)."""
    if isinstance(value, dict):
        return {key: normalise(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise(item, names) for item in value]
    if isinstance(value, str) and "/" in value and os.path.basename(value) in names:
        return os.path.basename(value)
    return value


def write_big_touchpoints(path, rows):
    header = ("timestamp,anonymous_id,user_id,email,event_type,utm_source,utm_medium,"
              "utm_campaign,utm_content,utm_term,referrer,landing_page,user_agent,ip,"
              "page_views,duration_s,cost\n")
    sources = ["google,cpc", "facebook,paid_social", "newsletter,email", "bing,cpc"]
    with open(path, "w") as out:
        out.write(header)
        chunk = []
        for i in range(rows):
            day = 1 + i % 28
            chunk.append(f"2025-02-{day:02d}T{i % 24:02d}:{i % 60:02d}:00Z,big{i % 500000},,,"
                         f"session,{sources[i % 4]},camp{i % 7},,,,/p{i % 13},"
                         f"Mozilla/5.0 Chrome/120.0,10.1.{i % 250}.{i % 200},{1 + i % 5},"
                         f"{i % 300},\n")
            if len(chunk) == 100_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


def postgres_base_url():
    """(url, None) or (None, reason)."""
    url_file = os.environ.get("MROI_PG_URL_FILE")
    if not url_file:
        return None, "MROI_PG_URL_FILE is not set (run through ctest)"
    if not os.path.exists(url_file):
        reason_file = url_file + ".skip"
        reason = "the store_pg fixture did not start a server"
        if os.path.exists(reason_file):
            with open(reason_file) as f:
                reason = f.read().strip()
        return None, reason
    with open(url_file) as f:
        return f.read().strip(), None


def psql(url, sql):
    proc = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                          capture_output=True, text=True, check=True)
    return proc.stdout.strip()


class WorkspaceCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="mroi-ws-e2e-")
        cls.demo = os.path.join(cls.tmp, "demo")
        run("demo", "--out", cls.demo, "--quiet")
        cls.data = os.path.join(cls.demo, "data")
        cls.files = sorted(glob.glob(os.path.join(cls.data, "*")))
        cls.names = {os.path.basename(path) for path in cls.files}
        cls.big = os.path.join(cls.tmp, "touchpoints_big.csv")
        write_big_touchpoints(cls.big, BIG_ROWS)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def new_workspace(self, name, database=None):
        ws = os.path.join(self.tmp, name)
        args = ["init", ws, "--json"] + (["--database", database] if database else [])
        out = json.loads(run(*args).stdout)
        self.assertEqual(out["schema_version"], 2)
        return ws

    def import_demo(self, ws):
        # Shuffled order on the command line: import sorts by kind then name, as --data.
        out = json.loads(run("import", *reversed(self.files), "--workspace", ws, "--json",
                             "--quiet").stdout)
        self.assertEqual(len(out["imports"]), len(self.files))
        for item in out["imports"]:
            self.assertFalse(item["duplicate"], item["path"])
            self.assertEqual(len(item["content_hash"]), 32)
            self.assertEqual(item["rows_in"], item["rows_kept"] + item["rows_quarantined"])
        return out

    def assert_same_as_data(self, ws):
        for command in (["metrics", "--json"], ["attribute", "--json"]):
            from_data = json.loads(run(*command, "--data", self.data, "--quiet").stdout)
            from_ws = json.loads(run(*command, "--workspace", ws, "--quiet").stdout)
            self.assertEqual(normalise(from_ws, self.names), normalise(from_data, self.names),
                             command[0])
        data_out = os.path.join(self.tmp, "report-data")
        ws_out = os.path.join(self.tmp, "report-" + os.path.basename(ws))
        run("report", "--data", self.data, "--out", data_out, "--quiet")
        run("report", "--workspace", ws, "--out", ws_out, "--quiet")
        with open(os.path.join(data_out, "report.json")) as f:
            from_data = json.load(f)
        with open(os.path.join(ws_out, "report.json")) as f:
            from_ws = json.load(f)
        # The two reports are written a moment apart: their clock minute may differ.
        for report in (from_data, from_ws):
            self.assertRegex(report.pop("generated"), r"\d\d:\d\d UTC")
        self.assertEqual(normalise(from_ws, self.names), normalise(from_data, self.names))

    def test_workspace_gives_what_data_gives(self):
        ws = self.new_workspace("ws-same")
        out = self.import_demo(ws)
        by_rule = {}
        for item in out["imports"]:
            for rule, count in item["by_rule"].items():
                by_rule[rule] = by_rule.get(rule, 0) + count
        self.assertGreater(by_rule.get("parse_error", 0) + by_rule.get("bot_user_agent", 0), 0)
        self.assert_same_as_data(ws)

    def test_demo_creates_its_workspace(self):
        ws = os.path.join(self.demo, "workspace")
        self.assertTrue(os.path.exists(os.path.join(ws, "mroi-workspace.json")))
        from_data = json.loads(run("metrics", "--json", "--data", self.data, "--quiet").stdout)
        from_ws = json.loads(run("metrics", "--json", "--workspace", ws, "--quiet").stdout)
        self.assertEqual(normalise(from_ws, self.names), normalise(from_data, self.names))

    def test_reimport_is_a_duplicate_and_changes_nothing(self):
        ws = self.new_workspace("ws-dup")
        self.import_demo(ws)
        db = os.path.join(ws, "workspace.db")
        before = self.sqlite_counts(db)
        proc = run("import", *self.files, "--workspace", ws)
        self.assertIn("duplicate", proc.stdout)
        self.assertIn(f"0 of {len(self.files)} files imported", proc.stdout)
        self.assertEqual(self.sqlite_counts(db), before)

    def test_bad_input_is_a_clear_error(self):
        ws = self.new_workspace("ws-bad")
        proc = run("import", os.path.join(self.tmp, "nope.csv"), "--kind", "spend",
                   "--workspace", ws, check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("nothing was imported", proc.stderr)
        proc = run("import", self.files[0], "--workspace", os.path.join(self.tmp, "absent"),
                   check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("mroi init", proc.stderr)
        proc = run("metrics", "--workspace", ws, "--data", self.data, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("--workspace cannot be combined", proc.stderr)
        proc = run("init", ws, check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("already holds a workspace", proc.stderr)

    @staticmethod
    def sqlite_counts(db):
        with sqlite3.connect(db) as conn:
            tables = ["imports", "touchpoints", "conversions", "leads", "deals", "spend",
                      "costs", "email", "goals", "quarantine", "data_version"]
            counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
            counts["hashes"] = sorted(r[0] for r in conn.execute("SELECT content_hash FROM imports"))
            counts["version"] = conn.execute("SELECT version FROM data_version").fetchone()[0]
            return counts

    def kill_mid_import(self, ws):
        """Start importing the big file, kill -9 it while it writes; return its stderr."""
        proc = subprocess.Popen([MROI, "import", self.big, "--workspace", ws],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = []
        deadline = time.time() + 600
        while time.time() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            seen.append(line)
            if "import: write 20%" in line:
                break
        self.assertIsNone(proc.poll(), "the import ended before it could be killed:\n" +
                          "".join(seen))
        proc.kill()  # SIGKILL
        proc.wait()
        proc.stderr.close()
        self.assertTrue(any("import: write" in line for line in seen), "".join(seen))
        return seen

    def test_kill_9_mid_import_leaves_sqlite_workspace_as_before(self):
        ws = self.new_workspace("ws-kill")
        self.import_demo(ws)
        db = os.path.join(ws, "workspace.db")
        before = self.sqlite_counts(db)
        self.kill_mid_import(ws)
        with sqlite3.connect(db) as conn:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(self.sqlite_counts(db), before)
        out = json.loads(run("import", self.big, "--workspace", ws, "--json", "--quiet").stdout)
        self.assertFalse(out["imports"][0]["duplicate"])
        self.assertEqual(out["imports"][0]["rows_in"], BIG_ROWS)
        after = self.sqlite_counts(db)
        self.assertEqual(after["imports"], before["imports"] + 1)
        self.assertEqual(after["touchpoints"], before["touchpoints"] + BIG_ROWS)

    def test_kill_9_mid_import_leaves_postgres_workspace_as_before(self):
        base, reason = postgres_base_url()
        if base is None:
            self.skipTest(f"PostgreSQL tests skipped: {reason}")
        if shutil.which("psql") is None:
            self.skipTest("PostgreSQL tests skipped: psql not found")
        psql(base + "/postgres", "DROP DATABASE IF EXISTS mroi_e2e_kill WITH (FORCE)")
        psql(base + "/postgres", "CREATE DATABASE mroi_e2e_kill")
        url = base + "/mroi_e2e_kill"
        ws = self.new_workspace("ws-pg-kill", database=url)
        self.import_demo(ws)
        count_sql = ("SELECT (SELECT COUNT(*) FROM imports) || ',' || "
                     "(SELECT COUNT(*) FROM touchpoints) || ',' || "
                     "(SELECT COUNT(*) FROM quarantine) || ',' || "
                     "(SELECT version FROM data_version)")
        before = psql(url, count_sql)
        self.kill_mid_import(ws)
        # The server aborts the dead client's transaction; wait for it to notice.
        for _ in range(100):
            if psql(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE state LIKE 'idle in%' "
                         "OR (state = 'active' AND query LIKE 'INSERT%')") == "0":
                break
            time.sleep(0.1)
        self.assertEqual(psql(url, count_sql), before)
        self.assert_same_as_data(ws)
        out = json.loads(run("import", self.big, "--workspace", ws, "--json", "--quiet").stdout)
        self.assertFalse(out["imports"][0]["duplicate"])
        imports, touchpoints, _, _ = psql(url, count_sql).split(",")
        self.assertEqual(int(imports), int(before.split(",")[0]) + 1)
        self.assertEqual(int(touchpoints), int(before.split(",")[1]) + BIG_ROWS)


if __name__ == "__main__":
    unittest.main()
