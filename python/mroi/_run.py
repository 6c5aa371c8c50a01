"""mroi.run and mroi.clean: one pipeline pass (ingest, clean, identity, journeys) over
DataFrames or files, kept in a Run that every analysis can reuse."""
from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Tuple

import pandas as pd

from . import _core
from ._inputs import Frames, FlagValue, columns_frame, flags_from_kwargs, pipeline_inputs

#: The kinds of cleaned records, as `mroi clean` writes them under cleaned/.
CLEANED_KINDS: Tuple[str, ...] = ("touchpoints", "conversions", "leads", "deals", "spend")

_TIME_COLUMNS = ("timestamp", "created_at", "closed_at")


class Run:
    """One pipeline pass over the input data, shared by several analyses.

    Made by :func:`mroi.run`. The cleaned records, the quarantine and the change log are
    built on demand; numeric columns are NumPy arrays over the C++ buffers (no copy).

    Example::

        run = mroi.run({"touchpoints": tp, "conversions": orders})
        run.cleaned("conversions").revenue.sum()
        mroi.attribute(run, model="linear")
    """

    def __init__(self, core_run: _core.PipelineRun) -> None:
        self._core = core_run

    @property
    def core(self) -> _core.PipelineRun:
        """The C++ run (mroi._core.PipelineRun)."""
        return self._core

    @property
    def counts(self) -> Dict[str, int]:
        """Records kept per kind, quarantined rows and journeys.

        Example: ``mroi.run(frames).counts["journeys"]``
        """
        return dict(self._core.counts)

    def cleaned(self, kind: str) -> pd.DataFrame:
        """The cleaned records of `kind` (touchpoints, conversions, leads, deals, spend)
        with the columns of ``mroi clean``'s cleaned/<kind>.csv (person_id included;
        times as UTC datetimes, spend dates as dates, missing text as None).

        Example: ``run.cleaned("touchpoints").groupby("channel").size()``
        """
        return columns_frame(self._core.cleaned_columns(kind), _TIME_COLUMNS)

    def cleaned_frames(self) -> Dict[str, pd.DataFrame]:
        """Every kind of cleaned records, keyed by kind (see :meth:`cleaned`)."""
        return {kind: self.cleaned(kind) for kind in CLEANED_KINDS}

    def quarantine(self) -> pd.DataFrame:
        """The removed rows: file, line, rule, column, reason, raw (quarantine.csv).

        Example: ``run.quarantine().rule.value_counts()``
        """
        return columns_frame(self._core.quarantine_columns())

    def changes(self) -> pd.DataFrame:
        """The changed or flagged rows: file, line, rule, field, before, after
        (changes.csv)."""
        return columns_frame(self._core.changes_columns())

    def summary(self, max_issues: int = 1000) -> Dict[str, Any]:
        """The summary of ``mroi clean --json`` (files, changes, flags, identity and the
        first `max_issues` quarantined rows).

        Example: ``run.summary()["identity"]["persons"]``
        """
        result: Dict[str, Any] = json.loads(self._core.clean_summary_json(max_issues))
        return result

    def __repr__(self) -> str:
        return f"mroi.Run({self.counts})"


def run(frames: Frames, **flags: FlagValue) -> Run:
    """Run the pipeline (ingest, clean, identity, journeys) once over `frames`.

    `frames` is a dict keyed by input kind ("touchpoints", "conversions", "leads",
    "deals", "spend", "costs", "email", "goals") or by a file name starting with one
    ("touchpoints_web.csv"), whose values are DataFrames (read as their CSV text, exactly
    as the CLI reads a file) or file paths; or a folder of input files (``--data DIR``).
    A frame is named by its key in quarantine rows and error messages.

    `flags` are the CLI's run flags with ``_`` for ``-``: config, delimiter, timezone,
    disable (a list of rules), bot_list, source_categories, channel_rules,
    duplicate_order, gross_margin, hash_emails, lookback_days.

    Raises mroi.InvalidArgumentError (a missing required column, an unknown flag ...),
    mroi.NotFoundError (a missing file) with the CLI's message.

    Example::

        run = mroi.run({"touchpoints": pd.read_csv("touchpoints.csv")},
                       lookback_days=14, disable=["bot_rate"])
    """
    inputs, data_dir = pipeline_inputs(frames)
    return Run(_core.run_pipeline(inputs, data_dir, flags_from_kwargs(flags)))


def as_run(data: "Run | Frames", flags: Mapping[str, FlagValue]) -> Run:
    """`data` when it is a Run, else a new run over it with `flags`."""
    if isinstance(data, Run):
        if flags:
            raise TypeError("run flags (" + ", ".join(flags) + ") apply when the data are "
                            "frames; this Run has already been made")
        return data
    return run(data, **flags)


def clean(frames: "Run | Frames", **flags: FlagValue
          ) -> Tuple[Dict[str, pd.DataFrame], pd.DataFrame, Dict[str, Any]]:
    """Clean `frames` as ``mroi clean`` does: ``(clean_frames, quarantine, summary)``.

    `clean_frames` maps touchpoints, conversions, leads, deals and spend to the cleaned
    records (the columns of cleaned/<kind>.csv, person_id included); `quarantine` holds
    the removed rows (file, line, rule, column, reason, raw); `summary` is the JSON of
    ``mroi clean --json``. `frames` and `flags` are as for :func:`mroi.run`.

    Example::

        clean_frames, quarantine, summary = mroi.clean(
            {"touchpoints": touchpoints, "conversions": orders})
        quarantine.groupby("rule").size()
    """
    result = as_run(frames, flags)
    return result.cleaned_frames(), result.quarantine(), result.summary()
