#!/usr/bin/env bash
# Re-records the flagship fixtures (fixtures/recordings/*.jsonl, export
# format) with the kubeflight binary. Run it when a change to the engine is
# meant to change what the flagship does, and commit the new fixtures with
# that change: tests/replay_fixtures_test.cc replays them on every test run.
#
#   scripts/record-fixtures.sh [path/to/kubeflight]   (default: build/kubeflight)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/kubeflight}"
[[ -x "$bin" ]] || { echo "record-fixtures: no kubeflight binary at $bin (build it first)" >&2; exit 1; }
out=fixtures/recordings
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for option in 1 2; do
  db="$tmp/approve-$option.db"
  "$bin" run payment-service-oom --approve="$option" --db "$db" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; echo "record-fixtures: the flagship run with --approve=$option failed" >&2; exit 1; }
  "$bin" runs export --db "$db" --format jsonl -o "$out/payment-service-oom-approve-$option.jsonl"
  echo "wrote $out/payment-service-oom-approve-$option.jsonl"
done
