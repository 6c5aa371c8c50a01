#!/usr/bin/env bash
# bench/plan_bench.sh: times the budget planner end to end (whole CLI processes, wall
# clock, median of 3 runs) on this machine:
#   - mroi plan mmm (fit + 100 bootstrap refits) + mroi plan optimize, on simulated weekly
#     histories of 156 and 208 weeks x 5 and 10 channels (bench/gen_weekly.cc) and on
#     Robyn's and Meridian's simulated data (../shared/data);
#   - mroi plan montecarlo with 100k and 1M draws.
# Builds Release into build-bench/. Prints one line per case; copy figures into
# bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMROI_BENCHMARKS=ON -DMROI_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target gen_weekly mroi_cli >/dev/null
MROI=build-bench/mroi
DATA=bench/data/plan
mkdir -p "$DATA"

# Median wall seconds of 3 runs of the command.
median3() {
  local times=()
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}

mmm_case() {
  local name=$1 file=$2
  local fit opt
  fit=$(median3 "$MROI" plan mmm --weekly "$file" --quiet --save "$DATA/$name.model.json")
  local budget
  budget=$(/usr/bin/python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(round(13*sum(c['mean_spend'] for c in m['curves'])))" "$DATA/$name.model.json")
  opt=$(median3 "$MROI" plan optimize --model "$DATA/$name.model.json" --budget "$budget" --no-tiers)
  echo "mmm $name: fit+bootstrap100 ${fit}s, optimize ${opt}s"
}

for weeks in 156 208; do
  for channels in 5 10; do
    file="$DATA/sim_${weeks}x${channels}.csv"
    [ -f "$file" ] || build-bench/bench/gen_weekly "$weeks" "$channels" "$file" 1 2>/dev/null
    mmm_case "sim_${weeks}x${channels}" "$file"
  done
done
[ -f ../shared/data/robyn/dt_simulated_weekly.csv ] &&
  mmm_case robyn_208x5 ../shared/data/robyn/dt_simulated_weekly.csv
[ -f ../shared/data/meridian/national_media.csv ] &&
  mmm_case meridian_156x4 ../shared/data/meridian/national_media.csv

for draws in 100000 1000000; do
  t=$(median3 "$MROI" plan montecarlo --target 50000000 --deal-size 500000 \
        --close-rate beta:30/300 --cpl lognormal:3000:0.25 --confidence 0.9 --draws "$draws")
  echo "montecarlo b2b ${draws} draws: ${t}s"
done
