"""mroi: the marketing ROI engine, from Python.

Clean raw marketing exports, stitch persons, build journeys, attribute conversions,
fit customer models, plan funnels and read A/B tests, with pandas DataFrames in and
out. Every function gives the numbers and the error messages of the matching CLI
command (``mroi clean``, ``mroi attribute --json`` ...), because both call the same
C++ code.

Example::

    import mroi, pandas as pd
    frames = {"touchpoints": pd.read_csv("touchpoints.csv", dtype=str,
                                         keep_default_na=False),
              "conversions": pd.read_csv("conversions.csv", dtype=str,
                                         keep_default_na=False)}
    run = mroi.run(frames)
    clean_frames, quarantine, summary = mroi.clean(run)
    credit = mroi.attribute(run, model="markov", order=2)
"""
from . import clv, plan
from ._abtest import abtest
from ._attribution import attribute
from ._errors import (Error, FailedPreconditionError, InternalError, InvalidArgumentError,
                      IOError, NotFoundError, OutOfRangeError, UnimplementedError)
from ._inputs import INPUT_KINDS
from ._run import CLEANED_KINDS, Run, clean, run

__version__ = "0.1.0"

__all__ = [
    "run", "Run", "clean", "attribute", "abtest", "clv", "plan",
    "Error", "InvalidArgumentError", "NotFoundError", "FailedPreconditionError",
    "OutOfRangeError", "IOError", "UnimplementedError", "InternalError",
    "INPUT_KINDS", "CLEANED_KINDS",
]
