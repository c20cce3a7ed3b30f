package main

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/frontline-map/frontline/data/gen/internal/gendir"

	"github.com/paulmach/orb/geojson"
)

// TestWaterFile checks the committed data/seed/water.geojson.gz: the rivers
// of this front under Ukraine's names, the Kakhovka reservoir until it was
// drained and the Dnipro's course through it from then; and, where the
// extracts are at hand, that the generator makes the same file.
func TestWaterFile(t *testing.T) {
	path := filepath.Join(gendir.Seed(), "water.geojson.gz")
	committed := readGz(t, path)
	fc, err := geojson.UnmarshalFeatureCollection(committed)
	if err != nil {
		t.Fatal(err)
	}
	rivers := map[string]bool{}
	var reservoirTo, courseFrom string
	for _, f := range fc.Features {
		name, kind := f.Properties.MustString("name", ""), f.Properties.MustString("kind", "")
		switch {
		case kind == "river" && f.Properties.MustString("valid_from", "") != "":
			if name == "Dnipro" {
				courseFrom = f.Properties.MustString("valid_from", "")
			}
		case kind == "river":
			rivers[name] = true
		case name == "Kakhovka Reservoir":
			reservoirTo = f.Properties.MustString("valid_to", "")
		}
	}
	for _, r := range []string{"Dnipro", "Siverskyi Donets", "Oskil", "Desna", "Pivdennyi Buh", "Dnister"} {
		if !rivers[r] {
			t.Errorf("no river %q", r)
		}
	}
	if reservoirTo != drained || courseFrom != drained {
		t.Errorf("Kakhovka reservoir until %q, the Dnipro's course through it from %q: want %s", reservoirTo, courseFrom, drained)
	}

	src := filepath.Join(gendir.Dir(), "..", "..", "..", "shared", "data", "basemap", "basemap-extracts.tar.gz")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("extracts not found at %s: not regenerating", src)
	}
	fcs, err := readExtracts(src)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := build(fcs)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "water.geojson.gz")
	if err := write(out, fs); err != nil {
		t.Fatal(err)
	}
	if string(readGz(t, out)) != string(committed) {
		t.Errorf("the generator makes a different file than data/seed/water.geojson.gz: run go run ./water")
	}
}

func readGz(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
