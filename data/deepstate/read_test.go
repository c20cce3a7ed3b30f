package deepstate

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/internal/dsfixture"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// deepStateFixture writes dsfixture's small history into a new folder.
func deepStateFixture(t *testing.T, unknown bool) string {
	t.Helper()
	dir := t.TempDir()
	if err := dsfixture.History(dir, unknown); err != nil {
		t.Fatal(err)
	}
	return dir
}

func dsMP(lon, lat, r float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon - r, lat - r}, {lon + r, lat - r}, {lon + r, lat + r}, {lon - r, lat + r}, {lon - r, lat - r}}}}
}

// TestReadFixture: the last file of a day is its map; each class is its
// region; the name no rule knows is listed; a region missing from a day's
// map is absent (nil) that day in the series.
func TestReadFixture(t *testing.T) {
	h, err := ReadPath(context.Background(), deepStateFixture(t, true), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Files != 3 || len(h.Snapshots) != 2 || h.Skipped() != 1 || h.Parsed != 2 {
		t.Errorf("files %d, snapshots %d, skipped %d, parsed %d; want 3, 2, 1, 2", h.Files, len(h.Snapshots), h.Skipped(), h.Parsed)
	}
	if u := h.Unclassified(); len(u) != 1 || u[0].Name != "Щось нове /// Something new" || u[0].Polygons != 1 {
		t.Errorf("unclassified: got %+v, want the one new name once", u)
	}
	var ve *geo.ValidationError
	if err := h.Strict(); !errors.As(err, &ve) || !strings.Contains(err.Error(), "Щось нове") {
		t.Errorf("strict: got %v, want a rejection naming the name", err)
	}
	sr := h.Series("prefix")
	if sr.First != geo.MustParseDay("2025-01-20") || sr.Last != geo.MustParseDay("2025-01-21") || len(sr.Regions) != 4 {
		t.Fatalf("series %s..%s of %d regions, want 2025-01-20..2025-01-21 of 4", sr.First, sr.Last, len(sr.Regions))
	}
	for _, rd := range sr.Regions {
		if rd.Region.Slug == ContestedRegion && (len(rd.Days) != 2 || rd.Days[0].Geometry == nil || rd.Days[1].Geometry != nil) {
			t.Errorf("grey zone: %+v, want a shape on 2025-01-20 and none on 2025-01-21", rd.Days)
		}
		if rd.Region.Slug == LiberatedRegion && !strings.HasPrefix(rd.Days[0].Source, "prefix; DeepStateMap 1737410164.geojson") {
			t.Errorf("liberated source %q: want the prefix and the file", rd.Days[0].Source)
		}
	}
	if h, err := ReadPath(context.Background(), deepStateFixture(t, false), Options{}); err != nil || h.Strict() != nil {
		t.Errorf("strict, every name known: %v", err)
	}
}

// dayFiles writes a history of days with several files each (the last
// one a bigger square), as a folder and as a .tar.gz of it.
func dayFiles(t *testing.T, days, perDay int) (dir, tgz string) {
	t.Helper()
	dir = t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for d := range days {
		for i := range perDay {
			stamp := 1737331200 + int64(d)*86400 + int64(i)*3600
			body := dsfixture.Collection(dsfixture.Polygon("Окуповано /// Occupied /// geoJSON.status.occupied", dsfixture.Square(37.8, 48.0, 0.1+0.01*float64(i))))
			name := strconv.FormatInt(stamp, 10) + ".geojson"
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			tw.WriteHeader(&tar.Header{Name: "history/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg})
			tw.Write([]byte(body))
		}
	}
	tw.Close()
	zw.Close()
	tgz = filepath.Join(t.TempDir(), "history.tar.gz")
	if err := os.WriteFile(tgz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, tgz
}

// TestReadParsesLastOfDay (issue #19): of the files of a day only the
// last is parsed, in a folder (picked by name) and in a .tar.gz (its body
// kept until a later day starts); before, every file was.
func TestReadParsesLastOfDay(t *testing.T) {
	dir, tgz := dayFiles(t, 4, 3)
	for name, src := range map[string]string{"folder": dir, "tar.gz": tgz} {
		t.Run(name, func(t *testing.T) {
			h, err := ReadPath(context.Background(), src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if h.Files != 12 || len(h.Snapshots) != 4 || h.Parsed != 4 {
				t.Errorf("files %d, snapshots %d, parsed %d; want 12, 4, 4", h.Files, len(h.Snapshots), h.Parsed)
			}
			for _, sn := range h.Snapshots {
				want := geo.AreaKm2(dsMP(37.8, 48.0, 0.12))
				if got := geo.AreaKm2(sn.Shapes[OccupiedRegion]); got < want*0.99 || got > want*1.01 {
					t.Errorf("%s: %.0f km², want the last file's %.0f", sn.Day, got, want)
				}
			}
		})
	}
}

// TestReadOutOfOrder: a stream whose files of a day are not in order of
// time still gives each day's last file.
func TestReadOutOfOrder(t *testing.T) {
	files := map[string]string{
		"1737410164.geojson": dsfixture.Collection(dsfixture.Polygon("Окуповано", dsfixture.Square(37.8, 48.0, 0.2))), // 2025-01-20 21:56, the day's last
		"1737331200.geojson": dsfixture.Collection(dsfixture.Polygon("Окуповано", dsfixture.Square(37.8, 48.0, 0.3))), // 2025-01-20 00:00
		"1737496564.geojson": dsfixture.Collection(dsfixture.Polygon("Окуповано", dsfixture.Square(37.8, 48.0, 0.1))), // 2025-01-21
		"1737400000.geojson": dsfixture.Collection(dsfixture.Polygon("Окуповано", dsfixture.Square(37.8, 48.0, 0.4))), // 2025-01-20 19:06, after the next day
	}
	order := []string{"1737331200.geojson", "1737410164.geojson", "1737496564.geojson", "1737400000.geojson"}
	walk := func(add func(string, io.Reader) error) error {
		for _, n := range order {
			if err := add(n, strings.NewReader(files[n])); err != nil {
				return err
			}
		}
		return nil
	}
	h, err := Read(context.Background(), "test", walk, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Snapshots) != 2 || h.Snapshots[0].File != "1737410164.geojson" || h.Parsed != 2 {
		t.Errorf("snapshots %+v, parsed %d; want 2, the first of 1737410164.geojson, 2 parsed", h.Snapshots, h.Parsed)
	}
}

// TestBadInput: a file whose name is not a Unix time, and a
// broken polygon in a day's map, are problems; limits hold.
func TestBadInput(t *testing.T) {
	ctx := context.Background()
	dir := deepStateFixture(t, false)
	os.WriteFile(filepath.Join(dir, "latest.geojson"), []byte(dsfixture.Collection()), 0o644)
	if _, err := ReadPath(ctx, dir, Options{}); !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), "latest.geojson") {
		t.Errorf("file name: got %v", err)
	}
	dir = deepStateFixture(t, false)
	os.WriteFile(filepath.Join(dir, "1737600000.geojson"), []byte(dsfixture.Collection(dsfixture.Polygon("Окуповано", "[[[37,48],[38,48],[38,49]]]"))), 0o644)
	if _, err := ReadPath(ctx, dir, Options{}); !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), "1737600000.geojson feature 0") {
		t.Errorf("broken polygon: got %v", err)
	}
	if _, err := ReadPath(ctx, deepStateFixture(t, false), Options{Options: series.Options{Limits: geojson.Limits{Files: 2}}}); !errors.Is(err, geo.ErrTooLarge) {
		t.Errorf("limit of files: got %v", err)
	}
}

// TestReadHoleOutsideOutline (#24, 4): DeepStateMap's editor left a speck
// of a hole outside an outline (Kherson's polygon, 2022-05-18 to
// 2022-05-31); the overlays read such a polygon as the speck alone, so
// the day's occupied shape lost the outline's ground. Each polygon is
// repaired as it is read: the outline keeps its ground (the speck is an
// island of its own), the repair is counted; a hole outside that no
// repair may mend (its area beyond geo.MaxRepairChange) refuses the file,
// naming the feature.
func TestReadHoleOutsideOutline(t *testing.T) {
	city := orb.Point{32.6178, 46.6354}
	speck := "[33.248438,47.3474353,0],[33.2484422,47.3474337,0],[33.2484375,47.3474314,0],[33.248438,47.3474353,0]"
	outline := dsfixture.Square(32.7, 46.7, 0.2)
	coords := func(hole string) string { return outline[:len(outline)-1] + ",[" + hole + "]]" }
	read := func(coords string) (*History, error) {
		body := dsfixture.Collection(dsfixture.Polygon("Окуповано /// Occupied", coords))
		walk := func(add func(string, io.Reader) error) error {
			return add("1653044441.geojson", strings.NewReader(body))
		}
		return Read(context.Background(), "test", walk, Options{})
	}
	h, err := read(coords(speck))
	if err != nil {
		t.Fatal(err)
	}
	got := h.Snapshots[0].Shapes[OccupiedRegion]
	if in, _ := geo.Covers(got, city); !in || geo.Validate(got) != nil {
		t.Errorf("occupied shape %v: want it valid, covering %v", got, city)
	}
	if want := geo.AreaKm2(dsMP(32.7, 46.7, 0.2)); math.Abs(geo.AreaKm2(got)-want) > want*1e-6 {
		t.Errorf("occupied %.3f km², want the outline's %.3f", geo.AreaKm2(got), want)
	}
	if h.Repairs.Count != 1 || h.Repairs.MaxChange > geo.MaxRepairChange {
		t.Errorf("repairs %+v, want the one polygon", h.Repairs)
	}
	big := strings.TrimSuffix(strings.TrimPrefix(dsfixture.Square(33.5, 47.5, 0.1), "[["), "]]")
	if _, err := read(coords(big)); !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), "1653044441.geojson feature 0") {
		t.Errorf("a hole outside beyond the repair's bound: got %v, want the feature refused", err)
	}
}
