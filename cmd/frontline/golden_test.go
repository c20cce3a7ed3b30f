package main

import (
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden images under testdata/golden")

// checkGolden compares img with testdata/golden/name pixel by pixel: a pixel
// differs when a channel is off by more than tol; at most maxDiff pixels may
// differ. On failure the image is written to testdata/failed/name.
func checkGolden(t *testing.T, name string, img image.Image, tol uint32, maxDiff int) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		writePNG(t, path, img)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test -update)", path, err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: got size %v, want %v", name, img.Bounds(), want.Bounds())
	}
	diff := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, a1 := img.At(x, y).RGBA()
			r2, g2, b2, a2 := want.At(x, y).RGBA()
			if absDiff(r1, r2) > tol<<8 || absDiff(g1, g2) > tol<<8 || absDiff(b1, b2) > tol<<8 || absDiff(a1, a2) > tol<<8 {
				diff++
			}
		}
	}
	if diff > maxDiff {
		failed := filepath.Join("testdata", "failed", name)
		writePNG(t, failed, img)
		t.Errorf("%s: %d pixels differ from the golden image (tolerance %d, at most %d); got %s", name, diff, tol, maxDiff, failed)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
