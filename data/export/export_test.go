package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/planar"
)

// fakeStore holds one dataset's versions.
type fakeStore struct {
	ds geo.Dataset
	vs []geo.Version
}

func (f *fakeStore) Dataset(_ context.Context, name string) (geo.Dataset, error) {
	if name != f.ds.Name {
		return geo.Dataset{}, geo.ErrNotFound
	}
	return f.ds, nil
}

func (f *fakeStore) VersionsAt(_ context.Context, _ string, day geo.Day, _ orb.Bound) ([]geo.Version, error) {
	var out []geo.Version
	for _, v := range f.vs {
		if v.Valid.Contains(day) {
			out = append(out, v)
		}
	}
	return out, nil
}

var day = geo.MustParseDay("2025-01-20")

// newStore is a dataset of two versions on day: one wound clockwise (as
// RFC 7946 does not want it) with a hole wound counter-clockwise, one
// closed after day.
func newStore() *fakeStore {
	cw := orb.MultiPolygon{{{{37, 47}, {37, 48.5}, {39.25, 48.5}, {39.25, 47}, {37, 47}},
		{{37.5, 47.5}, {38, 47.5}, {38, 48}, {37.5, 48}, {37.5, 47.5}}}}
	crimea := orb.MultiPolygon{{{{33, 44.5}, {36.5, 44.5}, {36.5, 46.2}, {33, 46.2}, {33, 44.5}}}}
	return &fakeStore{
		ds: geo.Dataset{Name: "seed", Title: "frontline seed", Attribution: "Schematic approximation drawn by frontline",
			License: "Apache-2.0", SourceURL: "https://example.org", ObservedFrom: day - 1000, ObservedTo: day + 30},
		vs: []geo.Version{
			{ID: 3, Dataset: "seed", Region: "donbas", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: cw,
				Valid: geo.Validity{From: day - 10, To: geo.Forever}, Source: `ISW, "Assessment", 2025`},
			{ID: 5, Dataset: "seed", Region: "crimea", Side: geo.SideRU, Status: geo.StatusOccupied, Geometry: crimea,
				Valid: geo.Validity{From: day - 500, To: day + 3}, Source: "s"},
		},
	}
}

func load(t *testing.T, st Store, d geo.Day) *Map {
	t.Helper()
	m, err := Load(context.Background(), st, "seed", d)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGeoJSON (#21): the GeoJSON is RFC 7946: a FeatureCollection without
// "crs", [lon, lat] positions, outer rings counter-clockwise and holes
// clockwise (the store's geometry left as it was), and the dataset's
// credit beside the features.
func TestGeoJSON(t *testing.T) {
	st := newStore()
	var b bytes.Buffer
	if err := load(t, st, day).Write(context.Background(), &b, GeoJSON); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		CRS      any `json:"crs"`
		Dataset  string
		Day      string
		License  string
		Features []struct {
			Type       string
			ID         int64
			Properties map[string]any
			Geometry   struct {
				Type        string
				Coordinates [][][][2]float64
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || fc.CRS != nil || fc.Dataset != "seed" || fc.Day != "2025-01-20" || fc.License != "Apache-2.0" {
		t.Errorf("collection: got %s crs %v dataset %s day %s license %s", fc.Type, fc.CRS, fc.Dataset, fc.Day, fc.License)
	}
	if len(fc.Features) != 2 {
		t.Fatalf("got %d features, want 2", len(fc.Features))
	}
	f := fc.Features[0]
	if f.ID != 3 || f.Geometry.Type != "MultiPolygon" || f.Properties["region"] != "donbas" || f.Properties["valid_to"] != nil {
		t.Errorf("feature: got id %d %s %v", f.ID, f.Geometry.Type, f.Properties)
	}
	if p := f.Geometry.Coordinates[0][0][0]; p != [2]float64{37, 47} {
		t.Errorf("first position: got %v, want [37 47] (lon, lat)", p)
	}
	for i, r := range f.Geometry.Coordinates[0] {
		ring := make(orb.Ring, len(r))
		for j, p := range r {
			ring[j] = orb.Point(p)
		}
		if ccw := planar.Area(ring) > 0; ccw != (i == 0) {
			t.Errorf("ring %d: counter-clockwise %v, want %v", i, ccw, i == 0)
		}
	}
	if planar.Area(st.vs[0].Geometry[0][0]) > 0 {
		t.Error("the store's geometry was rewound: want it left alone")
	}
}

// TestCSV (#21): the CSV parses with encoding/csv, quotes what needs it,
// and its WKT reads back to the same geometry.
func TestCSV(t *testing.T) {
	m := load(t, newStore(), day)
	var b bytes.Buffer
	if err := m.Write(context.Background(), &b, CSV); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("got %d records, header %v", len(recs), recs[0])
	}
	col := map[string]int{}
	for i, h := range CSVHeader {
		col[h] = i
	}
	for i, r := range recs[1:] {
		v := m.Versions[i]
		g, err := wkt.Unmarshal(r[col["wkt"]])
		if err != nil || !orb.Equal(g, v.Geometry) {
			t.Errorf("record %d: WKT read back %v (%v), want %v", i, g, err, v.Geometry)
		}
		if r[col["source"]] != v.Source || r[col["license"]] != "Apache-2.0" || r[col["day"]] != "2025-01-20" {
			t.Errorf("record %d: got %v", i, r[:col["wkt"]])
		}
	}
	if recs[1][col["valid_to"]] != "" || recs[2][col["valid_to"]] != "2025-01-23" {
		t.Errorf("valid_to: got %q and %q, want empty (open) and 2025-01-23", recs[1][col["valid_to"]], recs[2][col["valid_to"]])
	}
}

// TestGPKG (#21): GDAL reads the GeoPackage: the control layer with the
// day's versions, their fields, EPSG:4326, and the credit and licence in
// its description.
func TestGPKG(t *testing.T) {
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Skip("no ogrinfo (gdal-bin)")
	}
	path := filepath.Join(t.TempDir(), "x.gpkg")
	if err := load(t, newStore(), day).WriteFile(context.Background(), path, GPKG); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ogrinfo", "-ro", "-al", "-so", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"Layer name: control", "Feature Count: 2", `ID["EPSG",4326]`, "region: String",
		"valid_from: Date", "Credit: Schematic approximation drawn by frontline.", "Licence: Apache-2.0."} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo says no %q:\n%s", want, out)
		}
	}
}

// TestKey (#21): the key of an export is its content's: stable, the same
// for two days with the same map, another for another format, another
// validity or another credit.
func TestKey(t *testing.T) {
	st := newStore()
	k := load(t, st, day).Key(GPKG)
	if k2 := load(t, st, day+1).Key(GPKG); k2 == k {
		t.Error("the key does not cover the day")
	}
	if k2 := load(t, st, day).Key(GPKG); k2 != k {
		t.Errorf("key: got %s then %s, want it stable", k, k2)
	}
	if load(t, st, day).Key(CSV) == k {
		t.Error("the key does not cover the format")
	}
	st.vs[0].Valid.To = day + 40
	if load(t, st, day).Key(GPKG) == k {
		t.Error("the key does not cover the validity")
	}
	st.ds.License = "CC-BY-4.0"
	k3 := load(t, st, day).Key(GPKG)
	st.ds.License = "Apache-2.0"
	if k3 == load(t, st, day).Key(GPKG) {
		t.Error("the key does not cover the licence")
	}
}

// TestParseFormat (#21): the three formats, and anything else invalid.
func TestParseFormat(t *testing.T) {
	for s, want := range map[string]Format{"": GeoJSON, "geojson": GeoJSON, "gpkg": GPKG, "csv": CSV} {
		if f, err := ParseFormat(s); err != nil || f != want {
			t.Errorf("%q: got %v %v, want %v", s, f, err, want)
		}
	}
	for _, s := range []string{"shp", "GPKG", "kml"} {
		if _, err := ParseFormat(s); !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("%q: got %v, want an invalid input", s, err)
		}
	}
}

// TestAsOf (#20, 5; #21): an export of a day after the dataset's last
// observed day says as of which day its map is, and one before its first
// observed day that it is not observed.
func TestAsOf(t *testing.T) {
	st := newStore()
	for d, want := range map[geo.Day]string{day + 100: "2025-02-19", day: ""} {
		if m := load(t, st, d); m.AsOf.String() != want && !(want == "" && m.AsOf == 0) || !m.Observed {
			t.Errorf("day %s: as of %v observed %v, want %q", d, m.AsOf, m.Observed, want)
		}
	}
	m := load(t, st, day-2000)
	if m.Observed || !strings.Contains(m.Description(), "Not observed") {
		t.Errorf("a day before the first observed: observed %v, %q", m.Observed, m.Description())
	}
}
