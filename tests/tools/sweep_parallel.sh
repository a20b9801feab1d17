#!/usr/bin/env bash
# sweep_parallel.sh CLI SOURCE_DIR WORK_DIR: a parameter study sharded with GNU parallel, as
# docs/cli.md shows it, merged with sweep-merge, must equal the study run in one process,
# byte for byte. Without GNU parallel the script exits 77, which CTest reports as skipped
# (test "sweep.parallel"; setup.sh installs the Debian package "parallel").
set -euo pipefail
cli=$1
src=$2
work=$3
if ! command -v parallel >/dev/null || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    echo "GNU parallel not found (Debian package \"parallel\"; setup.sh installs it): skipped"
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"
study=("$src/tests/data/sweep/mm1.json" --vary 'workload[0].rate=20..80:20'
       --vary 'services[0].workers=1,2' --seeds 3 --set duration=20s
       --metric 'operations.request:mm1.latency_ms.mean' --metric services.mm1.utilization --quiet)
"$cli" sweep "${study[@]}" --jobs 1 --out "$work/whole"
# Three shards, two at a time, one thread each; {} is the shard number 0, 1, 2.
parallel --halt now,fail=1 -j 2 "$cli" sweep "${study[@]@Q}" --jobs 1 --shard {}/3 \
    --out "$work/shard-{}" ::: 0 1 2
"$cli" sweep-merge "$work"/shard-* --out "$work/merged" --quiet
if ! diff -r "$work/whole" "$work/merged"; then
    echo "FAIL: the merged shards differ from the study run in one process"
    exit 1
fi
n=$(ls "$work/merged" | wc -l)
rows=$(($(wc -l < "$work/merged/runs.csv") - 1))
if [ "$n" -ne 10 ] || [ "$rows" -ne 24 ]; then
    echo "FAIL: expected 10 files and 24 runs, got $n files and $rows runs"
    exit 1
fi
echo "3 shards run by GNU parallel and merged: the same $n files as one process ($rows runs)"
