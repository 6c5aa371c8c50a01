"""mroi.plan: the reverse funnel (``mroi plan reverse``): from a revenue target back to
the leads, deals, orders and budget it needs."""
from __future__ import annotations

import json
from typing import Any, Dict, Optional

from . import _core
from ._inputs import FlagValue, flags_from_kwargs
from ._run import Run


def reverse(history: Optional[Run] = None, **flags: FlagValue) -> Dict[str, Any]:
    """Plan the reverse funnel, as ``mroi plan reverse --json``.

    `flags` are the CLI's with ``_`` for ``-``: target (required), mode ("b2b" or
    "ecommerce"), deal_size, close_rate, cpl (B2B), aov, cr, channel (a list of
    "NAME:share=..:cpc=.." for e-commerce), tiers, period. With `history` (a
    :class:`mroi.Run`) the rates not given come from the measured data.

    Errors are mroi.InvalidArgumentError with the CLI's message, e.g.
    "--target is required: ..." or "--deal-size 'abc' is not a number".

    Example::

        plan = mroi.plan.reverse(target=100000, deal_size=5000, close_rate=0.2, cpl=80)
        plan["b2b"]["leads"]
    """
    core_history = history.core if history is not None else None
    result: Dict[str, Any] = json.loads(
        _core.plan_reverse_json(flags_from_kwargs(flags), core_history))
    return result


__all__ = ["reverse"]
