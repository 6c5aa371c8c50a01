"""mroi.abtest: A/B tests from summary statistics (``mroi abtest proportions|means|
bayes|power``)."""
from __future__ import annotations

import json
from typing import Any, Dict

from . import _core
from ._inputs import FlagValue, flags_from_kwargs


def abtest(test: str = "proportions", **flags: FlagValue) -> Dict[str, Any]:
    """Run an A/B test from summary statistics, as ``mroi abtest <test> --json``.

    `test`: "proportions" (control="49/1000", variant="62/1000" as conversions/users),
    "means" (control="1000:12.5:30" as n:mean:sd), "bayes" (as proportions, with prior
    "1:1" and credible) or "power" (baseline, mde, relative, sd, users). Common flags:
    alpha, power, allocation. Returns the CLI's JSON as a dict.

    Example::

        mroi.abtest("proportions", control="49/1000", variant="62/1000")["p_value"]
        mroi.abtest("power", baseline=0.05, mde=0.1, relative=True)
    """
    result: Dict[str, Any] = json.loads(_core.abtest_json(test, flags_from_kwargs(flags)))
    return result
