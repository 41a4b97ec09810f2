#!/usr/bin/env bash
# Measures thorough detection (Faces with DefaultFaceOptions, then the age
# network, one goroutine) at each commit given, in one run, as the table of
# docs/speed.md: CPU milliseconds per 12 MP photo and per 512x512 photo.
#   bench/steps.sh f43ae1b HEAD
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/step_test.go" <<'GO'
package detect

import (
	"image"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/photo"
)

func stepCPU() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func stepThorough(b *testing.B, img image.Image) {
	faces, err := Faces(img, DefaultFaceOptions)
	if err != nil {
		b.Fatal(err)
	}
	if err := EstimateAges(img, faces, 1); err != nil {
		b.Fatal(err)
	}
}

func stepRun(b *testing.B, img image.Image) {
	stepThorough(b, img)
	start := stepCPU()
	for b.Loop() {
		stepThorough(b, img)
	}
	b.ReportMetric(float64((stepCPU()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func BenchmarkStep12MP(b *testing.B) {
	src, _ := os.ReadFile("../testdata/photos/astronaut.png")
	data, _ := fixtures.TwelveMP(src, 0)
	p, _ := photo.Parse("12mp.jpg", data, photo.DefaultLimits)
	p.Decode()
	stepRun(b, p.Image)
}

func BenchmarkStepSmall(b *testing.B) {
	p, _ := photo.Open("../testdata/photos/astronaut.png", photo.DefaultLimits)
	stepRun(b, p.Image)
}
GO
for c in "$@"; do
  d=$work/$c
  mkdir -p "$d"
  git archive "$c" | tar -x -C "$d"
  rm -f "$d"/detect/*_test.go
  cp "$work/step_test.go" "$d/detect/"
  (cd "$d" && go test -c -o "$d/detect.test" ./detect >/dev/null)
  (cd "$d/detect" && ../detect.test -test.run XXX -test.bench Step -test.cpu 1 -test.benchtime 3x | grep Bench | sed "s/^/$c /")
done
