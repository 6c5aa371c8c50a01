"""mroi.dask on a LocalCluster of 2 worker processes against the single-machine run:
counts exactly, credit and fitted values to 1e-9 (relative), RFM tables row by row."""
from __future__ import annotations

import functools
import glob
import os
import subprocess
import tempfile
from typing import Any, Iterator, List

import numpy as np
import pandas as pd
import pytest

import mroi
import mroi.dask as md
from mroi import _core

distributed = pytest.importorskip("distributed")


def assert_same(expected: Any, actual: Any, path: str = "") -> None:
    """Equal structure; integers and strings exactly, doubles to 1e-9 relative."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        assert sorted(expected) == sorted(actual), (path, set(expected) ^ set(actual))
        for key in expected:
            assert_same(expected[key], actual[key], f"{path}/{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(expected) == len(actual), path
        for index, (a, b) in enumerate(zip(expected, actual)):
            assert_same(a, b, f"{path}[{index}]")
    elif isinstance(expected, float) or isinstance(actual, float):
        assert expected is not None and actual is not None, (path, expected, actual)
        assert abs(expected - actual) <= 1e-9 * max(1.0, abs(expected), abs(actual)), (
            path, expected, actual)
    else:
        assert type(expected) is type(actual) and expected == actual, (path, expected, actual)


def assert_same_rfm(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    assert len(expected) == len(actual) > 0
    columns = ["frequency", "recency", "T", "monetary_value"]
    a = expected.sort_values("customer").reset_index(drop=True)
    b = actual.sort_values("customer").reset_index(drop=True)
    assert list(a["customer"]) == list(b["customer"])
    np.testing.assert_allclose(b[columns].to_numpy(), a[columns].to_numpy(), rtol=1e-9)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


@pytest.fixture(scope="module")
def demo_files() -> Iterator[List[str]]:
    with tempfile.TemporaryDirectory() as directory:
        subprocess.run([os.environ["MROI_BIN"], "demo", "--out", directory, "--no-workspace",
                        "--quiet"], check=True, stdout=subprocess.DEVNULL)
        yield sorted(glob.glob(os.path.join(directory, "data", "*")))


def test_demo_equals_one_machine(client: Any, demo_files: List[str]) -> None:
    reference = md.single_machine(demo_files)
    result = md.run(client, demo_files, chunk_bytes=150_000, partitions=4)
    assert result.stats["sources"] > 4  # the files really were cut
    assert_same(reference.json, result.json)
    assert_same_rfm(reference.rfm, result.rfm)
    # The sections say something: the demo's bots, persons and credit are there.
    assert reference.json["cleaning"]["touchpoints"]["by_rule"]["bot_rate"] > 0
    assert reference.json["identity"]["persons"] > 100
    assert not result.attribution.empty and not result.metrics.empty
    assert result.clv and "error" not in result.clv


def test_counts_hold_for_any_partition_count(client: Any, demo_files: List[str]) -> None:
    reference = md.single_machine(demo_files, markov_order=2)
    for partitions in (1, 3):
        result = md.run(client, demo_files, chunk_bytes=400_000, partitions=partitions,
                        markov_order=2)
        assert_same(reference.json, result.json)


def test_more_partitions_than_persons(client: Any, tmp_path: Any) -> None:
    (tmp_path / "touchpoints.csv").write_text(
        "timestamp,anonymous_id,user_id,utm_source,utm_medium\n"
        "2025-01-01T10:00:00Z,a1,,google,cpc\n"
        "2025-01-02T10:00:00Z,a1,u1,newsletter,email\n"
        "2025-01-03T10:00:00Z,a2,,facebook,paid_social\n")
    (tmp_path / "conversions.csv").write_text(
        "timestamp,order_id,user_id,anonymous_id,revenue\n2025-01-04T10:00:00Z,o1,u1,,100\n"
        "2025-01-05T10:00:00Z,o1,u1,,100\n"
        # The refund carries another person's id: the order key brings it to its order.
        "2025-01-06T10:00:00Z,o1,,a9,-30\n")
    files = [str(tmp_path / "touchpoints.csv"), str(tmp_path / "conversions.csv")]
    reference = md.single_machine(files)
    result = md.run(client, files, chunk_bytes=40, partitions=16)
    assert_same(reference.json, result.json)
    cleaning = result.json["cleaning"]["conversions"]
    assert cleaning["by_rule"] == {"duplicate_order": 1, "refund_netted": 1}
    assert result.json["identity"]["persons"] >= 2


def test_malformed_rows_are_counted_not_lost(client: Any, tmp_path: Any) -> None:
    (tmp_path / "touchpoints.csv").write_text(
        "timestamp,anonymous_id,utm_source,utm_medium\n"
        "2025-01-01T10:00:00Z,a1,google,cpc\n"
        "not a time,a2,google,cpc\n"
        "2025-01-01T11:00:00Z,a3\n"
        "2025-01-01T12:00:00Z,a3,bing,cpc\n")
    (tmp_path / "conversions.csv").write_text(
        "timestamp,order_id,anonymous_id,revenue\n2025-01-02T10:00:00Z,o1,a1,abc\n"
        "2025-01-02T11:00:00Z,o2,a3,50\n")
    files = [str(tmp_path / "touchpoints.csv"), str(tmp_path / "conversions.csv")]
    reference = md.single_machine(files)
    result = md.run(client, files, chunk_bytes=30, partitions=3)
    assert_same(reference.json, result.json)
    touchpoints = result.json["cleaning"]["touchpoints"]
    assert touchpoints["rows_in"] == 4
    assert touchpoints["by_rule"]["parse_error"] == 2
    assert touchpoints["rows_kept"] + touchpoints["rows_quarantined"] == 4


def test_generated_log_equals_one_machine(client: Any, tmp_path: Any) -> None:
    # Four chunks of a generated log (persons spanning chunks, logins, bot IPs spread
    # over persons, duplicate orders and refunds), written out so one machine can read
    # them whole; the engine gets the chunks from a source made on the workers.
    sources, whole = [], {"touchpoints": [], "conversions": []}
    for chunk in range(4):
        log = _core.generate_event_log(11, chunk, 40_000, 5_000, 0.2)
        for kind in whole:
            header, rows = log[kind]
            whole[kind].append(rows)
        sources.append(functools.partial(_generated_chunk, 11, chunk))
    files = []
    for kind, parts in whole.items():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(log[kind][0].encode() + b"\n" + b"".join(parts))
        files.append(str(path))
    reference = md.single_machine(files)
    result = md.run_chunks(client, sources, partitions=6)
    assert_same(reference.json, result.json)
    assert_same_rfm(reference.rfm, result.rfm)
    assert result.stats["rows"] == reference.json["cleaning"]["touchpoints"]["rows_in"] + \
        reference.json["cleaning"]["conversions"]["rows_in"]
    assert reference.json["cleaning"]["touchpoints"]["by_rule"]["bot_rate"] > 0
    assert reference.json["cleaning"]["conversions"]["by_rule"]["refund_netted"] > 0


def _generated_chunk(seed: int, chunk: int) -> List[Any]:
    log = _core.generate_event_log(seed, chunk, 40_000, 5_000, 0.2)
    return [(index, chunk, f"{kind}.csv", kind, log[kind][0], log[kind][1])
            for index, kind in enumerate(("touchpoints", "conversions"))]


def test_bad_path_is_not_found(client: Any) -> None:
    with pytest.raises(mroi.NotFoundError, match="no such file"):
        md.run(client, ["/nonexistent/touchpoints.csv"])


def test_unknown_kind_and_bad_options(client: Any, demo_files: List[str]) -> None:
    with pytest.raises(mroi.InvalidArgumentError, match="unknown input kind"):
        md.run(client, [(demo_files[0], "clicks")])
    with pytest.raises(mroi.InvalidArgumentError, match="--order"):
        md.run(client, demo_files, markov_order=9)
    with pytest.raises(mroi.InvalidArgumentError, match="no per-person input"):
        md.run_chunks(client, [])


def test_worker_error_surfaces_with_the_cpp_message(client: Any, tmp_path: Any) -> None:
    # A touchpoints file without its required timestamp column fails on the worker.
    (tmp_path / "touchpoints.csv").write_text("anonymous_id,utm_source\na1,google\n")
    with pytest.raises(mroi.InvalidArgumentError, match="timestamp"):
        md.run(client, [str(tmp_path / "touchpoints.csv")])
