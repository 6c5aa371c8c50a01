#!/usr/bin/env bash
# bench/markov_vs_ca.sh [SIZES...]: mroi's exact Markov chains (orders 1..4) and exact
# Shapley values against ChannelAttribution's simulated markov_model, on the same
# aggregated paths files, in the same run.
#
# Per size (journeys; default 10000 100000 1000000 10000000) it generates
# bench/data/paths/<size>.csv once with gen_paths (12 channels, seeded), then
#  - mroi: `mroi attribute --paths F --model markov --order k --json` for k = 1..4 and
#    `--model shapley --json`, RUNS times each (default 3): median whole-process wall
#    time and peak RSS, and the largest difference between any two runs' outputs;
#  - ChannelAttribution, when `library(ChannelAttribution)` loads in Rscript: per order,
#    bench/ca_markov.R with each seed of CA_SEEDS (default "1 1001"): the time of
#    markov_model() alone (file already loaded), the whole R process' peak RSS, its
#    removal effects, their largest difference between seeds and from mroi's exact ones.
#    A run longer than CA_TIMEOUT seconds (default 1800) is stopped and reported as
#    "timed out".
# One JSON line per (size, order, tool) is appended to bench/data/dd_results.jsonl and a
# table is printed. Environment: BUILD_DIR (default build-dd-bench; built Release with
# -DMROI_BENCHMARKS=ON), MROI (default $BUILD_DIR/mroi), SKIP_BUILD=1 to use the binaries
# as they are, RUNS, CA_SEEDS, CA_TIMEOUT, ORDERS (default "1 2 3 4"), COMMIT (the label
# of the measured build; default git rev-parse --short HEAD).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000 10000000)
BUILD_DIR="${BUILD_DIR:-build-dd-bench}"
MROI="${MROI:-$BUILD_DIR/mroi}"
GEN_PATHS="$BUILD_DIR/bench/gen_paths"
RUNS="${RUNS:-3}"
# Seeds far apart: markov_model seeds its fold k with seed + k (nfold = 10), so seeds 1
# and 2 share 9 of their 10 random streams and often give identical answers.
CA_SEEDS="${CA_SEEDS:-1 1001}"
CA_TIMEOUT="${CA_TIMEOUT:-1800}"
ORDERS="${ORDERS:-1 2 3 4}"
RESULTS=bench/data/dd_results.jsonl

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DMROI_BENCHMARKS=ON \
        -DMROI_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD_DIR" -j2 --target mroi_cli gen_paths >/dev/null
fi
COMMIT="${COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
if Rscript -e 'suppressPackageStartupMessages(library(ChannelAttribution))' >/dev/null 2>&1; then
  HAVE_CA=1
else
  HAVE_CA=0
  echo "ChannelAttribution not installed: measuring mroi only. Install it by hand for" \
       "benchmarks (see bench/README.md); it is never a dependency of mroi." >&2
fi
mkdir -p bench/data/paths
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# run_timed OUT TIMEFILE CMD...: runs CMD with stdout to OUT; TIMEFILE gets
# "<wall seconds> <peak RSS KiB> <exit code>". Wall is measured with ns resolution.
run_timed() {
  local out=$1 timefile=$2
  shift 2
  local start end code=0
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$timefile.rss" "$@" >"$out" 2>"$out.err" || code=$?
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -1 "$timefile.rss") $code" |
    awk '{printf "%.3f %s %s\n", $1 / 1000, $2, $3}' >"$timefile"
}

# summarize SIZE FILE ORDER: reads the runs in $WORK, prints JSON lines (appended to
# $RESULTS) and one table row.
summarize() {
  python3 - "$@" "$WORK" "$RESULTS" "$COMMIT" "$HAVE_CA" "$RUNS" "$CA_SEEDS" "$CA_TIMEOUT" <<'EOF'
import json, os, statistics, sys
size, path_file, order, work, results, commit, have_ca, runs, ca_seeds, ca_timeout = sys.argv[1:]
runs = int(runs)
seeds = ca_seeds.split()
distinct = sum(1 for _ in open(path_file)) - 1
file_bytes = os.path.getsize(path_file)
model = "shapley" if order == "shapley" else "markov"

def timing(name):
    wall, rss, code = open(os.path.join(work, name + ".time")).read().split()
    return float(wall), int(rss), int(code)

def numbers(value, prefix=""):
    """Flatten a JSON value to {path: number}; list items keyed by their channel."""
    flat = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flat.update(numbers(item, f"{prefix}/{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            key = item.get("channel", index) if isinstance(item, dict) else index
            flat.update(numbers(item, f"{prefix}/{key}"))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        flat[prefix] = float(value)
    return flat

def max_diff(a, b):
    keys = set(a) | set(b)
    return max((abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in keys), default=0.0)

base = {"journeys": int(size), "distinct_paths": distinct, "file_bytes": file_bytes,
        "model": model, "order": None if order == "shapley" else int(order),
        "commit": commit}
lines = []
# mroi
walls, rsses, outputs, texts, failed = [], [], [], [], None
for run in range(runs):
    name = f"mroi_{order}_{run}"
    wall, rss, code = timing(name)
    if code != 0:
        failed = open(os.path.join(work, name + ".out.err")).read().strip()[-300:]
        break
    walls.append(wall); rsses.append(rss)
    text = open(os.path.join(work, name + ".out")).read()
    texts.append(text); outputs.append(numbers(json.loads(text)))
mroi = dict(base, tool="mroi")
if failed is not None:
    mroi.update(status="failed", error=failed)
    exact = None
else:
    run_diff = max((max_diff(outputs[0], other) for other in outputs[1:]), default=0.0)
    mroi.update(status="ok", runs=runs, wall_s=statistics.median(walls), wall_all_s=walls,
                peak_rss_kib=int(statistics.median(rsses)), max_run_diff=run_diff,
                identical_outputs=all(t == texts[0] for t in texts))
    exact = {c["channel"]: c["removal_effect"] for c in json.loads(texts[0])["channels"]} \
        if model == "markov" else None
lines.append(mroi)
# ChannelAttribution
ca = None
if model == "markov" and have_ca == "1":
    ca = dict(base, tool="ChannelAttribution", seeds=[int(s) for s in seeds])
    effects, seconds, process_walls, rss_max, status = [], [], [], 0, "ok"
    for seed in seeds:
        name = f"ca_{order}_{seed}"
        wall, rss, code = timing(name)
        rss_max = max(rss_max, rss)
        if code == 124:
            status = f"timed out after {ca_timeout} s"; break
        if code == 125:
            status = "skipped: a lower order timed out"; break
        if code != 0:
            status = "failed: " + open(os.path.join(work, name + ".out.err")).read().strip()[-300:]
            break
        answer = json.loads(open(os.path.join(work, name + ".out")).read().strip().splitlines()[-1])
        seconds.append(answer["seconds"]); process_walls.append(wall)
        effects.append(answer["removal_effects"])
    ca["status"] = status
    if status == "ok":
        ca.update(markov_model_s=statistics.mean(seconds), markov_model_all_s=seconds,
                  process_wall_all_s=process_walls, peak_rss_kib=rss_max,
                  removal_effects=effects[0])
        ca["max_seed_diff"] = max((max_diff(effects[0], e) for e in effects[1:]), default=None)
        if exact is not None:
            ca["max_diff_vs_exact"] = max(max_diff(e, exact) for e in effects)
            mean = {k: statistics.mean(e.get(k, 0.0) for e in effects) for k in exact}
            ca["seed_mean_max_diff_vs_exact"] = max_diff(mean, exact)
            ca["ratio_vs_mroi"] = ca["markov_model_s"] / mroi["wall_s"]
    else:
        ca["peak_rss_kib"] = rss_max
    lines.append(ca)
with open(results, "a") as out:
    for line in lines:
        out.write(json.dumps(line) + "\n")

def cell(value, form):
    return "-" if value is None else format(value, form)

label = "shapley" if model == "shapley" else f"order {order}"
if mroi["status"] != "ok":
    mroi_cells = f"{'mroi failed':>24}"
else:
    mroi_cells = f"{mroi['wall_s']:>8.3f} {mroi['peak_rss_kib'] / 1024:>8.0f} {mroi['max_run_diff']:>6.0g}"
if ca is None:
    ca_cells = "ChannelAttribution: n/a" if model == "shapley" else "ChannelAttribution: not installed"
elif ca["status"] != "ok":
    ca_cells = ca["status"]
else:
    ca_cells = (f"{ca['markov_model_s']:>9.3f} {ca['peak_rss_kib'] / 1024:>8.0f} "
                f"{cell(ca.get('ratio_vs_mroi'), '>7.1f')}x {cell(ca['max_seed_diff'], '>9.4f')} "
                f"{cell(ca.get('max_diff_vs_exact'), '>9.4f')}")
print(f"{size:>9} {distinct:>9} {label:>8} | {mroi_cells} | {ca_cells}")
EOF
}

echo "commit $COMMIT; mroi: median of $RUNS whole-process runs; ChannelAttribution:" \
     "markov_model() only, mean of seeds $CA_SEEDS; RSS in MiB (whole process)"
printf '%9s %9s %8s | %8s %8s %6s | %9s %8s %8s %9s %9s\n' journeys paths model \
       mroi_s rss_mb rundif CA_s rss_mb ratio seed_dif vs_exact
for size in "${SIZES[@]}"; do
  file="bench/data/paths/$size.csv"
  [ -s "$file" ] || "$GEN_PATHS" "$size" "$file" 2>/dev/null
  cat "$file" >/dev/null  # warm the page cache
  ca_timed_out=0
  for order in $ORDERS shapley; do
    for ((run = 0; run < RUNS; ++run)); do
      if [ "$order" = shapley ]; then
        args=(--model shapley)
      else
        args=(--model markov --order "$order")
      fi
      run_timed "$WORK/mroi_${order}_$run.out" "$WORK/mroi_${order}_$run.time" \
        "$MROI" attribute --paths "$file" "${args[@]}" --json
    done
    if [ "$HAVE_CA" = 1 ] && [ "$order" != shapley ] && [ "$ca_timed_out" = 1 ]; then
      # Higher orders only take longer: do not wait for another timeout.
      for seed in $CA_SEEDS; do echo "0 0 125" >"$WORK/ca_${order}_$seed.time"; done
    elif [ "$HAVE_CA" = 1 ] && [ "$order" != shapley ]; then
      for seed in $CA_SEEDS; do
        run_timed "$WORK/ca_${order}_$seed.out" "$WORK/ca_${order}_$seed.time" \
          timeout --kill-after=30 "$CA_TIMEOUT" Rscript bench/ca_markov.R "$file" "$order" "$seed"
        # Both seeds are needed only for the spread; a timeout at one seed ends the order.
        if [ "$(awk '{print $3}' "$WORK/ca_${order}_$seed.time")" = 124 ]; then
          ca_timed_out=1
          break
        fi
      done
    fi
    summarize "$size" "$file" "$order"
  done
done
