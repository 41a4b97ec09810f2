#!/usr/bin/env bash
# Rebuilds the development crops the age cuts are chosen on (docs/children.md):
# a fixed, age-stratified sample of UTKFace's aligned and cropped faces
# (200x200 px, the exact age first in each file name), as published in the
# public repository bagashvilit/facial_recognition_bias (folder data/images,
# 9,780 of UTKFace's 23,708 crops), at a pinned commit. UTKFace is for
# non-commercial research only (https://susanqq.github.io/UTKFace/): the crops
# are read from outside the repository, never copied into it.
#
#   scripts/age-dev-data.sh [OUT]        # OUT: default $SHARESAFE_AGE_DEV,
#                                        # else /work/shared/devdata/utkface
#   SRC=/path/to/a/clone scripts/age-dev-data.sh
#
# SRC is a clone (bare or not) of the repository, or its URL (the default).
# The sample: for each age in years, the files sorted by name and taken
# evenly spaced, at most 40 for ages under 20, 20 for 20-29, 8 for 30-89 and
# 4 from 90; files whose names do not hold age_gender_race_date are left
# out. OUT gets the crops and ground_truth.json ([{"filename", "age", "years"}],
# age being the FairFace-style group, years the exact age), and SOURCE.txt.
set -euo pipefail
commit=abe87302b1d452cbd9100773a16c127f4d2ab546
src=${SRC:-https://github.com/bagashvilit/facial_recognition_bias}
out=${1:-${SHARESAFE_AGE_DEV:-/work/shared/devdata/utkface}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$src" ]; then
  gitdir=$(git -C "$src" rev-parse --absolute-git-dir 2>/dev/null || echo "$src")
else
  git clone --quiet --bare --filter=blob:none "$src" "$tmp/repo.git"
  gitdir=$tmp/repo.git
fi
git --git-dir="$gitdir" cat-file -e "$commit^{commit}"
git --git-dir="$gitdir" ls-tree -r --name-only "$commit" data/images |
  awk -F/ '{n=$NF; split(n, p, "_"); if (n ~ /^[0-9]+_[01]_[0-4]_[0-9]+\.jpg\.chip\.jpg$/) print p[1] "\t" n}' |
  sort -t$'\t' -k1,1n -k2,2 > "$tmp/all.tsv"
awk -F'\t' '
  function cap(a) { return a < 20 ? 40 : a < 30 ? 20 : a < 90 ? 8 : 4 }
  { n[$1]++; f[$1, n[$1]] = $2 }
  END {
    for (a in n) {
      k = cap(a + 0); if (k > n[a]) k = n[a]
      for (i = 0; i < k; i++) print a "\t" f[a, int(i * n[a] / k) + 1]
    }
  }' "$tmp/all.tsv" | sort -t$'\t' -k1,1n -k2,2 > "$tmp/pick.tsv"
mkdir -p "$out"
while IFS=$'\t' read -r age name; do
  git --git-dir="$gitdir" show "$commit:data/images/$name" > "$out/$name"
done < "$tmp/pick.tsv"
awk -F'\t' '
  function group(a) {
    if (a <= 2) return "0-2"; if (a <= 9) return "3-9"; if (a <= 19) return "10-19"
    if (a >= 70) return "70+"; d = int(a / 10) * 10; return d "-" (d + 9)
  }
  BEGIN { print "[" }
  { printf "%s{\"filename\": \"%s\", \"age\": \"%s\", \"years\": %d}", (NR > 1 ? ",\n" : ""), $2, group($1 + 0), $1 }
  END { print "\n]" }' "$tmp/pick.tsv" > "$out/ground_truth.json"
cat > "$out/SOURCE.txt" <<EOF
UTKFace aligned and cropped faces (https://susanqq.github.io/UTKFace/, non-commercial
research only), from github.com/bagashvilit/facial_recognition_bias@$commit
data/images, sampled by sharesafe's scripts/age-dev-data.sh: $(wc -l < "$tmp/pick.tsv") crops.
EOF
echo "$(wc -l < "$tmp/pick.tsv") crops in $out"
