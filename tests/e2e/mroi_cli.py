"""Helpers shared by the end-to-end tests: run the CLI, read its JSON strictly."""
import json
import os
import subprocess

MROI = os.environ.get("MROI_BIN", "../../build/mroi")


def run(*args):
    return subprocess.run([MROI, *args], capture_output=True, text=True, timeout=600)


def strict_json(text):
    """JSON must never hold inf or NaN (Python's parser would accept them)."""
    def reject(constant):
        raise ValueError("non-finite number " + constant)
    return json.loads(text, parse_constant=reject)
