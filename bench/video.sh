#!/usr/bin/env bash
# Times sharesafe on videos and writes bench/VIDEO.md:
#  1. cleaning clips without masks (redact --faces none) against exiftool -all=, on the same
#     clips, with what each leaves (exiftool -ee3, dev/videoleaks);
#  2. masking faces (redact, the default faces setting) against each clip's duration.
#   bench/video.sh   (needs ffmpeg, exiftool and GNU time; reads ../shared/videos when there)
# The machine is shared: CPU time (user + system, ffmpeg's included) is the figure; wall time
# is given too. Real time on N cores, at best, is duration / (CPU / N).
set -euo pipefail
cd "$(dirname "$0")/.."
CORES=$(nproc)
shared=../shared/videos
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need=()
command -v exiftool >/dev/null || need+=(libimage-exiftool-perl)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

echo "building sharesafe and making the development clips..." >&2
CGO_ENABLED=0 go build -o "$work/sharesafe" ./cmd/sharesafe
go run ./dev/videoclips "$work/clips" >/dev/null
rm -f "$work"/clips/*.jpg # the Live Photo's still
cp "$shared"/public/*.mp4 "$work/clips/" 2>/dev/null || true
nclips=$(ls "$work/clips" | wc -l)
mb=$(du -sm "$work/clips" | cut -f1)

# cpu CMD...: "user+system wall" seconds of a command and its children.
cpu() { /usr/bin/time -f '%U %S %e' -o "$work/t" "$@" >/dev/null 2>&1 || true; awk '{printf "%.2f %.2f\n", $1 + $2, $3}' "$work/t"; }

read -r ss_cpu ss_wall < <(cpu "$work/sharesafe" redact "$work/clips" -o "$work/ss" --faces none --jobs "$CORES" --no-cache)
cp -r "$work/clips" "$work/ex"
read -r ex_cpu ex_wall < <(cpu sh -c "find '$work/ex' -type f -print0 | xargs -0 -P $CORES -n 2 exiftool -all= -overwrite_original -q -q")
ss_leaks=$(go run ./dev/videoleaks "$work/ss" | tail -1 | cut -f3)
ex_leaks=$(go run ./dev/videoleaks "$work/ex" | tail -1 | cut -f3)
orig_leaks=$(go run ./dev/videoleaks "$work/clips" | tail -1 | cut -f3)

# Masking: each clip with faces, alone, every core.
masks=()
for clip in "$shared"/faces/hamilton-short.mp4 "$shared"/faces/simplefr-20s.mp4 "$shared"/faces/simplefr-1080p30.mp4; do
  [ -f "$clip" ] || continue
  dur=$(ffprobe -v error -select_streams v:0 -show_entries format=duration -of csv=p=0 "$clip")
  size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height,avg_frame_rate -of csv=p=0 "$clip")
  rm -rf "$work/m"
  read -r m_cpu m_wall < <(cpu "$work/sharesafe" redact "$clip" -o "$work/m" --jobs "$CORES" --no-cache)
  masks+=("| $(basename "$clip") ($size) | $(printf '%.1f' "$dur") s | $m_cpu s | $(printf '%.2f' "$(echo "$m_cpu / $dur" | bc -l)") | $(printf '%.2f' "$(echo "$dur / ($m_cpu / $CORES)" | bc -l)")x | $m_wall s ($(printf '%.2f' "$(echo "$dur / $m_wall" | bc -l)")x) |")
done

{
  echo "# Video benchmarks"
  echo
  echo "Written by \`bench/video.sh\` on $(date -u +%Y-%m-%d). Machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $(cut -d' ' -f1-3 /proc/loadavg) when it ended; $(go version | cut -d' ' -f3), exiftool $(exiftool -ver), ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3)."
  echo
  echo "## Cleaning without masks"
  echo
  echo "$nclips clips, $mb MB: the development clips of \`dev/videoclips\` and the GoPro samples of \`$shared/public\`; both sides on every core. What the copies still carry: exiftool \`-a -u -ee3 -G1\` (timed metadata included), sorted by \`dev/videoleaks\`."
  echo
  echo "| | CPU (user + system) | wall | what exiftool still finds in the copies |"
  echo "|---|---|---|---|"
  echo "| the originals | | | $orig_leaks |"
  echo "| \`sharesafe redact --faces none\` | $ss_cpu s | $ss_wall s | ${ss_leaks:-nothing} |"
  echo "| \`exiftool -all=\` | $ex_cpu s | $ex_wall s | ${ex_leaks:-nothing} |"
  echo
  echo "## Masking faces"
  echo
  echo "\`sharesafe redact\` (default detectors, faces searched on one frame in two) on clips with faces, one at a time; CPU includes ffmpeg's (decoding twice, encoding H.264). \"Real time at best\" is the duration over the CPU time shared by $CORES cores."
  echo
  echo "| clip | duration | CPU | CPU s per second of clip | real time at best on $CORES cores | wall (busy machine) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${masks[@]}"
} > bench/VIDEO.md
cat bench/VIDEO.md
