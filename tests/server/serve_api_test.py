"""End-to-end tests of `mroi serve`: real HTTP requests to a real server on 127.0.0.1.

Run by ctest with MROI_BIN pointing at the built CLI:
    MROI_BIN=build/mroi /usr/bin/python3 -m unittest -v serve_api_test
The server answers must equal the CLI's JSON (`mroi metrics --json`,
`mroi attribute --json`, report.json); bad requests get clean 4xx JSON errors and the
server stays up.
"""
import concurrent.futures
import http.client
import json
import os
import pathlib
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

MROI = os.environ.get("MROI_BIN", "mroi")
START_TIMEOUT_S = 60


def cli_json(*args):
    proc = subprocess.run([MROI, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


class Served:
    """A running `mroi serve` process and its port; stop() always ends it."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([MROI, "serve", "--port", "0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.lines = []
        deadline = time.monotonic() + START_TIMEOUT_S
        self.port = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                self.port = int(found.group(1))
                break
        if self.port is None:
            self.stop()
            raise AssertionError("server did not start: %s %s"
                                 % ("".join(self.lines), self.proc.stderr.read()))
        # Keep draining stdout so that the server never blocks on a full pipe.
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()

    def _drain(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def request(self, method, path, body=None, headers=None, timeout=600):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def get_json(self, path, expect=200, **kwargs):
        status, headers, body = self.request("GET", path, **kwargs)
        assert status == expect, (path, status, body[:500])
        assert headers.get("Content-Type", "").startswith("application/json"), headers
        return json.loads(body)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()
        if hasattr(self, "drain"):
            self.drain.join(timeout=10)
        self.proc.stdout.close()
        return self.proc.returncode


def error_of(body):
    parsed = json.loads(body)
    assert set(parsed) == {"error"}, parsed
    assert set(parsed["error"]) == {"code", "message"}, parsed
    return parsed["error"]


class ServeApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        proc = subprocess.run([MROI, "demo", "--out", str(cls.dir / "demo"), "--quiet"],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        cls.data = str(cls.dir / "demo" / "data")
        cls.static = cls.dir / "dist"
        (cls.static / "assets").mkdir(parents=True)
        (cls.static / "index.html").write_text("<!doctype html><title>mroi</title>")
        (cls.static / "assets" / "app.js").write_text("console.log(1)")
        (cls.dir / "secret.txt").write_text("secret")
        os.symlink(cls.dir / "secret.txt", cls.static / "leak.txt")
        cls.server = Served("--data", cls.data, "--static", str(cls.static))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def assert_alive(self):
        self.assertEqual(self.server.get_json("/api/health")["status"], "ok")

    # ---- routes ----------------------------------------------------------------------

    def test_health(self):
        health = self.server.get_json("/api/health")
        self.assertEqual(health["status"], "ok")
        self.assertEqual(health["source"], "data")
        self.assertIsInstance(health["data_version"], int)
        self.assertRegex(health["version"], r"^\d+\.\d+\.\d+$")

    def test_metrics_equals_cli(self):
        self.assertEqual(self.server.get_json("/api/metrics"),
                         cli_json("metrics", "--data", self.data, "--json"))

    def test_metrics_with_period_and_compare_equals_cli(self):
        query = urllib.parse.urlencode({"period": "2025-03", "compare": "previous"})
        self.assertEqual(self.server.get_json("/api/metrics?" + query),
                         cli_json("metrics", "--data", self.data, "--json", "--period",
                                  "2025-03", "--compare", "previous"))

    def test_metrics_post_json_body_equals_get(self):
        status, _, body = self.server.request(
            "POST", "/api/metrics", body=json.dumps({"period": "2025-03"}),
            headers={"Content-Type": "application/json"})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), self.server.get_json("/api/metrics?period=2025-03"))

    def test_metrics_channel_filter(self):
        whole = self.server.get_json("/api/metrics")
        channel = whole["channels"][0]["channel"]
        cut = self.server.get_json("/api/metrics?" + urllib.parse.urlencode({"channel": channel}))
        self.assertEqual([row["channel"] for row in cut["channels"]], [channel])
        self.assertTrue(all(row["channel"] == channel for row in cut["campaigns"]))
        self.assertEqual(cut["totals"], whole["totals"])

    def test_attribution_equals_cli(self):
        self.assertEqual(self.server.get_json("/api/attribution"),
                         cli_json("attribute", "--data", self.data, "--json"))
        self.assertEqual(self.server.get_json("/api/attribution?model=linear,first"),
                         cli_json("attribute", "--data", self.data, "--json", "--model",
                                  "linear,first"))

    def test_report_and_sections(self):
        report = self.server.get_json("/api/report")
        self.assertEqual(report["schema"], "mroi.report/1")
        on_disk = json.loads((self.dir / "demo" / "report.json").read_text())
        self.assertEqual(sorted(report), sorted(on_disk))
        # The same figures as `mroi demo`'s report (only the generation time differs).
        for section in ("metrics", "attribution", "cleaning", "paths", "goals"):
            self.assertEqual(self.server.get_json("/api/report/" + section), report[section],
                             section)
            self.assertEqual(report[section], on_disk[section], section)
        missing = error_of(self.server.request("GET", "/api/report/nope")[2])
        self.assertEqual(missing["code"], "not_found")
        self.assertIn("metrics", missing["message"])

    def test_cleaning_and_imports(self):
        cleaning = self.server.get_json("/api/cleaning")
        expected = cli_json("clean", "--data", self.data, "--json",
                            "--out", str(self.dir / "clean-out"))
        # Everything but the stage timings (seconds of this run).
        cleaning.pop("timings", None)
        expected.pop("timings", None)
        self.assertEqual(cleaning, expected)
        imports = self.server.get_json("/api/imports")
        self.assertEqual(imports["source"], "data")
        self.assertEqual(len(imports["imports"]), 8)

    def test_import_on_folder_is_read_only(self):
        status, _, body = self.server.request("POST", "/api/import?name=spend_new.csv",
                                              body=b"date,channel,cost\n")
        self.assertEqual(status, 409)
        self.assertEqual(error_of(body)["code"], "read_only")
        status, _, body = self.server.request("POST", "/api/import?name=../x.csv", body=b"a")
        self.assertEqual(status, 400)
        status, _, body = self.server.request("POST", "/api/import?name=notes.txt", body=b"a")
        self.assertEqual(status, 400)
        self.assertIn("kind=", error_of(body)["message"])

    def test_static_files(self):
        status, headers, body = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn(b"<title>mroi</title>", body)
        status, headers, body = self.server.request("GET", "/assets/app.js")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/javascript"))
        # A client-side route of the single-page app gets index.html.
        self.assertEqual(self.server.request("GET", "/channels")[0], 200)
        self.assertEqual(self.server.request("GET", "/missing.js")[0], 404)

    # ---- bad requests ----------------------------------------------------------------

    def test_malformed_json_body(self):
        for body in ("{", "[1]", '{"period": {"a": 1}}', "\xff"):
            status, headers, reply = self.server.request(
                "POST", "/api/metrics", body=body.encode("utf-8", "surrogateescape"),
                headers={"Content-Type": "application/json"})
            self.assertEqual(status, 400, body)
            self.assertEqual(error_of(reply)["code"], "invalid_argument")
        self.assert_alive()

    def test_unknown_route_and_parameter(self):
        status, headers, body = self.server.request("GET", "/api/nope")
        self.assertEqual(status, 404)
        self.assertTrue(headers["Content-Type"].startswith("application/json"))
        self.assertEqual(error_of(body)["code"], "not_found")
        status, _, body = self.server.request("GET", "/api/metrics?colour=red")
        self.assertEqual(status, 400)
        self.assertIn("accepted: period, compare, channel", error_of(body)["message"])
        status, _, body = self.server.request("GET", "/api/metrics?period=last%20tuesday")
        self.assertEqual(status, 400)
        status, _, body = self.server.request("GET", "/api/attribution?model=markov")
        self.assertEqual(status, 400)
        self.assertIn("/api/report/attribution", error_of(body)["message"])

    def test_wrong_method(self):
        for method, path in (("DELETE", "/api/metrics"), ("PUT", "/api/report"),
                             ("GET", "/api/import"), ("POST", "/api/health"),
                             ("DELETE", "/")):
            status, headers, body = self.server.request(method, path)
            self.assertEqual(status, 405, (method, path))
            self.assertIn("Allow", headers)
            self.assertEqual(error_of(body)["code"], "method_not_allowed")

    def test_sql_looking_and_traversal_input(self):
        cut = self.server.get_json("/api/metrics?" + urllib.parse.urlencode(
            {"channel": "' OR 1=1 --"}))
        self.assertEqual(cut["channels"], [])
        for path in ("/api/attribution?model=" + urllib.parse.quote("linear'; DROP TABLE x;--"),
                     "/api/metrics?period=" + urllib.parse.quote("2025' OR '1'='1"),
                     "/api/report/" + urllib.parse.quote("metrics' OR 1=1"),
                     "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                     "/assets/..%2f..%2fsecret.txt", "/%252e%252e/secret.txt",
                     "/leak.txt", "/etc/passwd.txt", "/api/../../etc/passwd"):
            status, _, body = self.server.request("GET", path)
            self.assertIn(status, (400, 404), path)
            self.assertNotIn(b"secret", body, path)
            self.assertNotIn(b"root:", body, path)
        # A path without an extension is a route of the dashboard: its index.html.
        status, _, body = self.server.request("GET", "/etc/passwd")
        self.assertEqual((status, body), (200, b"<!doctype html><title>mroi</title>"))
        self.assert_alive()

    def test_oversized_and_long_requests(self):
        big = Served("--data", self.data, "--max-body", "1K")
        try:
            status, _, body = big.request("POST", "/api/import?name=spend_x.csv",
                                          body=b"x" * 4096)
            self.assertEqual(status, 413)
            self.assertEqual(error_of(body)["code"], "payload_too_large")
            status, _, body = big.request("GET", "/api/metrics?period=" + "x" * 2000)
            self.assertEqual(status, 400)
            self.assertEqual(big.get_json("/api/health")["status"], "ok")
        finally:
            self.assertEqual(big.stop(), 0)

    def test_concurrent_cold_requests_agree(self):
        cold = Served("--data", self.data)
        try:
            path = "/api/attribution?model=all&period=2025-Q1"
            with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
                answers = list(pool.map(lambda _: cold.request("GET", path), range(32)))
            self.assertEqual({status for status, _, _ in answers}, {200})
            bodies = {body for _, _, body in answers}
            self.assertEqual(len(bodies), 1)
            self.assertGreater(json.loads(bodies.pop())["converting_journeys"], 0)
        finally:
            self.assertEqual(cold.stop(), 0)

    def test_token(self):
        guarded = Served("--data", self.data, "--require-token")
        try:
            token_file = pathlib.Path(self.data) / ".mroi-token"
            token = token_file.read_text().strip()
            self.assertEqual(token_file.stat().st_mode & 0o777, 0o600)
            self.assertIn(token, "".join(guarded.lines))  # printed once, when made
            status, headers, body = guarded.request("GET", "/api/health")
            self.assertEqual(status, 401)
            self.assertEqual(error_of(body)["code"], "unauthorized")
            self.assertEqual(headers.get("WWW-Authenticate"), "Bearer")
            status, _, _ = guarded.request("GET", "/api/health",
                                           headers={"Authorization": "Bearer " + "0" * 64})
            self.assertEqual(status, 401)
            health = guarded.get_json("/api/health",
                                      headers={"Authorization": "Bearer " + token})
            self.assertEqual(health["status"], "ok")
        finally:
            self.assertEqual(guarded.stop(), 0)
        again = Served("--data", self.data, "--require-token")
        try:
            self.assertNotIn(token, "".join(again.lines))  # not printed a second time
        finally:
            again.stop()
            token_file.unlink()

    def test_non_loopback_needs_token_file(self):
        # Binding 0.0.0.0 makes the token (the test only checks that it refuses
        # requests without it, on the loopback interface).
        proc = subprocess.Popen([MROI, "serve", "--data", self.data, "--port", "0",
                                 "--host", "0.0.0.0"], stdout=subprocess.PIPE, text=True)
        try:
            port = None
            for _ in range(20):
                line = proc.stdout.readline()
                found = re.search(r"http://0\.0\.0\.0:(\d+)/", line)
                if found:
                    port = int(found.group(1))
                    break
            self.assertIsNotNone(port)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/api/health")
            self.assertEqual(connection.getresponse().status, 401)
            connection.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            self.assertEqual(proc.wait(timeout=30), 0)
            proc.stdout.close()
            (pathlib.Path(self.data) / ".mroi-token").unlink()

    def test_sigterm_exits_zero_quickly(self):
        server = Served("--data", self.data)
        self.assertEqual(server.get_json("/api/health")["status"], "ok")
        # A keep-alive connection left open must not hold the shutdown.
        idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        idle.request("GET", "/api/health")
        idle.getresponse().read()
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(server.proc.wait(timeout=20), 0)
        self.assertLess(time.monotonic() - started, 10)
        idle.close()


if __name__ == "__main__":
    unittest.main()
