"""mroi.dask: the per-person pipeline on a Dask cluster, equal to one machine.

The event log is cut into chunks that the workers read (or generate) themselves; the
driver only sees identity edges, the small bot-IP table and the merged statistics.
Design and limits: docs/scale.md. The passes:

1. keys      every chunk → identity edges (ids seen on one row) and the (IP, time)
             events of the bot_rate IP rule, split by IP shard.
2. map       the driver merges the edges (union-find) into a person map, sharded by
             key; each IP shard finds its bot IPs.
3. shuffle   every chunk (read again) → rows by the shard of their first id key; each
             key shard resolves its rows' persons and splits them by person.
4. reduce    each partition: ingest → clean → identity → journeys → mergeable
             statistics; a tree of merges; the driver fits and renders.

Example::

    from distributed import Client
    import mroi.dask
    client = Client("tcp://scheduler:8786")        # or LocalCluster() on one machine
    result = mroi.dask.run(client, ["/shared/touchpoints_2025.csv",
                                    "/shared/conversions_2025.csv",
                                    "/shared/spend.csv"])
    result.attribution            # credit per model and channel
    result.rfm                    # one row per customer, for CLV models
"""
from __future__ import annotations

import functools
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _core
from ._inputs import kind_of

__all__ = ["run", "run_chunks", "single_machine", "ScaleResult", "file_chunks"]

# (file index, chunk index, file name, kind, header, rows bytes): one chunk of a file.
ChunkTuple = Tuple[int, int, str, str, str, bytes]
# A picklable callable run on a worker that returns the chunks of one piece of input.
ChunkSource = Callable[[], List[ChunkTuple]]
Inputs = Union[Sequence[str], Sequence[Tuple[str, str]], Dict[str, Sequence[str]]]

PER_PERSON_KINDS = ("touchpoints", "conversions", "leads", "deals")
_KIND_ORDER = ("touchpoints", "conversions", "leads", "deals", "spend", "costs", "email",
               "goals")
_DEFAULT_CHUNK_BYTES = 64 << 20
_MERGE_FAN_IN = 8


@dataclass
class ScaleResult:
    """What a scale-out (or single-machine) run gives.

    ``json`` is the whole result (sections cleaning, identity, journeys, attribution,
    markov, metrics, rfm, clv); the DataFrames are views of it. ``timings`` holds the
    seconds of each pass and ``stats`` the sizes (rows, chunks, partitions, bytes
    shuffled per pass, keys in the person map, bot IPs).
    """
    json: Dict[str, Any]
    rfm: pd.DataFrame
    timings: Dict[str, float] = field(default_factory=dict)
    stats: Dict[str, int] = field(default_factory=dict)

    @property
    def cleaning(self) -> pd.DataFrame:
        """One row per input kind: rows_in, rows_kept, rows_quarantined, by_rule."""
        rows = [{"kind": kind, **counts} for kind, counts in self.json["cleaning"].items()]
        return pd.DataFrame(rows)

    @property
    def attribution(self) -> pd.DataFrame:
        """One row per (model, channel) of the rule models, as ``mroi attribute``."""
        section = self.json.get("attribution") or {}
        rows = []
        for model in section.get("models", []):
            for channel in model.get("channels", []):
                rows.append({"model": model.get("model"), **channel})
        return pd.DataFrame(rows)

    @property
    def metrics(self) -> pd.DataFrame:
        """One row per channel: touchpoints, leads, conversions, revenue, gross profit,
        spend."""
        rows = [{"channel": name, **sums} for name, sums in self.json["metrics"].items()]
        return pd.DataFrame(rows)

    @property
    def clv(self) -> Dict[str, Any]:
        """The CLV fit on the merged RFM table, as ``mroi clv fit --json``."""
        return dict(self.json.get("clv") or {})


def _options(config: Optional[str], models: str, markov_order: int,
             half_life_days: float) -> "_core.ScaleOptions":
    return _core.ScaleOptions(config or "", models, markov_order, half_life_days)


def _resolve_inputs(inputs: Inputs) -> List[Tuple[str, str]]:
    """(path, kind) pairs in the order one machine reads them: kind, then file name."""
    pairs: List[Tuple[str, str]] = []
    if isinstance(inputs, dict):
        for kind, paths in inputs.items():
            for path in ([paths] if isinstance(paths, str) else paths):
                pairs.append((str(path), kind_of(kind)))
    else:
        for item in inputs:
            if isinstance(item, tuple):
                pairs.append((str(item[0]), kind_of(item[1])))
            else:
                pairs.append((str(item), kind_of(os.path.basename(str(item)))))
    for path, _ in pairs:
        if not os.path.isfile(path):
            _core._raise_status("not_found", f"{path}: no such file")
    pairs.sort(key=lambda pair: (_KIND_ORDER.index(pair[1]), os.path.basename(pair[0])))
    return pairs


def _is_jsonl(path: str) -> bool:
    return path.endswith((".jsonl", ".ndjson"))


def _read_whole(index: int, path: str, kind: str) -> ChunkTuple:
    """A whole file as one chunk (the shared inputs, and the single-machine run)."""
    with open(path, "rb") as file:
        data = file.read()
    header = ""
    if not _is_jsonl(path) and kind != "goals":
        end = data.find(b"\n")
        end = len(data) if end < 0 else end + 1
        header, data = data[:end].decode("utf-8", "replace").rstrip("\r\n"), data[end:]
    return (index, 0, os.path.basename(path), kind, header, data)


def _read_range(index: int, chunk: int, path: str, kind: str, start: int,
                end: int) -> List[ChunkTuple]:
    """Runs on a worker: the lines of `path` that start in [start, end) (the header is
    never one of them). Lines are cut at newlines: a quoted CSV field holding a newline
    must not straddle a cut (docs/scale.md)."""
    with open(path, "rb") as file:
        header = b""
        if not _is_jsonl(path):
            header = file.readline()
        first = max(start, len(header))
        file.seek(first)
        if first > len(header):
            file.seek(first - 1)
            if file.read(1) != b"\n":
                file.readline()  # the line in progress belongs to the previous range
        data = bytearray()
        while file.tell() < end:
            line = file.readline()
            if not line:
                break
            data += line
    return [(index, chunk, os.path.basename(path), kind,
             header.decode("utf-8", "replace").rstrip("\r\n"), bytes(data))]


def file_chunks(inputs: Inputs, chunk_bytes: int = _DEFAULT_CHUNK_BYTES
                ) -> Tuple[List[ChunkSource], List[Tuple[int, str, str]]]:
    """The chunk sources of the per-person files of `inputs` (byte ranges of about
    `chunk_bytes`, read by the workers) and the (index, path, kind) of the shared files
    (spend, costs, email, goals: read whole by the driver)."""
    if chunk_bytes < 1:
        _core._raise_status("invalid_argument", "chunk_bytes must be at least 1")
    sources: List[ChunkSource] = []
    shared: List[Tuple[int, str, str]] = []
    for index, (path, kind) in enumerate(_resolve_inputs(inputs)):
        if kind not in PER_PERSON_KINDS:
            shared.append((index, path, kind))
            continue
        if path.endswith(".gz"):
            sources.append(functools.partial(_gz_whole, index, path, kind))
            continue
        size = os.path.getsize(path)
        starts = list(range(0, max(size, 1), chunk_bytes))
        for chunk, start in enumerate(starts):
            sources.append(functools.partial(_read_range, index, chunk, path, kind, start,
                                             min(start + chunk_bytes, size)))
    return sources, shared


def _gz_whole(index: int, path: str, kind: str) -> List[ChunkTuple]:
    """A gzip file cannot be cut: one chunk, decompressed by the ingest."""
    return [_read_whole(index, path, kind)]


# ---- the tasks (run on the workers) ----------------------------------------------


def _keys_task(source: ChunkSource, options_args: Tuple[Any, ...], ip_shards: int
               ) -> Tuple[List[Tuple[Any, Any]], List[Tuple[Any, Any]], int]:
    """Pass 1: the chunk's distinct identity edges and its IP events by IP shard."""
    import numpy as np
    options = _options(*options_args)
    edges, rows = [], 0
    ips, times = [], []
    for chunk in source():
        keys_from, keys_to, ip, ip_time, count = _core.scale_extract_keys(chunk, options)
        rows += count
        if len(keys_from):
            pairs = np.unique(np.stack([keys_from, keys_to], axis=1), axis=0)
            edges.append((np.ascontiguousarray(pairs[:, 0]),
                          np.ascontiguousarray(pairs[:, 1])))
        ips.append(ip)
        times.append(ip_time)
    ip_all = np.concatenate(ips) if ips else np.zeros(0, dtype=np.uint64)
    time_all = np.concatenate(times) if times else np.zeros(0, dtype=np.int64)
    ip_parts = _core.scale_ip_shards(np.ascontiguousarray(ip_all, dtype=np.uint64),
                                     np.ascontiguousarray(time_all, dtype=np.int64), ip_shards)
    return edges, ip_parts, rows


def _pick(value: Any, index: int) -> Any:
    return value[index]


def _bot_ips_task(options_args: Tuple[Any, ...], *parts: Tuple[Any, Any]) -> bytes:
    return _core.scale_find_bot_ips(list(parts), _options(*options_args))


def _split_task(source: ChunkSource, shards: int, options_args: Tuple[Any, ...]
                ) -> List[bytes]:
    """Pass 3a: the chunk's rows by the shard of their first id key."""
    options = _options(*options_args)
    buckets: List[List[bytes]] = [[] for _ in range(shards)]
    for chunk in source():
        parts = _core.scale_split_rows([_core.scale_encode_chunk(chunk)], None, shards, options)
        for shard, part in enumerate(parts):
            buckets[shard].append(part)
    return [b"".join(parts) for parts in buckets]  # row batches concatenate


def _resolve_task(map_shard: bytes, partitions: int, options_args: Tuple[Any, ...],
                  *buckets: bytes) -> List[bytes]:
    """Pass 3b: one key shard's rows by person (hash of the root key)."""
    return _core.scale_split_rows(list(buckets), map_shard, partitions,
                                  _options(*options_args))


def _stats_task(bot_ips: bytes, options_args: Tuple[Any, ...], *rows: bytes) -> bytes:
    """Pass 4: one partition's mergeable statistics."""
    return _core.scale_partition_stats(list(rows), bot_ips, _options(*options_args))


def _merge_task(*parts: bytes) -> bytes:
    return _core.scale_merge_stats(list(parts))


# ---- the engine (runs on the driver) ---------------------------------------------


def _nbytes(value: Any) -> int:
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(_nbytes(item) for item in value)
    return int(getattr(value, "nbytes", 0))


def run_chunks(client: Any, sources: Sequence[ChunkSource],
               shared: Sequence[ChunkTuple] = (), *, partitions: Optional[int] = None,
               config: Optional[str] = None, models: str = "all", markov_order: int = 1,
               half_life_days: float = 7.0, progress: Optional[Callable[[str], None]] = None
               ) -> ScaleResult:
    """Run the engine over chunks that the workers produce: each source is a picklable
    callable returning the chunks (file, chunk, name, kind, header, rows) of one piece
    of the per-person input; it is called twice (pass 1 and the shuffle), so that no
    chunk stays in memory between passes. `shared` are whole spend/costs/email/goals
    files. `partitions` defaults to the number of sources (memory per task stays flat
    as the input grows). The benchmark feeds generated chunks this way."""
    if not sources:
        _core._raise_status("invalid_argument", "no per-person input: give touchpoints, "
                                                "conversions, leads or deals")
    options_args = (config, models, markov_order, half_life_days)
    options = _options(*options_args)  # fail fast on bad options, on the driver
    shards = max(1, partitions or len(sources))
    partitions = shards
    say = progress or (lambda _message: None)
    timings: Dict[str, float] = {}
    stats: Dict[str, int] = {"sources": len(sources), "partitions": partitions}

    started = time.perf_counter()
    say(f"pass 1: keys of {len(sources)} chunks")
    keys = client.map(_keys_task, sources, options_args=options_args, ip_shards=shards,
                      pure=False)
    edges_futures = [client.submit(_pick, future, 0, pure=False) for future in keys]
    ip_futures = [client.submit(_pick, future, 1, pure=False) for future in keys]
    rows_futures = [client.submit(_pick, future, 2, pure=False) for future in keys]
    ip_by_shard = [[client.submit(_pick, part, shard, pure=False) for part in ip_futures]
                   for shard in range(shards)]
    bot_parts = [client.submit(_bot_ips_task, options_args, *parts, pure=False)
                 for parts in ip_by_shard]
    edges = [pair for chunk_edges in client.gather(edges_futures) for pair in chunk_edges]
    stats["rows"] = int(sum(client.gather(rows_futures)))
    stats["edges"] = int(sum(len(pair[0]) for pair in edges))
    stats["edge_bytes"] = _nbytes(edges)
    timings["keys_s"] = time.perf_counter() - started

    started = time.perf_counter()
    say(f"pass 2: person map of {stats['edges']} edges, bot IPs of {shards} IP shards")
    map_shards, mapped = _core.scale_person_map(edges, shards)
    del edges
    stats["mapped_keys"] = int(mapped)
    bot_ips, bot_count = _core.scale_merge_bot_ips(client.gather(bot_parts))
    stats["bot_ips"] = int(bot_count)
    map_futures = client.scatter(map_shards, broadcast=False)
    bot_future = client.scatter(bot_ips, broadcast=True)
    del keys, edges_futures, ip_futures, ip_by_shard, bot_parts, map_shards
    timings["map_s"] = time.perf_counter() - started

    started = time.perf_counter()
    say(f"pass 3: shuffle into {shards} key shards, then {partitions} person partitions")
    split = client.map(_split_task, sources, shards=shards, options_args=options_args,
                       pure=False)
    by_key = [[client.submit(_pick, part, shard, pure=False) for part in split]
              for shard in range(shards)]
    resolved = [client.submit(_resolve_task, map_futures[shard], partitions, options_args,
                              *by_key[shard], pure=False) for shard in range(shards)]
    by_person = [[client.submit(_pick, part, p, pure=False) for part in resolved]
                 for p in range(partitions)]
    # Hold no future the later tasks do not need: Dask frees each bucket as soon as its
    # consumer is done, so memory holds the data in flight, not all of it.
    del split, by_key, resolved

    say(f"pass 4: statistics of {partitions} partitions")
    level = [client.submit(_stats_task, bot_future, options_args, *parts, pure=False)
             for parts in by_person]
    del by_person
    while len(level) > 1:
        level = [client.submit(_merge_task, *level[i:i + _MERGE_FAN_IN], pure=False)
                 for i in range(0, len(level), _MERGE_FAN_IN)]
    merged = level[0].result()
    timings["shuffle_and_stats_s"] = time.perf_counter() - started
    stats["stats_bytes"] = len(merged)
    del level

    started = time.perf_counter()
    result = json.loads(_core.scale_finish(merged, list(shared), options))
    rfm = _rfm_frame(_core.scale_rfm(merged, options))
    timings["finish_s"] = time.perf_counter() - started
    return ScaleResult(json=result, rfm=rfm, timings=timings, stats=stats)


def _rfm_frame(columns: List[Tuple[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame({name: values for name, values in columns}, copy=False)
    frame["customer"] = frame["customer"].map(lambda key: f"{int(key):016x}")
    return frame


def run(client: Any, inputs: Inputs, *, partitions: Optional[int] = None,
        chunk_bytes: int = _DEFAULT_CHUNK_BYTES, config: Optional[str] = None,
        models: str = "all", markov_order: int = 1, half_life_days: float = 7.0,
        progress: Optional[Callable[[str], None]] = None) -> ScaleResult:
    """Run the per-person pipeline of `inputs` on the Dask cluster of `client`.

    `inputs` are paths readable by every worker (shared storage; CSV or JSONL, as
    ``mroi --data`` reads them, kind from the file name prefix), a list of
    (path, kind) or a dict kind → paths. Per-person files (touchpoints, conversions,
    leads, deals) are cut into ranges of about `chunk_bytes` that the workers read;
    spend, costs, email and goals are read whole by the driver. The result equals
    :func:`single_machine` on the same files: counts exactly, credit and fitted
    values to rounding (1e-9).

    Example::

        from distributed import Client, LocalCluster
        client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
        result = mroi.dask.run(client, {"touchpoints": ["/data/tp_01.csv"],
                                        "conversions": ["/data/orders.csv"]})
        print(result.cleaning, result.attribution.head())
    """
    sources, shared_files = file_chunks(inputs, chunk_bytes)
    shared = [_read_whole(index, path, kind) for index, path, kind in shared_files]
    return run_chunks(client, sources, shared, partitions=partitions, config=config,
                      models=models, markov_order=markov_order,
                      half_life_days=half_life_days, progress=progress)


def single_machine(inputs: Inputs, *, config: Optional[str] = None, models: str = "all",
                   markov_order: int = 1, half_life_days: float = 7.0) -> ScaleResult:
    """The reference: the ordinary pipeline on the whole files in this process, with the
    same result sections as :func:`run`.

    Example::

        reference = mroi.dask.single_machine(["touchpoints.csv", "conversions.csv"])
    """
    options = _options(config, models, markov_order, half_life_days)
    files = [_read_whole(index, path, kind)
             for index, (path, kind) in enumerate(_resolve_inputs(inputs))]
    started = time.perf_counter()
    text, rfm_columns = _core.scale_single_machine(files, options)
    elapsed = time.perf_counter() - started
    return ScaleResult(json=json.loads(text), rfm=_rfm_frame(rfm_columns),
                       timings={"total_s": elapsed}, stats={"files": len(files)})
