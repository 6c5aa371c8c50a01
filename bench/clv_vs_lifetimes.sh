#!/usr/bin/env bash
# bench/clv_vs_lifetimes.sh: mroi's customer models against lifetimes 0.11 (Python), on
# the same data, in the same run (issue 6).
#
#  - fits, per size of CUSTOMERS (default 10000 100000 1000000): `clv_bench fit N CSV`
#    simulates N CDNOW-like customers (BG/NBD r 0.243 alpha 4.414 a 0.793 b 2.426, 12-week
#    cohort, 39-week calibration, recency in whole days; Gamma-Gamma p 6.25 q 3.74 v 15.44
#    spend), times FitModel for BG/NBD and Gamma-Gamma and writes the summary CSV; then
#    bench/lifetimes_fit.py fit CSV times BetaGeoFitter().fit and GammaGammaFitter().fit
#    (repeat customers) on that CSV;
#  - summaries, per size of TRANSACTIONS (default 1000000 10000000): `clv_bench summary N
#    CSV` times SummariseTransactions on N transactions of N/10 customers and writes them;
#    then lifetimes_fit.py summary CSV times summary_data_from_transaction_data on them.
# Every program runs under /usr/bin/time -f '%e %M' (whole-process wall seconds, peak RSS
# KiB); the table shows the timed call alone ("call s") and the process peak RSS, the
# speed ratio lifetimes / mroi and, for fits, the largest relative difference between
# the two tools' parameters. JSON lines go to bench/data/clv_results.jsonl.
#
# Environment: LIFETIMES_PATH, the PYTHONPATH under which /usr/bin/python3 imports
# lifetimes and autograd (installed by hand, see bench/README.md; without it only mroi is
# measured); BUILD_DIR (default build-clv-bench, Release with -DMROI_BENCHMARKS=ON);
# SKIP_BUILD=1 to use the binary as it is; CUSTOMERS, TRANSACTIONS (space-separated
# sizes, "" to skip that part); LT_TIMEOUT (seconds per lifetimes run, default 1800).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build-clv-bench}"
CUSTOMERS="${CUSTOMERS-10000 100000 1000000}"
TRANSACTIONS="${TRANSACTIONS-1000000 10000000}"
LT_TIMEOUT="${LT_TIMEOUT:-1800}"
RESULTS=bench/data/clv_results.jsonl
CLV_BENCH="$BUILD_DIR/bench/clv_bench"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DMROI_BENCHMARKS=ON \
        -DMROI_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD_DIR" -j2 --target clv_bench >/dev/null
fi
if [ -n "${LIFETIMES_PATH:-}" ] &&
   PYTHONPATH="$LIFETIMES_PATH" /usr/bin/python3 -c 'import lifetimes' >/dev/null 2>&1; then
  HAVE_LT=1
  LT_VERSION=$(PYTHONPATH="$LIFETIMES_PATH" /usr/bin/python3 -c \
               'import lifetimes; print(lifetimes.__version__)')
else
  HAVE_LT=0
  LT_VERSION=none
  echo "lifetimes cannot be imported (LIFETIMES_PATH='${LIFETIMES_PATH:-}'): measuring mroi" \
       "only. Install it by hand for benchmarks (bench/README.md); it is never a" \
       "dependency of mroi." >&2
fi
mkdir -p bench/data
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); lifetimes $LT_VERSION;" \
     "commit $COMMIT" >&2

# run NAME CMD...: runs CMD under /usr/bin/time; $WORK/NAME.json gets its stdout,
# $WORK/NAME.time "<wall s> <peak RSS KiB>", $WORK/NAME.code its exit code.
run() {
  local name=$1 code=0
  shift
  /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.json" \
    2>"$WORK/$name.err" || code=$?
  echo "$code" >"$WORK/$name.code"
  if [ "$code" != 0 ]; then
    echo "$name failed ($code): $(tail -c 300 "$WORK/$name.err")" >&2
  fi
}

for n in $CUSTOMERS; do
  run "mroi_fit_$n" "$CLV_BENCH" fit "$n" "$WORK/fit_$n.csv"
  if [ "$HAVE_LT" = 1 ]; then
    run "lt_fit_$n" env PYTHONPATH="$LIFETIMES_PATH" timeout "$LT_TIMEOUT" \
      /usr/bin/python3 bench/lifetimes_fit.py fit "$WORK/fit_$n.csv"
  fi
  rm -f "$WORK/fit_$n.csv"
done
for n in $TRANSACTIONS; do
  run "mroi_summary_$n" "$CLV_BENCH" summary "$n" "$WORK/tx_$n.csv"
  if [ "$HAVE_LT" = 1 ]; then
    run "lt_summary_$n" env PYTHONPATH="$LIFETIMES_PATH" timeout "$LT_TIMEOUT" \
      /usr/bin/python3 bench/lifetimes_fit.py summary "$WORK/tx_$n.csv"
  fi
  rm -f "$WORK/tx_$n.csv"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$WORK" "$RESULTS" "$COMMIT" "$LT_VERSION" "$CUSTOMERS" "$TRANSACTIONS" <<'EOF'
import json, os, sys
work, results, commit, lt_version, customers, transactions = sys.argv[1:]

def load(name):
    path = os.path.join(work, name)
    if not os.path.exists(path + ".code"):
        return None
    wall, rss = open(path + ".time").read().split()[-2:]
    code = int(open(path + ".code").read())
    out = {"status": "ok" if code == 0 else f"failed ({code})",
           "process_wall_s": float(wall), "peak_rss_mib": int(rss) / 1024}
    if code == 0:
        out["result"] = json.loads(open(path + ".json").read())
    return out

def max_rel(a, b):
    return max(abs(a[k] - b[k]) / abs(b[k]) for k in b)

rows = []
with open(results, "a") as sink:
    for kind, sizes in (("fit", customers.split()), ("summary", transactions.split())):
        for n in sizes:
            mroi, lt = load(f"mroi_{kind}_{n}"), load(f"lt_{kind}_{n}")
            sink.write(json.dumps({"kind": kind, "size": int(n), "commit": commit,
                                   "lifetimes": lt_version, "mroi_run": mroi,
                                   "lifetimes_run": lt}) + "\n")
            parts = ["bg_nbd", "gamma_gamma"] if kind == "fit" else [None]
            for part in parts:
                def call(run):
                    if run is None or run["status"] != "ok":
                        return None
                    return (run["result"][part] if part else run["result"])["seconds"]
                m, l = call(mroi), call(lt)
                diff = ""
                if part and m is not None and l is not None:
                    diff = f"{max_rel(mroi['result'][part]['params'], lt['result'][part]['params']):.1e}"
                elif kind == "summary" and m is not None and l is not None:
                    keys = ("customers", "sum_frequency", "sum_recency", "sum_T", "sum_monetary_value")
                    diff = f"{max(abs(mroi['result'][k] - lt['result'][k]) / max(abs(lt['result'][k]), 1) for k in keys):.1e}"
                rows.append([part or "summary", n,
                             f"{m:.4f}" if m is not None else (mroi or {}).get("status", "-"),
                             f"{mroi['peak_rss_mib']:.0f}" if mroi else "-",
                             f"{l:.3f}" if l is not None else (lt or {}).get("status", "not run"),
                             f"{lt['peak_rss_mib']:.0f}" if lt else "-",
                             (f"{l / m:.1f}x" if l / m < 10 else f"{l / m:.0f}x") if m and l else "-", diff])
head = ["task", "size", "mroi call s", "mroi RSS MiB", "lifetimes call s",
        "lifetimes RSS MiB", "lifetimes/mroi", "max rel diff"]
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
for r in [head] + rows:
    print(" | ".join(str(v).rjust(w) for v, w in zip(r, widths)))
EOF
