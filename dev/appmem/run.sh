#!/usr/bin/env bash
# Measures the review app's resident memory once idle, the real binary in
# tmux, as docs/review-app.md reports it:
#   dev/appmem/run.sh [N] [BINARY]
# makes N photos of 12 MP (default 200; bench/gen12mp) in a temporary
# folder, opens "sharesafe FOLDER" in a 120x35 tmux window with an empty
# face cache and state folder, waits until no photo is left to check, then
# prints the process's VmRSS and VmHWM (peak) every 10 s for a minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200}
work=$(mktemp -d)
trap 'tmux -L "appmem$$" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
BIN=${2:-$work/sharesafe}
[ -x "$BIN" ] || CGO_ENABLED=0 go build -o "$BIN" ./cmd/sharesafe
echo "making $N photos of 12 MP..." >&2
go run ./bench/gen12mp testdata/photos/astronaut.png "$work/photos" "$N"
mkdir -p "$work/cache" "$work/state"
S=appmem$$
tmux -L "$S" new-session -d -x 120 -y 35 \
  "env SHARESAFE_CACHE=$work/cache SHARESAFE_STATE=$work/state $BIN $work/photos"
sleep 2
PID=$(pgrep -f "^$BIN $work/photos" | head -1)
start=$(date +%s)
while sleep 5; do
  tmux -L "$S" capture-pane -p | grep -q "left to check" || break
  echo "checking, $(( $(date +%s) - start )) s: $(grep VmRSS /proc/"$PID"/status)"
done
echo "every photo checked after $(( $(date +%s) - start )) s"
for i in 1 2 3 4 5 6; do
  sleep 10
  echo "idle +$((i * 10)) s: $(grep -E 'VmRSS|VmHWM' /proc/"$PID"/status | tr -s ' \t\n' ' ')"
done
tmux -L "$S" send-keys q
