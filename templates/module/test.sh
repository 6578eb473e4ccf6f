#!/usr/bin/env bash
# Runs every built module of this folder on each sample and compares qip's output with the
# expected one. Needs `qip` on PATH (or QIP=/path/to/qip). Exits 1 on the first difference.
set -euo pipefail
cd "$(dirname "$0")"
qip=${QIP:-qip}

# Input, then the exact stdout of `qip run` (a UTF-8 output gets one newline added).
samples=(
  "hello" "HELLO"
  "Ünïcode stays" "ÜNïCODE STAYS"
)

for module in *.wasm; do
  for ((i = 0; i < ${#samples[@]}; i += 2)); do
    actual=$(printf %s "${samples[i]}" | "$qip" run "$module")
    if [[ "$actual" != "${samples[i + 1]}" ]]; then
      echo "$module: for '${samples[i]}' expected '${samples[i + 1]}', got '$actual'" >&2
      exit 1
    fi
  done
  echo "$module: $((${#samples[@]} / 2)) samples pass"
done
