#!/usr/bin/env bash
# Fuzzes every Fuzz target in geo, data and tiles (and their sub-packages)
# for FUZZTIME each. It runs in the product module at the repository root;
# the tool modules (cmd/bench, data/gen) have no Fuzz targets.
#
#   cmd/bench/fuzz.sh                 # 10 minutes per target, one at a time
#   FUZZTIME=30s JOBS=2 cmd/bench/fuzz.sh
#
# JOBS targets run at once, each with -parallel PARALLEL workers (default:
# cores / JOBS). A failing input is saved by go test under
# <package>/testdata/fuzz/<Target>/, where the normal suite replays it; the
# script then exits 1. Logs go to $LOGDIR (default fuzz-logs, git-ignored).
set -uo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/usr/local/go/bin"
FUZZTIME=${FUZZTIME:-10m}
JOBS=${JOBS:-1}
PARALLEL=${PARALLEL:-$(( $(nproc) / JOBS > 0 ? $(nproc) / JOBS : 1 ))}
LOGDIR=${LOGDIR:-fuzz-logs}
mkdir -p "$LOGDIR"

targets=()
module=$(go list -m)
for ip in $(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./geo/... ./data/... ./tiles/...); do
  pkg=./${ip#"$module"/}
  for t in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz'); do
    targets+=("$pkg $t")
  done
done
echo "fuzzing ${#targets[@]} targets for $FUZZTIME each, $JOBS at a time, -parallel $PARALLEL"

run() {
  local pkg=$1 t=$2 log="$LOGDIR/$2.log"
  if go test -run '^$' -fuzz "^$t\$" -fuzztime "$FUZZTIME" -parallel "$PARALLEL" "$pkg" >"$log" 2>&1; then
    echo "ok    $pkg $t $(grep -o 'execs: [0-9]*' "$log" | tail -1)"
  else
    echo "FAIL  $pkg $t (see $log; the input is under $pkg/testdata/fuzz/$t/)"
    return 1
  fi
}

status=0
running=0
for entry in "${targets[@]}"; do
  run $entry &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
