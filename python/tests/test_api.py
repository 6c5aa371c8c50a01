"""mroi.clv, mroi.plan.reverse and mroi.abtest against the CLI's --json for the same
flags; the keyword → flag conversion."""
from __future__ import annotations

from typing import Any, Dict

import numpy as np
import pandas as pd
import pytest

import mroi
from mroi._inputs import flags_from_kwargs
from conftest import Cli


def without_seconds(result: Dict[str, Any]) -> Dict[str, Any]:
    assert result["seconds"] >= 0
    return {key: value for key, value in result.items() if key != "seconds"}


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    """Purchases of 400 customers who buy at a gamma-distributed rate and drop out after
    each purchase with probability 0.25 (what BG/NBD assumes), over 2024."""
    rng = np.random.default_rng(11)
    rows = []
    for customer in range(400):
        rate = rng.gamma(2.0, 1 / 40)  # purchases per day
        day = float(rng.integers(0, 120))
        while day < 366:
            rows.append((f"c{customer:04d}", str(np.datetime64("2024-01-01") + int(day)),
                         round(float(rng.gamma(2.0, 25.0)), 2)))
            if rng.random() < 0.25:
                break
            day += rng.exponential(1 / rate)
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


def test_flags_from_keywords() -> None:
    assert flags_from_kwargs({"deal_size": 5000, "close_rate": 0.1, "relative": True,
                              "keep": False, "none": None, "channel": ["a", "b"]}) == [
        ("deal-size", "5000"), ("close-rate", "0.1"), ("relative", ""),
        ("channel", "a"), ("channel", "b")]
    # Floats keep every digit (repr), so the C++ side parses the same double.
    assert flags_from_kwargs({"x": 0.1 + 0.2}) == [("x", "0.30000000000000004")]


def test_clv_fit_of_a_frame_equals_the_cli(cli: Cli, transactions: pd.DataFrame,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cli.cwd)
    transactions.to_csv(cli.cwd / "transactions.csv", index=False)
    for model in ("bg_nbd", "pareto_nbd"):
        expected = cli.json("clv", "fit", "--transactions", "transactions.csv", "--model", model)
        result = mroi.clv.fit(transactions, model=model)
        assert without_seconds(result) == without_seconds(expected)
        assert result["n_customers"] == transactions.customer_id.nunique()
        assert result["input"]["path"] == "transactions.csv"
    expected = cli.json("clv", "fit", "--transactions", "transactions.csv", "--time-unit",
                        "days")
    assert without_seconds(mroi.clv.fit("transactions.csv", time_unit="days")) == \
        without_seconds(expected)


def test_clv_predict_equals_the_cli(cli: Cli, transactions: pd.DataFrame) -> None:
    transactions.to_csv(cli.cwd / "transactions.csv", index=False)
    expected = cli.json("clv", "predict", "--transactions", "transactions.csv", "--months",
                        "6", "--top", "5")
    result = mroi.clv.predict(transactions, months=6, top=5)
    drop = ("seconds", "seconds_fit")
    assert {k: v for k, v in result.items() if k not in drop} == \
        {k: v for k, v in expected.items() if k not in drop}


def test_clv_errors_are_the_cli_messages(cli: Cli, transactions: pd.DataFrame) -> None:
    transactions.to_csv(cli.cwd / "transactions.csv", index=False)
    expected = cli.error("clv", "fit", "--transactions", "transactions.csv", "--model", "nope")
    with pytest.raises(mroi.InvalidArgumentError) as caught:
        mroi.clv.fit(transactions, model="nope")
    assert str(caught.value) == expected
    bad = transactions.rename(columns={"amount": "colour", "date": "when"})
    bad.to_csv(cli.cwd / "transactions.csv", index=False)
    expected = cli.error("clv", "fit", "--transactions", "transactions.csv")
    with pytest.raises(mroi.Error) as caught_error:
        mroi.clv.fit(bad)
    assert str(caught_error.value) == expected
    assert "mroi-clv-" not in str(caught_error.value)


def test_clv_of_a_run_fits_its_purchases(cli: Cli) -> None:
    result = mroi.clv.fit(mroi.run(cli.cwd / "data"))
    expected = cli.json("clv", "fit", "--data", "data")
    assert result["params"] == expected["params"]
    assert result["n_customers"] == expected["n_customers"]


@pytest.mark.parametrize("flags", [
    {"target": 100000, "deal_size": 5000, "close_rate": 0.2, "cpl": 80},
    {"target": 250000.5, "aov": 80, "cr": 0.025, "mode": "ecommerce",
     "channel": ["search:share=0.6:cpc=1.2", "social:share=0.4:cpc=0.8"]},
])
def test_plan_reverse_equals_the_cli(cli: Cli, flags: Dict[str, Any]) -> None:
    args = ["plan", "reverse"]
    for name, value in flags_from_kwargs(flags):
        args += [f"--{name}", value]
    expected = cli.json(*args)
    assert mroi.plan.reverse(**flags) == expected


def test_plan_reverse_b2b_by_hand() -> None:
    plan = mroi.plan.reverse(target=100000, deal_size=5000, close_rate=0.2, cpl=80)
    assert plan["deals"] == 20          # 100000 / 5000
    assert plan["leads"] == 100         # 20 / 0.2
    assert plan["budget"] == 8000       # 100 * 80


def test_plan_reverse_on_history_equals_the_cli(cli: Cli) -> None:
    expected = cli.json("plan", "reverse", "--data", "data", "--target", "50000",
                        "--mode", "b2b", "-q")
    result = mroi.plan.reverse(mroi.run(cli.cwd / "data"), target=50000, mode="b2b")
    assert result == expected
    assert result["history"] is not None


@pytest.mark.parametrize("test,flags", [
    ("proportions", {"control": "49/1000", "variant": "62/1000"}),
    ("means", {"control": "1000:12.5:30", "variant": "1000:14:31", "alpha": 0.01}),
    ("bayes", {"control": "49/1000", "variant": "62/1000", "prior": "2:3"}),
    ("power", {"baseline": 0.05, "mde": 0.1, "relative": True}),
])
def test_abtest_equals_the_cli(cli: Cli, test: str, flags: Dict[str, Any]) -> None:
    args = ["abtest", test]
    for name, value in flags_from_kwargs(flags):
        args += [f"--{name}"] + ([value] if value else [])
    expected = cli.json(*args)
    assert mroi.abtest(test, **flags) == expected


def test_abtest_proportions_by_hand() -> None:
    result = mroi.abtest("proportions", control="49/1000", variant="62/1000")
    assert result["control"]["rate"] == pytest.approx(0.049)
    assert result["lift_abs"] == pytest.approx(0.013)
    # Pooled two-proportion z: (0.062 - 0.049) / sqrt(p(1-p)(2/1000)), p = 0.0555.
    pooled = 111 / 2000
    z = 0.013 / np.sqrt(pooled * (1 - pooled) * 2 / 1000)
    assert result["z"] == pytest.approx(z, rel=1e-9)


def test_abtest_unknown_test() -> None:
    with pytest.raises(mroi.InvalidArgumentError, match="unknown test 'anova'"):
        mroi.abtest("anova")
