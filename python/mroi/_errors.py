"""The exceptions of mroi (made by the C++ module, one per status code) and a helper
that takes a private temporary folder out of their messages."""
from __future__ import annotations

import contextlib
from typing import Iterator

from ._core import (Error, FailedPreconditionError, InternalError, InvalidArgumentError,
                    IOError, NotFoundError, OutOfRangeError, UnimplementedError)


@contextlib.contextmanager
def rename_paths(old: str, new: str) -> Iterator[None]:
    """Re-raise an mroi.Error from the block with `old` replaced by `new` in its
    message (the same class, so the same code)."""
    try:
        yield
    except Error as error:
        message = str(error)
        if old not in message:
            raise
        raise type(error)(message.replace(old, new)) from None


__all__ = ["Error", "InvalidArgumentError", "NotFoundError", "FailedPreconditionError",
           "OutOfRangeError", "IOError", "UnimplementedError", "InternalError",
           "rename_paths"]
