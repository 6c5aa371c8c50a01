"""Fixtures of the mroi module tests: the CLI (MROI_BIN) and the demo data it writes,
so that every answer of the module is compared with the CLI's on the same input."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def mroi_bin() -> str:
    """The mroi CLI built with the module."""
    path = os.environ.get("MROI_BIN", "")
    if not path or not os.path.exists(path):
        pytest.fail("MROI_BIN must name the mroi CLI (ctest sets it)")
    return path


class Cli:
    """Runs the CLI in a folder; run() gives (exit code, stdout, stderr)."""

    def __init__(self, binary: str, cwd: Path) -> None:
        self.binary = binary
        self.cwd = cwd

    def run(self, *args: str) -> Tuple[int, str, str]:
        done = subprocess.run([self.binary, *args], cwd=self.cwd, capture_output=True,
                              text=True, timeout=600, check=False)
        return done.returncode, done.stdout, done.stderr

    def json(self, *args: str) -> Dict[str, Any]:
        code, out, err = self.run(*args, "--json")
        assert code == 0, err
        result: Dict[str, Any] = json.loads(out)
        return result

    def error(self, *args: str) -> str:
        """The message of a failing command: its stderr without "mroi: "."""
        code, _, err = self.run(*args)
        assert code != 0
        line = err.strip().splitlines()[-1]
        assert line.startswith("mroi: "), err
        return line[len("mroi: "):]


@pytest.fixture(scope="session")
def demo_dir(mroi_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with data/ written by `mroi demo` (the CLI run there uses data/...)."""
    root = tmp_path_factory.mktemp("demo")
    subprocess.run([mroi_bin, "demo", "--out", str(root)], check=True, capture_output=True)
    return root


@pytest.fixture(scope="session")
def cli(mroi_bin: str, demo_dir: Path) -> Cli:
    """The CLI run in the demo folder."""
    return Cli(mroi_bin, demo_dir)


@pytest.fixture(scope="session")
def demo_frames(demo_dir: Path) -> Dict[str, pd.DataFrame]:
    """The demo's CSV inputs read as text DataFrames, keyed "frames/<file>". Rows pandas
    cannot read (a wrong number of fields) are skipped, and the frames are written back
    to frames/ so that the CLI can read exactly the bytes the module is given."""
    out_dir = demo_dir / "frames"
    out_dir.mkdir(exist_ok=True)
    frames: Dict[str, pd.DataFrame] = {}
    for path in sorted((demo_dir / "data").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, on_bad_lines="skip")
        frame.to_csv(out_dir / path.name, index=False)
        frames[f"frames/{path.name}"] = frame
    return frames


def read_cli_csv(path: Path) -> pd.DataFrame:
    """A CSV the CLI wrote, as pandas reads it by default."""
    return pd.read_csv(path)


def kinds() -> List[str]:
    return ["touchpoints", "conversions", "leads", "deals", "spend"]
