"""mroi.attribute: credit conversions to channels under the rule-based models (the
numbers of ``mroi attribute --json``) or the data-driven ones (markov of order 1..4,
shapley, shapley_simplified, shapley_ordered), on a run, on input frames, or on
aggregated paths (the "journeys" form: path "A > B > C" with counts)."""
from __future__ import annotations

import json
from typing import Any, Dict, List

import pandas as pd

from . import _core
from ._inputs import Frames, FlagValue, frame_csv
from ._run import Run, as_run

#: The data-driven models; the others are rule-based.
DATA_DRIVEN_MODELS = ("markov", "shapley", "shapley_simplified", "shapley_ordered")


def _credit_frame(result: Dict[str, Any]) -> pd.DataFrame:
    """The per-channel rows of an attribution JSON, one row per (model, channel)."""
    rows: List[Dict[str, Any]] = []
    if "models" in result:  # rule-based: one table per model
        for model in result["models"]:
            for channel in model["channels"]:
                rows.append({"model": model["model"], **channel})
    else:
        for channel in result["channels"]:
            row = {"model": result["model"], **channel}
            row.pop("by_position", None)
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["result"] = result
    return frame


def attribute(data: "Run | Frames | pd.DataFrame", model: str = "all", order: int = 1, *,
              keep_repeats: bool = False, half_life_days: float = 7.0, period: str = "",
              permutations: int = 2000, seed: int = 1,
              paths_name: str = "paths.csv", **flags: FlagValue) -> pd.DataFrame:
    """Credit every conversion to the channels of its journey.

    `data` is a :class:`mroi.Run`, input frames as for :func:`mroi.run` (then `flags` are
    the run flags), or a DataFrame of aggregated paths with the columns of
    ``mroi attribute --paths``: path ("A > B > C"), total_conversions and optionally
    total_conversion_value and total_null (named `paths_name` in error messages).

    `model`: a rule model (first, last, last_non_direct, linear, time_decay, u_shaped,
    w_shaped, j_shaped, inverse_j), a comma list of them or "all"; or a data-driven
    model: "markov" (with `order` 1..4 and `keep_repeats`), "shapley" (sampled above 20
    channels with `permutations` and `seed`), "shapley_simplified", "shapley_ordered".

    Returns one row per (model, channel) with the columns of the CLI's JSON channel rows
    (conversions, revenue, gross_profit and, for rule models, direct_cost, roas, croi,
    broi, cpa ...); ``frame.attrs["result"]`` holds the whole JSON of
    ``mroi attribute --json`` (totals, comparison with last click, the Markov
    transition matrix ...).

    Example::

        mroi.attribute(run, model="linear,last")
        mroi.attribute(run, model="markov", order=2)
        paths = pd.DataFrame({"path": ["A > B", "B"], "total_conversions": [3, 1],
                              "total_null": [5, 9]})
        mroi.attribute(paths, model="markov")
    """
    if isinstance(data, pd.DataFrame):
        if flags:
            raise TypeError("run flags (" + ", ".join(flags) + ") do not apply to "
                            "aggregated paths")
        if model not in DATA_DRIVEN_MODELS:
            _core._raise_status(
                "invalid_argument",
                f"model '{model}' on aggregated paths: use markov, shapley, "
                "shapley_simplified or shapley_ordered (or give the input frames)")
        text = frame_csv(data).decode("utf-8")
        result_json = _core.paths_data_driven_json(text, paths_name, model, order,
                                                   keep_repeats, permutations, seed)
        return _credit_frame(json.loads(result_json))
    result_run = as_run(data, flags)
    if model in DATA_DRIVEN_MODELS:
        result_json = _core.data_driven_json(result_run.core, model, order, keep_repeats,
                                             permutations, seed)
    else:
        if order != 1 or keep_repeats:
            _core._raise_status(
                "invalid_argument",
                "--order, --keep-repeats and --transitions apply only to --model markov")
        result_json = _core.attribution_json(result_run.core, model, period, half_life_days)
    return _credit_frame(json.loads(result_json))
