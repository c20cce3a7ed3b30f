package series

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/geo"
)

// writeSeries writes files into a new folder.
func writeSeries(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readGroup reads and groups dir with im, and the files it parsed.
func readGroup(t *testing.T, dir string, im *geo.Imported) (geo.Series, []string) {
	t.Helper()
	def := geojson.Defaults{Region: "r", Side: geo.SideRU, Status: geo.StatusOccupied}
	var parsed []string
	opt := Options{Imported: im, Defaults: def, Parsing: func(name string) { parsed = append(parsed, filepath.Base(name)) }}
	files, err := Read(context.Background(), dir, Path(dir), opt)
	if err != nil {
		t.Fatal(err)
	}
	sr, err := Group(context.Background(), files, def)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(parsed)
	return sr, parsed
}

// TestReadSkipsImported (issue #19): a series read again with the digests
// the store has of it parses none of its files; with one day changed,
// that day and the next are parsed, into the days a full read gives; a
// file without a day in its name keeps every day from being skipped.
func TestReadSkipsImported(t *testing.T) {
	files := map[string]string{
		"2025-01-01.geojson": square(37), "2025-01-02.geojson": square(37.5),
		"2025-01-03.geojson": square(38), "2025-01-04.geojson": square(38),
	}
	sr, parsed := readGroup(t, writeSeries(t, files), nil)
	if len(parsed) != 4 || len(sr.Digests) != 4 {
		t.Fatalf("first read: parsed %v, %d digests; want 4, 4", parsed, len(sr.Digests))
	}
	im := &geo.Imported{Digests: sr.Digests}
	again, parsed := readGroup(t, writeSeries(t, files), im)
	if len(parsed) != 0 || again.Skipped != 4 || again.Days() != 0 || again.First != sr.First || again.Last != sr.Last {
		t.Errorf("again: parsed %v, skipped %d, %d region-days, %s..%s; want none parsed, 4 skipped, %s..%s",
			parsed, again.Skipped, again.Days(), again.First, again.Last, sr.First, sr.Last)
	}

	files["2025-01-02.geojson"] = square(37.7)
	dir := writeSeries(t, files)
	got, parsed := readGroup(t, dir, im)
	if want := []string{"2025-01-02.geojson", "2025-01-03.geojson"}; !slices.Equal(parsed, want) {
		t.Errorf("one day changed: parsed %v, want %v", parsed, want)
	}
	full, _ := readGroup(t, dir, nil)
	if got.Skipped != 2 || len(got.Regions) != 1 || !reflect.DeepEqual(got.Regions[0].Days, full.Regions[0].Days[1:3]) {
		t.Errorf("one day changed: %d skipped, days %+v; want 2, %+v", got.Skipped, got.Regions, full.Regions[0].Days[1:3])
	}
	if d := geo.MustParseDay("2025-01-02"); got.Digests[d] != full.Digests[d] || len(got.Digests) != 2 {
		t.Errorf("digests %v, want those of 2025-01-02 and 2025-01-03", got.Digests)
	}

	files["extra.geojson"] = `{"type":"FeatureCollection","features":[]}`
	got, parsed = readGroup(t, writeSeries(t, files), im)
	if len(parsed) != 5 || got.Skipped != 0 {
		t.Errorf("undated file: parsed %v, skipped %d; want all 5, none", parsed, got.Skipped)
	}
	for d, sum := range got.Digests {
		if sum != (geo.Digest{}) {
			t.Errorf("undated file: digest of %s kept; want none", d)
		}
	}
}
