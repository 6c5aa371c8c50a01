"""mroi.clv: customer lifetime value models (``mroi clv fit|predict|check``) on a
transactions or customer-summary DataFrame, a file, or a run's purchase history."""
from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Dict, Optional, Union

import pandas as pd

from . import _core
from ._errors import rename_paths
from ._inputs import FlagValue, flags_from_kwargs
from ._run import Run

Customers = Union[pd.DataFrame, str, "os.PathLike[str]", Run]


def _run_clv(command: str, data: Customers, summary: bool,
             flags: Dict[str, FlagValue]) -> Dict[str, Any]:
    """The JSON of `mroi clv <command> --json` on `data`, as a dict."""
    source_flag = "summary" if summary else "transactions"
    flag_list = flags_from_kwargs(flags)
    if isinstance(data, Run):
        return dict(json.loads(_core.clv_json(command, flag_list, data.core, "run")))
    if isinstance(data, (str, os.PathLike)):
        flag_list.append((source_flag, os.fspath(data)))
        return dict(json.loads(_core.clv_json(command, flag_list)))
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"customers must be a DataFrame, a file path or a mroi.Run, "
                        f"not {type(data).__name__}")
    # The readers take files: the frame is written as <summary|transactions>.csv in a
    # private folder, and that folder is taken out of messages and the JSON's source.
    with tempfile.TemporaryDirectory(prefix="mroi-clv-") as folder:
        path = os.path.join(folder, source_flag + ".csv")
        data.to_csv(path, index=False)
        flag_list.append((source_flag, path))
        with rename_paths(folder + os.sep, ""):
            text = _core.clv_json(command, flag_list)
    return dict(json.loads(text.replace(json.dumps(folder + os.sep)[1:-1], "")))


def fit(customers: Customers, model: str = "bg_nbd", *, summary: bool = False,
        **flags: FlagValue) -> Dict[str, Any]:
    """Fit a customer model, as ``mroi clv fit --json``.

    `customers`: a transactions DataFrame or file (customer_id, date, amount columns,
    or the Online Retail / CDNOW layouts), a customer summary (frequency, recency, T
    ...) with ``summary=True``, or a :class:`mroi.Run` (every order and won deal of a
    stitched person is a purchase). `model`: bg_nbd, pareto_nbd, mbg_nbd, bg_bb,
    gamma_gamma. `flags`: the CLI's flags with ``_`` for ``-`` (time_unit,
    calibration_end, observation_end, customer_column, date_column, amount_column).

    Returns the JSON of ``mroi clv fit --json`` as a dict (parameters, log-likelihood,
    convergence ...).

    Example::

        tx = pd.DataFrame({"customer_id": ["a", "a", "b"],
                           "date": ["2024-01-01", "2024-03-01", "2024-02-01"],
                           "amount": [10.0, 12.5, 8.0]})
        mroi.clv.fit(tx, model="bg_nbd", time_unit="weeks")["parameters"]
    """
    return _run_clv("fit", customers, summary, {"model": model, **flags})


def predict(customers: Customers, model: str = "bg_nbd", *, summary: bool = False,
            **flags: FlagValue) -> Dict[str, Any]:
    """Predict purchases and CLV per customer, as ``mroi clv predict --json``.

    Arguments as :func:`fit`, plus the flags horizon, months, discount_rate, customer,
    top.

    Example: ``mroi.clv.predict(tx, months=12, top=5)["customers"]``
    """
    return _run_clv("predict", customers, summary, {"model": model, **flags})


__all__ = ["fit", "predict"]
