#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/, docs/security.md) and runs each for FUZZ_SECONDS.
#
#   scripts/fuzz/run.sh                    every harness, FUZZ_SECONDS each (default 300)
#   scripts/fuzz/run.sh json expression    some, by name (fuzz-<name> is the product)
#
# Each harness is built alone (--product) with -sanitize=fuzzer,address in its own scratch path,
# .build-fuzz, so that neither the ordinary .build nor the other products get libFuzzer's
# instrumentation. libFuzzer starts from Fuzz/Corpus/<name> (read only) and keeps what it finds
# in .build-fuzz/corpus/<name>. Any crash, sanitizer report, leak, timeout (FUZZ_TIMEOUT seconds
# for one input, default 10) or input above FUZZ_RSS_MB of memory (default 2048) fails the run;
# the input is kept in .build-fuzz/artifacts/<name>/ (add it to Fuzz/Corpus/<name> once fixed).
# Prints one line per harness: executions, coverage, corpus size, result.
#
# Leaks found in the toolchain rather than in DeskBridge are suppressed, each with its reason, in
# scripts/fuzz/lsan-suppressions.txt.
set -uo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repository_dir=$(cd "$script_dir/../.." && pwd)
swift=${SWIFT:-swift}
seconds=${FUZZ_SECONDS:-300}
timeout_seconds=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
scratch="$repository_dir/.build-fuzz"
all=(query-string signature json expression adapter-loader config-loader link-header)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${all[@]}")

cd "$repository_dir"
summary=()
failed=0
for name in "${names[@]}"; do
  product="fuzz-$name"
  [ -d "Fuzz/$product" ] || { echo "fuzz: no harness Fuzz/$product" >&2; exit 2; }
  echo "fuzz: building $product (sanitize=fuzzer,address) in $scratch" >&2
  # "Cannot export local symbol" warnings (ASan's outlined checks, at link time) are noise.
  "$swift" build --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --product "$product" \
    2>&1 | grep -v "Cannot export local symbol" >&2
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "fuzz: $product did not build" >&2
    summary+=("$name: did not build")
    failed=1
    continue
  fi
  binary="$scratch/debug/$product"
  work="$scratch/corpus/$name"
  artifacts="$scratch/artifacts/$name/"
  log="$scratch/logs/$name.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  echo "fuzz: running $product for ${seconds}s (log: $log)" >&2
  # The Swift runtime's backtracer would add seconds to each crash report; ASan prints the stack.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
    LSAN_OPTIONS="suppressions=$script_dir/lsan-suppressions.txt:print_suppressions=0" \
    "$binary" "$work" "Fuzz/Corpus/$name" \
    -max_total_time="$seconds" -timeout="$timeout_seconds" -rss_limit_mb="$rss_mb" -max_len=65536 \
    -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1
  status=$?
  executions=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  coverage=$(grep -a -E '^#[0-9]+' "$log" | tail -1 | grep -o 'cov: [0-9]*' | grep -o '[0-9]*$')
  corpus=$(find "$work" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    result="ok"
  else
    result="FAILED (exit $status): $(grep -a -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|Fatal error|==ERROR' "$log" || echo 'see the log')"
    failed=1
    tail -40 "$log" >&2
  fi
  summary+=("$name: ${executions:-?} executions, cov ${coverage:-?}, corpus $corpus new inputs, $result")
done

echo "fuzz: ${seconds}s per harness" >&2
printf 'fuzz: %s\n' "${summary[@]}" >&2
exit $failed
