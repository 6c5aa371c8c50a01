"""mroi.attribute against `mroi attribute --json`: the rule-based models and the
data-driven ones (markov of order 1 and 2, shapley) on the demo, and aggregated paths."""
from __future__ import annotations

from typing import Any, Dict, List

import pandas as pd
import pytest

import mroi
from conftest import Cli


@pytest.fixture(scope="module")
def demo_run(cli: Cli) -> mroi.Run:
    return mroi.run(cli.cwd / "data")


def rows_of(result: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The channel rows of a CLI attribution JSON, as the module flattens them."""
    if "models" in result:
        return [{"model": m["model"], **c} for m in result["models"] for c in m["channels"]]
    return [{"model": result["model"],
             **{k: v for k, v in c.items() if k != "by_position"}}
            for c in result["channels"]]


def assert_frame_is(frame: pd.DataFrame, result: Dict[str, Any]) -> None:
    assert frame.attrs["result"] == result
    expected = pd.DataFrame(rows_of(result))
    pd.testing.assert_frame_equal(frame, expected, check_exact=True)


def test_rule_models_equal_the_cli(cli: Cli, demo_run: mroi.Run) -> None:
    expected = cli.json("attribute", "--data", "data", "--model", "all", "-q")
    frame = mroi.attribute(demo_run, model="all")
    assert_frame_is(frame, expected)
    assert set(frame.model) >= {"first", "last", "linear", "time_decay", "u_shaped"}
    # Each model credits every conversion once.
    total = expected["total"]["conversions"]
    for _, model_rows in frame.groupby("model"):
        assert model_rows.conversions.sum() == pytest.approx(total)


def test_time_decay_half_life_is_passed(cli: Cli, demo_run: mroi.Run) -> None:
    expected = cli.json("attribute", "--data", "data", "--model", "time_decay",
                        "--half-life-days", "2.5", "-q")
    assert_frame_is(mroi.attribute(demo_run, model="time_decay", half_life_days=2.5), expected)


@pytest.mark.parametrize("order", [1, 2])
def test_markov_equals_the_cli(cli: Cli, demo_run: mroi.Run, order: int) -> None:
    expected = cli.json("attribute", "--data", "data", "--model", "markov", "--order",
                        str(order), "-q")
    frame = mroi.attribute(demo_run, model="markov", order=order)
    assert_frame_is(frame, expected)
    assert frame.conversions.sum() == pytest.approx(expected["total"]["conversions"])


@pytest.mark.parametrize("model", ["shapley", "shapley_simplified", "shapley_ordered"])
def test_shapley_models_equal_the_cli(cli: Cli, demo_run: mroi.Run, model: str) -> None:
    expected = cli.json("attribute", "--data", "data", "--model", model, "-q")
    assert_frame_is(mroi.attribute(demo_run, model=model), expected)


def test_frames_are_run_then_attributed(cli: Cli, demo_frames: Dict[str, pd.DataFrame]) -> None:
    expected = cli.json("attribute", "--data", "frames", "--model", "linear", "-q")
    assert_frame_is(mroi.attribute(demo_frames, model="linear"), expected)


def test_aggregated_paths_equal_the_cli(cli: Cli) -> None:
    paths = pd.DataFrame({
        "path": ["Paid Search > Email", "Email", "Paid Search > Direct > Email", "Direct"],
        "total_conversions": [30, 12, 8, 5],
        "total_conversion_value": [3000.0, 1100.5, 950.25, 400.0],
        "total_null": [200, 90, 40, 300]})
    paths.to_csv(cli.cwd / "agg_paths.csv", index=False)
    for model, order in [("markov", 1), ("markov", 2), ("shapley", 1)]:
        args = ["attribute", "--paths", "agg_paths.csv", "--model", model]
        if model == "markov":
            args += ["--order", str(order)]
        expected = cli.json(*args)
        frame = mroi.attribute(paths, model=model, order=order, paths_name="agg_paths.csv")
        assert_frame_is(frame, expected)
    # Hand check: under markov every conversion is credited.
    markov = mroi.attribute(paths, model="markov")
    assert markov.conversions.sum() == pytest.approx(55)


def test_attribution_errors_are_the_cli_messages(cli: Cli, demo_run: mroi.Run) -> None:
    expected = cli.error("attribute", "--data", "data", "--model", "markov", "--order", "7",
                         "-q")
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.attribute(demo_run, model="markov", order=7)
    assert str(caught.value) == expected
    expected = cli.error("attribute", "--data", "data", "--model", "nonsense", "-q")
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.attribute(demo_run, model="nonsense")
    assert str(caught.value) == expected
    bad_paths = pd.DataFrame({"path": ["A > B"], "conversions": [3]})
    bad_paths.to_csv(cli.cwd / "bad_paths.csv", index=False)
    expected = cli.error("attribute", "--paths", "bad_paths.csv", "--model", "markov")
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.attribute(bad_paths, model="markov", paths_name="bad_paths.csv")
    assert str(caught.value) == expected
