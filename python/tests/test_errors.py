"""Errors of the module: the exception classes per status code, and bad input giving
the CLI's message (compared with a real CLI run), never a crash."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mroi
from conftest import Cli


def test_exception_classes_follow_the_status_codes() -> None:
    assert issubclass(mroi.InvalidArgumentError, mroi.Error)
    assert issubclass(mroi.InvalidArgumentError, ValueError)
    assert issubclass(mroi.NotFoundError, FileNotFoundError)
    assert issubclass(mroi.IOError, OSError)
    assert issubclass(mroi.UnimplementedError, NotImplementedError)
    assert issubclass(mroi.InternalError, RuntimeError)
    assert issubclass(mroi.FailedPreconditionError, mroi.Error)
    assert mroi.InvalidArgumentError.code == "invalid_argument"
    assert mroi.NotFoundError.code == "not_found"
    with pytest.raises(mroi.OutOfRangeError, match="^too far$"):
        mroi._core._raise_status("out_of_range", "too far")


def test_missing_required_column_is_the_cli_message(cli: Cli) -> None:
    (cli.cwd / "bad").mkdir(exist_ok=True)
    frame = pd.DataFrame({"anonymous_id": ["abc"], "utm_source": ["google"]})
    frame.to_csv(cli.cwd / "bad" / "touchpoints.csv", index=False)
    expected = cli.error("clean", "--touchpoints", "bad/touchpoints.csv", "--out", "", "-q")
    assert "missing required column 'timestamp'" in expected
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.clean({"bad/touchpoints.csv": frame})
    assert str(caught.value) == expected


def test_plan_errors_are_the_cli_messages(cli: Cli) -> None:
    expected = cli.error("plan", "reverse", "--deal-size", "5000")
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.plan.reverse(deal_size=5000)
    assert str(caught.value) == expected
    expected = cli.error("plan", "reverse", "--target", "100000", "--deal-size", "abc",
                         "--close-rate", "0.2", "--cpl", "80")
    with pytest.raises(ValueError) as caught_value:
        mroi.plan.reverse(target=100000, deal_size="abc", close_rate=0.2, cpl=80)
    assert str(caught_value.value) == expected


def test_abtest_error_is_the_cli_message(cli: Cli) -> None:
    expected = cli.error("abtest", "proportions", "--control", "49/abc", "--variant", "62/1000")
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.abtest("proportions", control="49/abc", variant="62/1000")
    assert str(caught.value) == expected == "--control users: 'abc' is not a whole number"


def test_bad_row_value_is_quarantined_with_the_cli_reason(cli: Cli) -> None:
    frame = pd.DataFrame({"timestamp": ["2025-01-02T10:00:00Z", "2025-01-03T10:00:00Z"],
                          "order_id": ["o1", "o2"], "user_id": ["u1", "u2"],
                          "revenue": ["12.5", "abc"]})
    frame.to_csv(cli.cwd / "bad" / "conversions.csv", index=False)
    code, _, err = cli.run("clean", "--conversions", "bad/conversions.csv", "--out", "bad/out",
                           "-q")
    assert code == 0, err
    expected = pd.read_csv(cli.cwd / "bad" / "out" / "quarantine.csv", keep_default_na=False)
    clean_frames, quarantine, _ = mroi.clean({"bad/conversions.csv": frame})
    assert quarantine.reason.tolist() == expected.reason.tolist()
    assert quarantine.line.tolist() == [3]
    assert "abc" in quarantine.reason[0]
    assert clean_frames["conversions"].revenue.tolist() == [12.5]


def test_unknown_input_kind() -> None:
    with pytest.raises(mroi.InvalidArgumentError, match="unknown input kind 'orders'"):
        mroi.run({"orders": pd.DataFrame({"a": [1]})})


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="dict of DataFrames"):
        mroi.run(pd.DataFrame({"a": [1]}))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DataFrame or a file path"):
        mroi.run({"touchpoints": 42})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="frames must be"):
        mroi.run(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="flag value"):
        mroi.abtest("proportions", control=object())  # type: ignore[arg-type]


def test_unknown_keywords_name_the_flag() -> None:
    with pytest.raises(mroi.InvalidArgumentError,
                       match=r"^unknown parameter --colour for plan reverse"):
        mroi.plan.reverse(target=1000, colour="red")
    with pytest.raises(mroi.InvalidArgumentError, match=r"unknown parameter --colour"):
        mroi.run({"touchpoints": pd.DataFrame({"timestamp": []})}, colour="red")
    with pytest.raises(mroi.InvalidArgumentError, match=r"unknown parameter --colour"):
        mroi.abtest("proportions", control="1/10", variant="2/10", colour="red")


def test_missing_file_and_folder_are_not_found(tmp_path: Path) -> None:
    with pytest.raises(mroi.NotFoundError):
        mroi.run({"touchpoints": str(tmp_path / "nope.csv")})
    with pytest.raises(FileNotFoundError):
        mroi.run(tmp_path / "no-such-folder")


def test_bad_run_flag_values() -> None:
    frames = {"touchpoints": pd.DataFrame({"timestamp": ["2025-01-01T00:00:00Z"]})}
    with pytest.raises(mroi.InvalidArgumentError, match="--lookback-days 'x' is not a number"):
        mroi.run(frames, lookback_days="x")
    with pytest.raises(mroi.InvalidArgumentError, match="parse_error cannot be turned off"):
        mroi.run(frames, disable=["parse_error"])
    with pytest.raises(mroi.InvalidArgumentError, match="--duplicate-order 'middle'"):
        mroi.run(frames, duplicate_order="middle")


def test_empty_and_odd_frames_do_not_crash() -> None:
    with pytest.raises(mroi.InvalidArgumentError):
        mroi.run({"touchpoints": pd.DataFrame()})
    with pytest.raises(mroi.InvalidArgumentError, match="no input"):
        mroi.run({})
    # A header-only frame is a valid, empty input.
    run = mroi.run({"touchpoints": pd.DataFrame({"timestamp": [], "anonymous_id": []})})
    assert run.counts["touchpoints"] == 0
    assert len(run.cleaned("touchpoints")) == 0
    with pytest.raises(mroi.InvalidArgumentError, match="no cleaned records of kind 'email'"):
        run.cleaned("email")
