#!/usr/bin/env bash
# The type check and ESLint at once (each mostly uses one core), then both outputs, one after the other.
# Fails when either fails; `npm test` runs this before Jest.
set -u
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

start=$SECONDS
npm run --silent typecheck >"$out/tsc" 2>&1 &
tsc_pid=$!
npm run --silent lint >"$out/eslint" 2>&1 &
eslint_pid=$!
wait "$tsc_pid"; tsc_status=$?
wait "$eslint_pid"; eslint_status=$?

report() {
  local name=$1 status=$2 file=$3
  if [ "$status" -eq 0 ]; then echo "== $name: passed"; else echo "== $name: FAILED (exit $status)"; fi
  cat "$file"
}
report "type check (tsc)" "$tsc_status" "$out/tsc"
report "ESLint" "$eslint_status" "$out/eslint"
echo "== static checks took $((SECONDS - start)) s"
[ "$tsc_status" -eq 0 ] && [ "$eslint_status" -eq 0 ]
