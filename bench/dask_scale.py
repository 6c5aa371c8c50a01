#!/usr/bin/python3
"""The scale-out benchmark of mroi.dask (issue 10): generated event logs of growing size
streamed through the Dask engine, each chunk generated on the worker that reads it
(mroi._core.generate_event_log), so that no file of the whole log is ever written.

For every total size (default 1M, 10M and 100M touchpoints) the log is cut into chunks
of a fixed size (default 1M touchpoints, 125k persons each, 10 % of them also in the next
chunk), so the chunk count grows with the total and the per-worker memory should not.
Each size runs on a fresh cluster (a new LocalCluster, or client.restart() of the one at
--scheduler) so that each worker's peak RSS (ru_maxrss) is that size's alone.

Prints one Markdown table (and with --json a JSON line per size): wall time per pass and
in total, touchpoints per second, each worker's peak RSS, the driver's peak RSS, and the
shuffle bytes when the engine reports them.

    PYTHONPATH=build/python /usr/bin/python3 bench/dask_scale.py --sizes 1M,10M
    bench/dask_scale.sh 1M 10M 100M          # builds mroi._core (Release) first

--mode generate runs only the generation on the workers (the plumbing and the
generator's own cost, without mroi.dask).
"""
from __future__ import annotations

import argparse
import inspect
import json
import math
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

SUFFIXES = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str) -> int:
    """'10M' -> 10_000_000; '250k' -> 250_000; '1000' -> 1000."""
    text = text.strip().lower()
    if text and text[-1] in SUFFIXES:
        return int(float(text[:-1]) * SUFFIXES[text[-1]])
    return int(text)


def format_size(n: int) -> str:
    for suffix, unit in (("G", 1_000_000_000), ("M", 1_000_000), ("k", 1_000)):
        if n >= unit and n % unit == 0:
            return f"{n // unit}{suffix}"
    return str(n)


def peak_rss_mib() -> float:
    """This process's peak resident set size, MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class ChunkPlan:
    """The chunks of one total size: chunk i has rows[i] touchpoints."""
    seed: int
    rows: List[int]
    persons: int
    overlap: float

    @staticmethod
    def make(total: int, chunk_rows: int, persons: int, overlap: float,
             seed: int) -> "ChunkPlan":
        count = max(1, math.ceil(total / chunk_rows))
        rows = [total // count + (1 if i < total % count else 0) for i in range(count)]
        return ChunkPlan(seed=seed, rows=rows, persons=persons, overlap=overlap)


def generate_chunk(seed: int, chunk: int, rows: int, persons: int,
                   overlap: float) -> Dict[str, Any]:
    """Runs on a worker: chunk `chunk` of the log, {kind: (header, rows bytes)}."""
    import mroi._core as core
    return core.generate_event_log(seed, chunk, rows, persons, overlap)


def generate_and_count(seed: int, chunk: int, rows: int, persons: int,
                       overlap: float) -> Dict[str, int]:
    """Runs on a worker (--mode generate): generate a chunk, keep only its sizes."""
    files = generate_chunk(seed, chunk, rows, persons, overlap)
    return {kind: len(data) for kind, (_, data) in files.items()} | {
        "conversion_rows": files["conversions"][1].count(b"\n")}


@dataclass
class SizeResult:
    """What one total size measured."""
    touchpoints: int
    chunks: int
    wall_s: float
    passes_s: Dict[str, float] = field(default_factory=dict)
    worker_peak_rss_mib: Dict[str, float] = field(default_factory=dict)
    worker_start_rss_mib: Dict[str, float] = field(default_factory=dict)
    driver_peak_rss_mib: float = 0.0
    shuffle_bytes: Optional[int] = None
    generated_bytes: Optional[int] = None
    conversions: Optional[int] = None
    note: str = ""

    @property
    def events_per_s(self) -> float:
        return self.touchpoints / self.wall_s if self.wall_s > 0 else float("nan")


def run_generate(client: Any, plan: ChunkPlan) -> SizeResult:
    """Generation only: one task per chunk, results reduced to byte counts."""
    start = time.perf_counter()
    futures = [client.submit(generate_and_count, plan.seed, i, rows, plan.persons,
                             plan.overlap, pure=False)
               for i, rows in enumerate(plan.rows)]
    sizes = client.gather(futures)
    wall = time.perf_counter() - start
    return SizeResult(touchpoints=sum(plan.rows), chunks=len(plan.rows), wall_s=wall,
                      passes_s={"generate": wall},
                      generated_bytes=sum(s["touchpoints"] + s["conversions"] for s in sizes),
                      conversions=sum(s["conversion_rows"] for s in sizes))


def engine_chunks(seed: int, chunk: int, rows: int, persons: int,
                  overlap: float) -> List[Any]:
    """Runs on a worker: chunk `chunk` of the log as the engine's chunk tuples
    (file, chunk, name, kind, header, rows): touchpoints are file 0, conversions 1."""
    files = generate_chunk(seed, chunk, rows, persons, overlap)
    return [(index, chunk, f"{kind}.csv", kind, files[kind][0], files[kind][1])
            for index, kind in enumerate(("touchpoints", "conversions"))]


def run_engine(client: Any, plan: ChunkPlan) -> SizeResult:
    """The mroi.dask engine over chunks generated on the workers (twice: pass 1 and the
    shuffle regenerate them, so no chunk is held between passes)."""
    import functools
    import mroi.dask as engine
    sources = [functools.partial(engine_chunks, plan.seed, i, rows, plan.persons, plan.overlap)
               for i, rows in enumerate(plan.rows)]
    start = time.perf_counter()
    result = engine.run_chunks(client, sources, progress=lambda message: print(
        f"#   {message}", file=sys.stderr, flush=True))
    wall = time.perf_counter() - start
    cleaning = result.json["cleaning"]
    return SizeResult(touchpoints=sum(plan.rows), chunks=len(plan.rows), wall_s=wall,
                      passes_s=dict(result.timings),
                      conversions=cleaning.get("conversions", {}).get("rows_in"),
                      shuffle_bytes=None,
                      note=(f"persons {result.json['identity']['persons']:,}, "
                            f"person-map keys {result.stats['mapped_keys']:,}, "
                            f"edges {result.stats['edges']:,}, "
                            f"bot IPs {result.stats['bot_ips']}"))


class Cluster:
    """A fresh set of workers per size: a LocalCluster, or the workers at --scheduler
    restarted (their ru_maxrss starts again from zero)."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> Any:
        from distributed import Client, LocalCluster
        if self.args.scheduler:
            self.client = Client(self.args.scheduler)
            self.client.restart()
        else:
            self.cluster = LocalCluster(n_workers=self.args.workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        memory_limit=self.args.memory_limit)
            self.client = Client(self.cluster)
        self.client.wait_for_workers(self.args.workers if not self.args.scheduler else 1)
        return self.client

    def __exit__(self, *exc: Any) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_size(args: argparse.Namespace, total: int) -> SizeResult:
    plan = ChunkPlan.make(total, args.chunk_rows, args.persons or args.chunk_rows // 8,
                          args.overlap, args.seed)
    runner: Callable[[Any, ChunkPlan], SizeResult] = (
        run_generate if args.mode == "generate" else run_engine)
    with Cluster(args) as client:
        # Import mroi on every worker before the clock starts.
        client.run(lambda: __import__("mroi._core") and None)
        start_rss = client.run(peak_rss_mib)
        result = runner(client, plan)
        result.worker_start_rss_mib = start_rss
        result.worker_peak_rss_mib = client.run(peak_rss_mib)
    result.driver_peak_rss_mib = peak_rss_mib()
    return result


def markdown_table(results: List[SizeResult]) -> str:
    pass_names: List[str] = []
    for r in results:
        pass_names += [p for p in r.passes_s if p not in pass_names]
    head = (["touchpoints", "chunks"] + [f"{p} (s)" for p in pass_names] +
            ["total (s)", "touchpoints/s", "peak RSS per worker (MiB)", "driver peak RSS (MiB)",
             "shuffle"])
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---:" for _ in head) + "|"]
    for r in results:
        workers = ", ".join(f"{v:,.0f}" for _, v in sorted(r.worker_peak_rss_mib.items()))
        shuffle = "—" if r.shuffle_bytes is None else f"{r.shuffle_bytes / 1e6:,.0f} MB"
        cells = ([format_size(r.touchpoints), str(r.chunks)] +
                 [f"{r.passes_s[p]:.1f}" if p in r.passes_s else "—" for p in pass_names] +
                 [f"**{r.wall_s:.1f}**", f"{r.events_per_s:,.0f}", workers,
                  f"{r.driver_peak_rss_mib:,.0f}", shuffle])
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1M,10M,100M",
                        help="total touchpoints per run, comma-separated (default 1M,10M,100M)")
    parser.add_argument("--chunk-rows", type=parse_size, default=1_000_000,
                        help="touchpoints per generated chunk (default 1M)")
    parser.add_argument("--persons", type=parse_size, default=0,
                        help="persons owned by each chunk (default chunk rows / 8)")
    parser.add_argument("--overlap", type=float, default=0.1,
                        help="share of a chunk's persons also in the next chunk (default 0.1)")
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="auto",
                        help="per-worker memory limit of the LocalCluster (default auto)")
    parser.add_argument("--scheduler", default="",
                        help="address of a running scheduler instead of a LocalCluster")
    parser.add_argument("--mode", choices=("engine", "generate"), default="engine",
                        help="engine: mroi.dask end to end; generate: generation only")
    parser.add_argument("--json", action="store_true", help="also print a JSON line per size")
    args = parser.parse_args(argv)

    results: List[SizeResult] = []
    for text in args.sizes.split(","):
        total = parse_size(text)
        print(f"# {format_size(total)} touchpoints ({args.mode}) ...", file=sys.stderr,
              flush=True)
        result = run_size(args, total)
        results.append(result)
        if args.json:
            print(json.dumps(result.__dict__ | {"events_per_s": result.events_per_s}),
                  flush=True)
        print(f"#   {result.wall_s:.1f} s, {result.events_per_s:,.0f} touchpoints/s, "
              f"worker peak RSS {sorted(result.worker_peak_rss_mib.values())} MiB; "
              f"{result.note}",
              file=sys.stderr, flush=True)
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
