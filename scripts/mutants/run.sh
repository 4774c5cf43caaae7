#!/usr/bin/env bash
# Mutants the suite must kill: applies each deliberate breakage of Tests/Mutants/mutants.tsv to
# Sources, one at a time, builds, runs the tests named for it, and restores the file it patched.
#
#   scripts/mutants/run.sh [--fast] [--no-baseline] [name...]
#
#   --fast         only the mutants marked fast (the security and isolation ones; `make test` runs these)
#   --no-baseline  skip the first run of every filter on the unmutated tree
#   name...        only these mutants
#
# A mutant is killed when its tests fail, or when the mutated tree does not build in the file it
# patched (reported as "killed (build)"); it survived when its tests pass. A build that fails only
# in other files (someone mid-edit in the shared tree) is not a kill: the patch is taken back and
# the build retried every RETRY_SECONDS (60), up to BUILD_ATTEMPTS (5) times. The exit status is
# non-zero when any mutant survived, a filter selected no test, a patch no longer applies, or the
# tree would not build.
#
# The tree is always restored: only the files a patch touches, reversed with `git apply -R` (or
# checked out from HEAD, which is what they held: the script refuses to start when any of them has
# uncommitted changes). Other uncommitted work in the tree is never touched. At the end the clean
# tree is built again, so that nobody's `swift test --skip-build` runs a mutant.
#
# Logs: .build/mutants/<name>.log. Environment: SWIFT (default swift), RETRY_SECONDS, BUILD_ATTEMPTS.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
swift=${SWIFT:-swift}
mutants_dir=Tests/Mutants
manifest=$mutants_dir/mutants.tsv
logs=.build/mutants
retry_seconds=${RETRY_SECONDS:-60}
build_attempts=${BUILD_ATTEMPTS:-5}

fast=no
baseline=yes
wanted=()
for argument in "$@"; do
  case "$argument" in
    --fast) fast=yes ;;
    --no-baseline) baseline=no ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "mutants: unknown option $argument" >&2; exit 2 ;;
    *) wanted+=("$argument") ;;
  esac
done

say() { echo "mutants: $*" >&2; }

# The mutants to run: name, patch, filter.
names=() patches=() filters=()
while IFS=$'\t' read -r name patch filter is_fast rest; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ -z "$patch" || -z "$filter" || ( "$is_fast" != yes && "$is_fast" != no ) || -n "${rest:-}" ]]; then
    say "$manifest: the line of '$name' needs four tab-separated columns: name, patch, filter, yes|no"
    exit 2
  fi
  [[ "$fast" == yes && "$is_fast" != yes ]] && continue
  if ((${#wanted[@]})); then
    keep=no
    for one in "${wanted[@]}"; do [[ "$one" == "$name" ]] && keep=yes; done
    [[ $keep == no ]] && continue
  fi
  names+=("$name") patches+=("$mutants_dir/$patch") filters+=("$filter")
done <"$manifest"
if ((${#names[@]} == 0)); then
  say "no mutant selected"
  exit 2
fi

# The files a patch touches, from its +++ lines.
touched() { sed -n 's|^+++ b/||p' "$1"; }

# Every patch must apply to the committed files, and none of them may hold uncommitted work.
for index in "${!names[@]}"; do
  patch=${patches[$index]}
  [[ -f "$patch" ]] || { say "${names[$index]}: $patch is missing"; exit 2; }
  mapfile -t files < <(touched "$patch")
  ((${#files[@]})) || { say "${names[$index]}: $patch touches no file"; exit 2; }
  if ! git diff --quiet HEAD -- "${files[@]}"; then
    say "refusing to start: ${files[*]} has uncommitted changes (${names[$index]} patches it); commit or stash them first"
    exit 2
  fi
  if ! git apply --check "$patch" 2>/dev/null; then
    say "${names[$index]}: $patch no longer applies to ${files[*]}; make it again against HEAD (see docs/testing.md)"
    exit 2
  fi
done

# Restoring: whatever happens (failure, Ctrl-C), the patch applied is taken back.
applied=""
restore() {
  [[ -z "$applied" ]] && return 0
  local patch=$applied
  applied=""
  if ! git apply -R "$patch" 2>/dev/null; then
    mapfile -t files < <(touched "$patch")
    git checkout HEAD -- "${files[@]}"
  fi
}
trap restore EXIT
trap 'restore; exit 130' INT TERM

mkdir -p "$logs"

# What a test run says: how many tests ran, and the first failing ones.
tests_run() { grep -a -o -E 'Test run with [0-9]+ tests?' "$1" | tail -1 | grep -o -E '[0-9]+' || echo 0; }
failed_tests() {
  grep -a -E '^✘ Test [^ ]+ (failed|recorded)' "$1" | sed -E 's/^✘ Test ([^ ]+).*/\1/' | awk '!seen[$0]++' | head -3 | paste -sd, - || true
}

# The build errors of a log (file:line:column: error:), one per line.
build_errors() { grep -a -o -E '^/[^ :]+:[0-9]+:[0-9]+: error:' "$1" | sed -E 's/:[0-9]+:[0-9]+: error:$//' | sort -u || true; }

# Builds the tree with the patch $1 applied (none when empty), waiting out build failures that lie
# outside the patched files. Sets build_result: ok, mutant (the build fails in a patched file) or
# broken. (Not a command substitution: the patch applied must be known to this shell's trap.)
build() {
  local patch=$1 log=$2 attempt outside file
  for ((attempt = 1; attempt <= build_attempts; attempt++)); do
    if [[ -n "$patch" ]]; then
      git apply "$patch"
      applied=$patch
    fi
    if "$swift" build --build-tests >"$log" 2>&1; then
      build_result=ok
      return
    fi
    outside=""
    mapfile -t files < <([[ -n "$patch" ]] && touched "$patch")
    while read -r file; do
      [[ -z "$file" ]] && continue
      local ours=no one
      for one in "${files[@]}"; do [[ "$file" == "$root/$one" ]] && ours=yes; done
      if [[ $ours == yes ]]; then
        build_result=mutant
        return
      fi
      outside+=" ${file#"$root"/}"
    done < <(build_errors "$log")
    restore
    if ((attempt < build_attempts)); then
      say "the build fails outside the patched files (${outside:- no error located}): someone mid-edit? retrying in $retry_seconds s ($attempt/$build_attempts)"
      sleep "$retry_seconds"
    fi
  done
  build_result=broken
}

started_all=$SECONDS
if [[ $baseline == yes ]]; then
  # The mutants' tests must pass on the unmutated tree, or a "kill" would mean nothing.
  union=$(IFS='|'; echo "${filters[*]}")
  say "baseline: building, then the ${#names[@]} filters on the unmutated tree"
  started=$SECONDS
  build "" "$logs/baseline.log"
  if [[ $build_result != ok ]]; then
    say "baseline: the unmutated tree does not build; see $logs/baseline.log"
    exit 1
  fi
  if ! "$swift" test --skip-build --filter "$union" >>"$logs/baseline.log" 2>&1; then
    say "baseline: these tests fail without any mutant ($(failed_tests "$logs/baseline.log")); see $logs/baseline.log"
    exit 1
  fi
  say "baseline: $(tests_run "$logs/baseline.log") tests pass ($((SECONDS - started)) s)"
fi

results=() seconds=() killers=()
survivors=0 problems=0
for index in "${!names[@]}"; do
  name=${names[$index]} patch=${patches[$index]} filter=${filters[$index]}
  log=$logs/$name.log
  started=$SECONDS
  say "$name: applying $patch, building, testing '$filter'"
  killer=""
  build "$patch" "$log"
  if [[ $build_result == broken ]]; then
    result="BUILD BROKEN"
    killer="the tree did not build outside the patch; see $log"
    problems=$((problems + 1))
  elif [[ $build_result == mutant ]]; then
    result="killed (build)"
    killer=$(grep -a -m1 -E 'error:' "$log" | sed "s|$root/||" | cut -c1-120 || true)
  elif "$swift" test --skip-build --filter "$filter" >>"$log" 2>&1; then
    if [[ $(tests_run "$log") == 0 ]]; then
      result="NO TESTS"
      problems=$((problems + 1))
    else
      result="SURVIVED"
      survivors=$((survivors + 1))
    fi
  else
    result="killed"
    killer=$(failed_tests "$log")
  fi
  restore
  results+=("$result") seconds+=("$((SECONDS - started))") killers+=("$killer")
  say "$name: $result ($((SECONDS - started)) s)"
done

# Leave the shared .build with the clean tree's binaries.
say "rebuilding the unmutated tree"
rebuilt=$SECONDS
build "" "$logs/rebuild.log"
if [[ $build_result != ok ]]; then
  say "the unmutated tree did not build again; see $logs/rebuild.log"
  problems=$((problems + 1))
fi
rebuild_seconds=$((SECONDS - rebuilt))

killed=0
printf '\n%-28s %-15s %8s  %s\n' mutant result seconds "killed by"
for index in "${!names[@]}"; do
  printf '%-28s %-15s %8s  %s\n' "${names[$index]}" "${results[$index]}" "${seconds[$index]}" "${killers[$index]}"
  [[ ${results[$index]} == killed* ]] && killed=$((killed + 1))
done
printf '\n%d mutants: %d killed, %d survived%s; %d s in all (final rebuild %d s)\n' \
  "${#names[@]}" "$killed" "$survivors" "$( ((problems)) && echo ", $problems problems" || true)" \
  "$((SECONDS - started_all))" "$rebuild_seconds"
((survivors == 0 && problems == 0))
