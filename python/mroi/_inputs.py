"""Conversions between Python values and what mroi._core takes.

Input frames become CSV text (so that parsing, quarantine and messages are exactly the
CLI's), keyword arguments become CLI flags, and column lists from C++ become DataFrames
without copying their numeric buffers.
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core

#: The input kinds, as the CLI's per-kind flags name them (SPEC.md "Input data").
INPUT_KINDS: Tuple[str, ...] = (
    "touchpoints", "conversions", "leads", "deals", "spend", "costs", "email", "goals")

#: What a pipeline input may be: a dict of frames or files keyed by kind or file name,
#: or a folder of input files (as ``mroi clean --data DIR``).
Frames = Union[Mapping[str, Union[pd.DataFrame, str, "os.PathLike[str]"]], str,
               "os.PathLike[str]"]

FlagValue = Union[None, bool, int, float, str, Sequence[Union[int, float, str]]]


def flag_text(value: Union[int, float, str]) -> str:
    """The text of one flag value: floats with repr() (round-trip exact)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (int, str)):
        return str(value)
    raise TypeError(f"flag value {value!r} of type {type(value).__name__}: "
                    "use a number, a string, a bool or a list of those")


def flags_from_kwargs(kwargs: Mapping[str, FlagValue]) -> List[Tuple[str, str]]:
    """Keyword arguments as CLI flags: ``deal_size=5000`` -> ("deal-size", "5000").

    ``True`` is a switch given, ``False`` and ``None`` are not given, a list or tuple
    repeats the flag once per element.
    """
    flags: List[Tuple[str, str]] = []
    for name, value in kwargs.items():
        flag = name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            flags.append((flag, ""))
        elif isinstance(value, (list, tuple)):
            flags.extend((flag, flag_text(item)) for item in value)
        else:
            flags.append((flag, flag_text(value)))  # type: ignore[arg-type]
    return flags


def frame_csv(frame: pd.DataFrame) -> bytes:
    """The CSV text of `frame` as the CLI would read it from a file (no index)."""
    return frame.to_csv(index=False).encode("utf-8")


def kind_of(key: str) -> str:
    """The input kind of a dict key: a kind name, or a file name starting with one."""
    if key in INPUT_KINDS:
        return key
    kind = _core.input_kind_from_file_name(os.path.basename(key))
    if kind is None:
        # The same error and message as the C++ side gives for an unknown kind.
        _core._raise_status(
            "invalid_argument",
            f"unknown input kind '{key}': use touchpoints, conversions, leads, deals, "
            "spend, costs, email or goals, or a file name starting with one of them")
    return str(kind)


def pipeline_inputs(frames: Frames) -> Tuple[List[Tuple[str, str, Optional[bytes], str]], str]:
    """The (name, kind, csv bytes or None, path) list and the folder of `frames`."""
    if isinstance(frames, (str, os.PathLike)):
        return [], os.fspath(frames)
    if isinstance(frames, pd.DataFrame):
        raise TypeError("give a dict of DataFrames keyed by input kind, e.g. "
                        "{'touchpoints': frame}, not a bare DataFrame")
    if not isinstance(frames, Mapping):
        raise TypeError(f"frames must be a dict of DataFrames or a folder path, "
                        f"not {type(frames).__name__}")
    inputs: List[Tuple[str, str, Optional[bytes], str]] = []
    for key, value in frames.items():
        if not isinstance(key, str):
            raise TypeError(f"input key {key!r}: use a kind name such as 'touchpoints'")
        kind = kind_of(key)
        if isinstance(value, pd.DataFrame):
            inputs.append((key, kind, frame_csv(value), ""))
        elif isinstance(value, (str, os.PathLike)):
            inputs.append((os.fspath(value), kind, None, os.fspath(value)))
        else:
            raise TypeError(f"input '{key}': expected a DataFrame or a file path, "
                            f"not {type(value).__name__}")
    return inputs, ""


def columns_frame(columns: Sequence[Tuple[str, Any]], utc_columns: Sequence[str] = ()
                  ) -> pd.DataFrame:
    """A DataFrame over the arrays of `columns` without copying them; the datetime64
    columns named in `utc_columns` are marked UTC."""
    frame = pd.DataFrame(dict(columns), copy=False)
    for name in utc_columns:
        if name in frame.columns:
            frame[name] = frame[name].dt.tz_localize("UTC")
    return frame
