"""The type stubs cannot drift from the extension: mypy.stubtest compares
mroi/_core.pyi with the built module, and mypy --strict checks a small typed use of the
package against its annotations (py.typed)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import mroi
from mroi import _core

# The names the stubs describe: every public name of _core.
STUBBED = {
    "Error", "InvalidArgumentError", "NotFoundError", "FailedPreconditionError",
    "OutOfRangeError", "IOError", "UnimplementedError", "InternalError", "_raise_status",
    "PipelineRun", "run_pipeline", "input_kind_from_file_name", "attribution_json",
    "data_driven_json", "paths_data_driven_json", "clv_json", "plan_reverse_json",
    "abtest_json", "ScaleOptions", "scale_extract_keys", "scale_person_map",
    "scale_ip_shards", "scale_find_bot_ips", "scale_merge_bot_ips", "scale_split_rows",
    "scale_encode_chunk", "scale_partition_stats", "scale_merge_stats", "scale_finish",
    "scale_rfm", "scale_single_machine", "generate_event_log",
}

# pybind11 classes have their own metaclass and no constructor: not expressible in a stub.
ALWAYS_ALLOWED = ["mroi._core.PipelineRun", "mroi._core.PipelineRun.__init__",
                  "mroi._core.ScaleOptions"]


def package_dir() -> Path:
    return Path(mroi.__file__).parent


def test_stubtest_finds_no_drift(tmp_path: Path) -> None:
    unstubbed = [name for name in dir(_core) if not name.startswith("__") and
                 name not in STUBBED]
    assert not unstubbed, f"add these to _core.pyi and STUBBED: {unstubbed}"
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text("\n".join(ALWAYS_ALLOWED) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "mroi._core", "--allowlist", str(allowlist)],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(package_dir().parent)})
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_stubbed_name_exists() -> None:
    for name in STUBBED:
        assert hasattr(_core, name), name


def test_typed_use_passes_mypy_strict(tmp_path: Path) -> None:
    usage = tmp_path / "usage.py"
    usage.write_text(textwrap.dedent("""
        from typing import Any, Dict
        import pandas as pd
        import mroi

        def demo(frame: pd.DataFrame) -> float:
            run: mroi.Run = mroi.run({"touchpoints": frame}, lookback_days=14)
            clean_frames, quarantine, summary = mroi.clean(run)
            credit: pd.DataFrame = mroi.attribute(run, model="markov", order=2)
            plan: Dict[str, Any] = mroi.plan.reverse(target=1000.0, deal_size=50)
            test: Dict[str, Any] = mroi.abtest("proportions", control="1/10")
            fit: Dict[str, Any] = mroi.clv.fit(frame, model="bg_nbd")
            try:
                mroi.run("data")
            except mroi.InvalidArgumentError as error:
                print(error.code)
            return float(len(clean_frames) + len(quarantine) + len(summary) + len(credit)
                         + len(plan) + len(test) + len(fit))
    """))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
         "--cache-dir", str(tmp_path / "cache"), str(usage)],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(package_dir().parent)})
    assert done.returncode == 0, done.stdout + done.stderr
