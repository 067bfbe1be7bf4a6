#!/usr/bin/env bash
# Runs every cargo-fuzz target (or those named in FUZZ_TARGETS) for SECONDS each and prints
# one line per target: executions, executions per second, coverage (libFuzzer's `cov` edges
# and `ft` features), corpus size, findings. Used by `make fuzz` / `make fuzz-long`; run from
# the repository root. Exit status: 0 when no target found anything, 1 on findings, 2 when a
# tool is missing.
#
#   fuzz/run.sh SECONDS [extra cargo-fuzz flags...]
#   FUZZ_TARGETS="relay flow_json" FUZZ_FEATURES=pure-rust fuzz/run.sh 60
#   FUZZ_RUNS=10000000 fuzz/run.sh 36000   # a campaign: stop each target after N executions
set -euo pipefail

seconds=${1:?usage: fuzz/run.sh SECONDS}
shift || true
cargo_fuzz=${CARGO_FUZZ:-.tools/bin/cargo-fuzz}
features=${FUZZ_FEATURES:-}
jobs_flag=()

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "make fuzz: no nightly Rust toolchain: cargo-fuzz needs one (libFuzzer and sanitizer" >&2
  echo "coverage are nightly-only). Install it with:  rustup toolchain install nightly" >&2
  echo "The committed corpus is still replayed on stable by 'cargo test --features fuzzing'." >&2
  exit 2
fi
if [ ! -x "$cargo_fuzz" ]; then
  echo "make fuzz: cargo-fuzz is missing at $cargo_fuzz (make installs it: make $cargo_fuzz)" >&2
  exit 2
fi

feature_flags=()
if [ -n "$features" ]; then
  feature_flags=(--no-default-features --features "$features")
fi
targets=${FUZZ_TARGETS:-$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^waflows-fuzz$')}

# Release build with debug assertions and overflow checks (cargo-fuzz's default), without
# AddressSanitizer: the fuzzed code is safe Rust, and the C inside aws-lc is not instrumented
# by -Zsanitizer anyway; the C ABI runs under ASan/UBSan in `make test-c-asan`.
flags=(--sanitizer none "${feature_flags[@]}" "$@")
PATH="$(dirname "$cargo_fuzz"):$PATH" cargo +nightly fuzz build "${flags[@]}" >&2

mkdir -p fuzz/logs
printf '%-18s %12s %10s %8s %8s %7s %9s\n' target execs execs/s cov ft corpus findings
status=0
for t in $targets; do
  mkdir -p "fuzz/work/$t" "fuzz/artifacts/$t"
  dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  log="fuzz/logs/$t${FUZZ_LOG_SUFFIX:-}.log"
  before=$(find "fuzz/artifacts/$t" -type f | wc -l)
  set +e
  PATH="$(dirname "$cargo_fuzz"):$PATH" cargo +nightly fuzz run "${flags[@]}" "$t" \
    "fuzz/work/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -print_final_stats=1 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/artifacts/$t/" "${dict[@]}" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  after=$(find "fuzz/artifacts/$t" -type f | wc -l)
  found=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then found="rc=$rc"; fi
  printf '%-18s %12s %10s %8s %8s %7s %9s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found"
  if [ "$found" != 0 ]; then
    status=1
    echo "  findings in fuzz/artifacts/$t/ (log: $log); minimize with" \
      "'cargo +nightly fuzz tmin $t <file>' and commit it under fuzz/regressions/$t/" >&2
  fi
done
exit $status
