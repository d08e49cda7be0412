#!/usr/bin/env bash
# Runs fuzz targets under libFuzzer for SECONDS each and prints, per target, how many inputs it
# executed and whether it found anything. Needs nightly Rust and cargo-fuzz.
#
#   fuzz/run.sh SECONDS [TARGET...]      (every target when none is named)
#
# Seeds come from fuzz/seeds/ (built by fuzz/seed.sh when missing); what libFuzzer learns goes
# to fuzz/corpus/<target>/ and a crashing input to fuzz/artifacts/<target>/, all ignored by git.
# Logs are in fuzz/logs/<target>.log. Exits 1 when a target found a crash, a leak or a hang.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(parse_check check_emit import_openapi import_powerplatform lint)
fi
[ -d seeds ] || ./seed.sh
mkdir -p logs

cargo +nightly fuzz build

failed=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log="logs/$target.log"
  # -timeout: an input running 20 s is a hang; -rss_limit_mb: one using 2 GB is a memory bomb.
  if cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1; then
    outcome="no findings"
  else
    outcome="FINDING (see $log and artifacts/$target/)"
    failed=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "$target: ${runs:-?} executions in ${seconds} s, $outcome"
done
exit "$failed"
