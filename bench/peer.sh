#!/usr/bin/env bash
# Runs the redactor a user would write instead (../shared/peers/yunet-redact.py:
# OpenCV's YuNet, one thread) beside sharesafe on the same photos, in one run,
# and prints CPU seconds per photo (user + system, /usr/bin/time) and peak
# memory for each: the small photos of ../shared/corpus/faces and N12 photos of
# 12 megapixels (bench/gen12mp), full redaction. sharesafe runs one job
# (--jobs 1) for the CPU figures, and two (--jobs 2, as issue #27 asks) for
# its peak memory.
#   bench/peer.sh [OUT.md]      (needs python3-opencv; RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N12=${N12:-8}
peer=../shared/peers/yunet-redact.py
model=detect/models/yunet_n_640_640.onnx
faces=../shared/corpus/faces
[ -f "$peer" ] || { echo "bench/peer.sh: $peer absent" >&2; exit 1; }
/usr/bin/python3 -c 'import cv2' 2>/dev/null || { echo "bench/peer.sh: needs python3-opencv" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/sharesafe" ./cmd/sharesafe
mkdir -p "$work/small"
cp "$faces"/*.png "$faces"/*.jpg "$work/small/" 2>/dev/null || true
go run ./bench/gen12mp testdata/photos/astronaut.png "$work/12mp" "$N12" >/dev/null
# cpu SET CMD...: median of RUNS runs of "user+system seconds, peak KiB".
measure() {
  local out=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$work/out"
    /usr/bin/time -f '%U %S %M' -o "$work/t" "$@" >/dev/null 2>&1 || true
    out+=("$(awk '{printf "%.3f %d", $1 + $2, $3}' "$work/t")")
  done
  printf '%s\n' "${out[@]}" | sort -g | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}
row() { # SET N
  local set=$1 n=$2 files
  files=$(find "$work/$set" -type f | sort)
  read -r pc pm < <(measure /usr/bin/python3 "$peer" "$model" "$work/out" "$work/out.jsonl" $files)
  read -r sc _ < <(measure "$work/sharesafe" redact --jobs 1 --no-cache -o "$work/out" $files)
  read -r _ sm < <(measure "$work/sharesafe" redact --jobs 2 --no-cache -o "$work/out" $files)
  read -r fc _ < <(measure "$work/sharesafe" redact --detector fast --jobs 1 --no-cache -o "$work/out" $files)
  printf '| %s | %d | %.3f s | %.3f s (%.2fx) | %.3f s (%.2fx) | %d MB | %d MB |\n' "$set" "$n" \
    "$(echo "$pc / $n" | bc -l)" "$(echo "$sc / $n" | bc -l)" "$(echo "$sc / $pc" | bc -l)" \
    "$(echo "$fc / $n" | bc -l)" "$(echo "$fc / $pc" | bc -l)" $((pm / 1024)) $((sm / 1024))
}
{
  echo "| photos | count | peer, CPU per photo | sharesafe thorough (ratio) | sharesafe fast (ratio) | peer peak memory (1 process) | sharesafe peak memory (--jobs 2) |"
  echo "|---|---|---|---|---|---|---|"
  row small "$(ls "$work/small" | wc -l)"
  row 12mp "$N12"
} | tee "${1:-/dev/stdout}"
