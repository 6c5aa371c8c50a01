"""mroi.clean / mroi.run against `mroi clean`: the cleaned records, quarantine and
summary equal the CLI's files, for DataFrame and file inputs; numeric columns are
NumPy arrays over the C++ buffers."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import numpy as np
import pandas as pd
import pytest

import mroi
from conftest import Cli, kinds


def as_cli_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A module frame in the form pandas gives for the CLI's CSV: times back to the
    CLI's text, None to NaN, bools to 0/1."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_datetime64tz_dtype(column):
            out[name] = column.dt.strftime("%Y-%m-%dT%H:%M:%SZ").fillna("")
        elif pd.api.types.is_datetime64_dtype(column):
            out[name] = column.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(column):
            out[name] = column.astype("int64")
    return out


def without_timings(summary: Dict[str, Any]) -> Dict[str, Any]:
    """The clean summary without its stage timings (they differ run to run)."""
    assert set(summary["timings"]) == {"ingest_s", "clean_s", "identity_s", "journeys_s"}
    return {key: value for key, value in summary.items() if key != "timings"}


def assert_same_as_cli_csv(mine: pd.DataFrame, cli_csv: Path) -> None:
    expected = pd.read_csv(cli_csv, keep_default_na=False, dtype=str)
    got = as_cli_text(mine)
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for name in expected.columns:
        got_column = got[name]
        if pd.api.types.is_float_dtype(got_column):
            # float() parses the CLI's shortest round-trip text exactly (pandas' fast
            # parser may be one ulp off).
            want = np.array([float(v) if v else np.nan for v in expected[name]])
            np.testing.assert_array_equal(got_column.to_numpy(), want, err_msg=name)
        else:
            got_text = got_column.map(lambda v: "" if v is None or v is pd.NaT else str(v))
            assert got_text.tolist() == expected[name].tolist(), name


@pytest.fixture(scope="module")
def cli_clean_of_files(cli: Cli) -> Path:
    code, _, err = cli.run("clean", "--data", "data", "--out", "out-files", "--quiet")
    assert code == 0, err
    return cli.cwd / "out-files"


@pytest.fixture(scope="module")
def cli_clean_of_frames(cli: Cli, demo_frames: Dict[str, pd.DataFrame]) -> Path:
    code, _, err = cli.run("clean", "--data", "frames", "--out", "out-frames", "--quiet")
    assert code == 0, err
    return cli.cwd / "out-frames"


def test_clean_of_a_folder_equals_the_cli_files(cli: Cli, cli_clean_of_files: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cli.cwd)
    clean_frames, quarantine, summary = mroi.clean("data")
    assert sorted(clean_frames) == sorted(kinds())
    for kind in kinds():
        assert_same_as_cli_csv(clean_frames[kind], cli_clean_of_files / "cleaned" / f"{kind}.csv")
    assert_same_as_cli_csv(quarantine, cli_clean_of_files / "quarantine.csv")
    assert len(quarantine) > 0 and "parse_error" in set(quarantine.rule)
    assert without_timings(summary) == without_timings(
        cli.json("clean", "--data", "data", "--out", "", "--quiet"))


def test_clean_of_dataframes_equals_the_cli_on_the_same_csv(
        cli: Cli, demo_frames: Dict[str, pd.DataFrame], cli_clean_of_frames: Path) -> None:
    clean_frames, quarantine, summary = mroi.clean(demo_frames)
    for kind in kinds():
        assert_same_as_cli_csv(clean_frames[kind], cli_clean_of_frames / "cleaned" / f"{kind}.csv")
    assert_same_as_cli_csv(quarantine, cli_clean_of_frames / "quarantine.csv")
    assert without_timings(summary) == without_timings(
        cli.json("clean", "--data", "frames", "--out", "", "--quiet"))
    # The counts add up: every row read is kept or quarantined.
    rows_in = sum(len(frame) for frame in demo_frames.values())
    file_rows = sum(f["rows_in"] for f in summary["files"])
    assert file_rows == rows_in


def test_changes_equal_the_cli_changes_csv(cli: Cli, cli_clean_of_files: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cli.cwd)
    changes = mroi.run("data").changes()
    assert_same_as_cli_csv(changes, cli_clean_of_files / "changes.csv")


def test_numeric_columns_are_zero_copy_views_of_the_cpp_buffers(
        demo_frames: Dict[str, pd.DataFrame]) -> None:
    run = mroi.run(demo_frames)
    conversions = run.cleaned("conversions")
    for name in ("revenue", "cogs", "person_id", "source_line"):
        values = conversions[name].to_numpy()
        assert not values.flags.owndata, name
        base = values
        while isinstance(base, np.ndarray) and base.base is not None:
            base = base.base
        # The chain ends at the capsule that owns the C++ vector, not at a NumPy copy.
        assert type(base).__name__ == "PyCapsule", (name, type(base))
    # Missing numbers are NaN, as the CLI's empty fields.
    assert conversions.cogs.notna().all()
    assert run.counts["conversions"] == len(conversions)


def test_one_run_serves_several_analyses(demo_frames: Dict[str, pd.DataFrame]) -> None:
    run = mroi.run(demo_frames)
    clean_frames, quarantine, summary = mroi.clean(run)
    assert summary["identity"]["persons"] > 0
    credit = mroi.attribute(run, model="last")
    # Every converting journey is credited exactly once under last click.
    total = credit.attrs["result"]["total"]["conversions"]
    assert credit.conversions.sum() == pytest.approx(total)
    assert repr(run).startswith("mroi.Run(")


def test_run_flags_change_the_pipeline(demo_frames: Dict[str, pd.DataFrame]) -> None:
    default = mroi.run(demo_frames)
    without_bot_rate = mroi.run(demo_frames, disable=["bot_rate"])
    rules = set(default.quarantine().rule)
    assert "bot_rate" in rules
    assert "bot_rate" not in set(without_bot_rate.quarantine().rule)
    assert without_bot_rate.counts["touchpoints"] > default.counts["touchpoints"]
