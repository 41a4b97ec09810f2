#!/usr/bin/env bash
# Times sharesafe against the tools people use instead, on the same files, in
# one run, all cores for every side, and writes bench/RESULTS.md.
#   bench/run.sh            (needs exiftool, libjpeg-turbo-progs, GNU time; installs them
#                            with apt-get when run as root; reads ../shared/corpus/meta)
# Each figure is the median of RUNS runs (default 3). sharesafe runs with
# --no-cache: its face cache would answer every run after the first.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N12=${N12:-16}
CORES=$(nproc)
corpus=../shared/corpus/meta

need=()
command -v exiftool >/dev/null || need+=(libimage-exiftool-perl)
command -v djpeg >/dev/null || need+=(libjpeg-turbo-progs)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "building sharesafe and pigo's own CLI (v1.4.6)..." >&2
CGO_ENABLED=0 go build -o "$work/sharesafe" ./cmd/sharesafe
(mkdir "$work/pigomod" && cd "$work/pigomod" && go mod init benchpigo >/dev/null 2>&1 &&
  go get github.com/esimov/pigo/cmd/pigo@v1.4.6 >/dev/null 2>&1 && go build -o "$work/pigo" github.com/esimov/pigo/cmd/pigo)
pigodir=$(go list -m -f '{{.Dir}}' github.com/esimov/pigo)

echo "making $N12 photos of 12 megapixels..." >&2
go run ./bench/gen12mp testdata/photos/astronaut.png "$work/12mp" "$N12"
mkdir -p "$work/meta"
if [ -d "$corpus" ]; then
  find "$corpus" -type f \( -iname '*.jpg' -o -iname '*.jpeg' \) -exec cp {} "$work/meta/" \;
fi
nmeta=$(ls "$work/meta" | wc -l)

# median SECONDS of running "$@" RUNS times; PREP (a function name) runs first each time.
median() {
  local prep=$1; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    $prep
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}'
}

fresh() { rm -rf "$work/out" "$work/copy"; mkdir -p "$work/out"; }
copies() { fresh; cp -r "$1" "$work/copy"; }
copy_meta() { copies "$work/meta"; }
copy_12() { copies "$work/12mp"; }

par() { find "$1" -type f -name '*.jp*g' -print0 | xargs -0 -P "$CORES" -n 4 "${@:2}"; }

declare -A T
for set in meta 12mp; do
  src=$work/$set
  T[copy_$set]=$(median fresh cp -r "$src" "$work/out/c")
  T[ss_lossless_$set]=$(median fresh "$work/sharesafe" redact "$src" -o "$work/out/s" --faces none --jobs "$CORES")
  prep=copy_meta; [ "$set" = 12mp ] && prep=copy_12
  T[exiftool_$set]=$(median $prep par "$work/copy" exiftool -all= -overwrite_original -q -q)
  T[jpegtran_$set]=$(median fresh par "$src" sh -c 'for f; do jpegtran -copy none "$f" > "$0/$(basename "$f")"; done' "$work/out")
done
T[ss_full]=$(median fresh "$work/sharesafe" redact "$work/12mp" -o "$work/out/s" --jobs "$CORES" --no-cache)
T[turbo]=$(median fresh par "$work/12mp" sh -c 'for f; do djpeg "$f" | cjpeg -quality 90 > "$0/$(basename "$f")"; done' "$work/out")
T[ss_detect]=$(median fresh sh -c "'$work/sharesafe' scan --no-cache --json '$work/12mp' > /dev/null")
T[pigo_cli]=$(median fresh par "$work/12mp" sh -c 'for f; do "$1" -in "$f" -out "$0/$(basename "$f")" -cf "$2" >/dev/null; done' "$work/out" "$work/pigo" "$pigodir/cascade/facefinder")

# The write paths (docs/formats.md): the whole metadata corpus, HEIC, PNG and
# WebP included, lossless, against exiftool; and the masked 12 MP write path
# (coefficients vs Go's decode + encode) as Go benchmarks on one core.
mkdir -p "$work/metaall"
if [ -d "$corpus" ]; then
  find "$corpus" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.heic' -o -iname '*.heif' \
    -o -iname '*.png' -o -iname '*.webp' \) -exec cp {} "$work/metaall/" \;
fi
nall=$(ls "$work/metaall" | wc -l)
nheif=$(find "$work/metaall" -iname '*.hei[cf]' | wc -l)
copy_all() { copies "$work/metaall"; }
parall() { find "$1" -type f -print0 | xargs -0 -P "$CORES" -n 4 "${@:2}"; }
T[ss_lossless_all]=$(median fresh "$work/sharesafe" redact "$work/metaall" -o "$work/out/s" --faces none --jobs "$CORES")
T[exiftool_all]=$(median copy_all parall "$work/copy" exiftool -all= -overwrite_original -q -q)
read -r ns_dct ns_go < <(go test ./redact -run '^$' -bench '^BenchmarkMasked12MP$' -cpu 1 -benchtime "${RUNS}x" 2>/dev/null |
  awk '/Masked12MP\/dct/ {d=$3} /Masked12MP\/go/ {g=$3} END {print d, g}')

# Peak memory of one worker on one 12 MP photo, full redaction.
one=$(ls "$work/12mp" | head -1)
/usr/bin/time -f '%M' -o "$work/rss" "$work/sharesafe" redact "$work/12mp/$one" -o "$work/out/m" --jobs 1 >/dev/null 2>&1
rss_kb=$(tail -1 "$work/rss")
rm -rf "$work/out/m"

# The redactor a user would write instead (issue #27): bench/peer.sh, in
# this same run, when python3-opencv and ../shared/peers are there.
peer_table=""
if [ -f ../shared/peers/yunet-redact.py ] && /usr/bin/python3 -c 'import cv2' 2>/dev/null; then
  peer_table=$(RUNS="$RUNS" bench/peer.sh 2>/dev/null || true)
fi

# Everything below this line of bench/RESULTS.md is written by hand (the
# detection steps of issue #14) and kept.
marker='<!-- kept by bench/run.sh -->'
kept=$(awk -v m="$marker" 'f || $0 == m { f = 1; print }' bench/RESULTS.md 2>/dev/null || true)

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
rate() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d). Machine: $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | cut -d' ' -f3), exiftool $(exiftool -ver), $(dpkg-query -W -f='libjpeg-turbo ${Version}' libjpeg-turbo-progs 2>/dev/null)."
  echo "Every side uses all $CORES cores (xargs -P for the other tools, --jobs for sharesafe); each figure is the median of $RUNS runs."
  echo
  echo "| task | files | sharesafe | other tool | sharesafe is |"
  echo "|---|---|---|---|---|"
  for set in meta 12mp; do
    n=$nmeta; label="corpus JPEGs"; [ "$set" = 12mp ] && { n=$N12; label="12 MP JPEGs"; }
    echo "| metadata removal, lossless (\`redact --faces none\`) vs \`exiftool -all=\` | $n $label | ${T[ss_lossless_$set]} s | ${T[exiftool_$set]} s | $(ratio "${T[exiftool_$set]}" "${T[ss_lossless_$set]}")x faster |"
    echo "| same vs \`jpegtran -copy none\` | $n $label | ${T[ss_lossless_$set]} s | ${T[jpegtran_$set]} s | $(ratio "${T[jpegtran_$set]}" "${T[ss_lossless_$set]}")x the speed |"
    echo "| same vs copying the files (\`cp -r\`) | $n $label | ${T[ss_lossless_$set]} s | ${T[copy_$set]} s | $(ratio "${T[ss_lossless_$set]}" "${T[copy_$set]}")x the time of a copy |"
  done
  echo "| full redaction (decode, detect, mask, encode, verify) vs \`djpeg \| cjpeg -quality 90\` | $N12 12 MP JPEGs | ${T[ss_full]} s ($(rate "$N12" "${T[ss_full]}") photos/s) | ${T[turbo]} s ($(rate "$N12" "${T[turbo]}") photos/s) | $(ratio "${T[turbo]}" "${T[ss_full]}")x the throughput |"
  echo "| detection (\`scan\`: decode, faces, metadata) vs pigo's CLI with its defaults | $N12 12 MP JPEGs | ${T[ss_detect]} s | ${T[pigo_cli]} s | $(ratio "${T[pigo_cli]}" "${T[ss_detect]}")x faster |"
  echo
  echo "Peak memory of one worker (\`--jobs 1\`, full redaction of one 12 MP photo): $((rss_kb / 1024)) MiB; the decoded picture is 18 MiB as YCbCr 4:2:0 and 46 MiB as RGBA."
  echo
  echo "Write paths: \`--faces none\` keeps every picture's coded data (JPEG scans, HEIC pictures and tiles, PNG and WebP chunks); masked JPEGs are changed only in the MCUs under the masks."
  echo
  echo "| task | files | sharesafe | other | sharesafe is |"
  echo "|---|---|---|---|---|"
  echo "| metadata removal, lossless (\`redact --faces none\`) vs \`exiftool -all=\` | $nall corpus files ($nheif HEIC/HEIF) | ${T[ss_lossless_all]} s | ${T[exiftool_all]} s | $(ratio "${T[exiftool_all]}" "${T[ss_lossless_all]}")x faster |"
  echo "| masked 12 MP JPEG, write path (\`BenchmarkMasked12MP\`, one core): coefficients vs Go's decode + masks + encode | 1 photo, 2 masks | $(rate "$ns_dct" 1000000000) s | $(rate "$ns_go" 1000000000) s | $(ratio "$ns_go" "$ns_dct")x faster |"
  if [ -n "$peer_table" ]; then
    echo
    echo "Against the peer redactor (\`../shared/peers/yunet-redact.py\`: OpenCV's YuNet, one thread), full redaction, CPU seconds per photo (user + system), \`bench/peer.sh\`:"
    echo
    echo "$peer_table"
  fi
  if [ -n "$kept" ]; then echo; echo "$kept"; fi
} > "$work/results.md"
cp "$work/results.md" bench/RESULTS.md
cat bench/RESULTS.md
