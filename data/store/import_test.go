package store

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

func counts(t *testing.T, s *Store) (versions, audits int) {
	t.Helper()
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM versions), (SELECT count(*) FROM audit)`).Scan(&versions, &audits); err != nil {
		t.Fatal(err)
	}
	return versions, audits
}

const goodFC = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"a","properties":{"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-01-01","valid_to":"2024-02-01","source":"test"},
  "geometry":{"type":"Polygon","coordinates":[[[36,47],[36,48],[37,48],[37,47],[36,47]]]}},
 {"type":"Feature","id":"b","properties":{"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-02-01","source":"test"},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[36,47],[37,47],[37,48.5],[36,48.5],[36,47]]]]}}
]}`

func TestImportGeoJSONIdempotent(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	res, err := s.ImportGeoJSON(ctx, strings.NewReader(goodFC), "good.geojson", ImportConfig{Dataset: "edits"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 2 || len(res.RegionsCreated) != 1 {
		t.Errorf("first import: got %+v, want 2 inserted and 1 region created", res)
	}
	v1, a1 := counts(t, s)
	res, err = s.ImportGeoJSON(ctx, strings.NewReader(goodFC), "good.geojson", ImportConfig{Dataset: "edits"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed() || res.Unchanged != 2 {
		t.Errorf("second import: got %+v, want nothing changed", res)
	}
	if v2, a2 := counts(t, s); v2 != v1 || a2 != a1 {
		t.Errorf("second import wrote: versions %d->%d audit %d->%d", v1, v2, a1, a2)
	}
	vs, err := s.VersionsAt(ctx, "edits", geo.MustParseDay("2024-03-01"), orb.Bound{})
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions at 2024-03-01: got %d, %v, want 1", len(vs), err)
	}
	// The clockwise input ring comes back counter-clockwise (RFC 7946).
	if a := geo.AreaKm2(vs[0].Geometry); math.Abs(a-geo.AreaKm2(orb.MultiPolygon{{{{36, 47}, {37, 47}, {37, 48.5}, {36, 48.5}, {36, 47}}}})) > 1e-6 {
		t.Errorf("area: got %f", a)
	}
}

func feature(props, geom string) string {
	return `{"type":"Feature","properties":{` + props + `},"geometry":` + geom + `}`
}

const (
	okProps = `"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-01-01"`
	okGeom  = `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47]]]}`
)

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestImportGeoJSONRejects(t *testing.T) {
	type tcase struct {
		input string
		want  string // in the error message
	}
	tcases := map[string]tcase{
		"broken JSON":        {input: `{"type":"FeatureCollection","features":[{"type":`, want: "broken JSON"},
		"broken JSON line":   {input: "{\"type\":\"FeatureCollection\",\n\"features\":[}", want: "line 2"},
		"not a collection":   {input: `{"type":"Point","coordinates":[1,2]}`, want: "want FeatureCollection"},
		"unclosed ring":      {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47.5]]]}`)), want: "feature 0 (region test-area): polygon 0 ring 0: not closed"},
		"too few positions":  {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,47],[36,47]]]}`)), want: "at least 4"},
		"lon out of range":   {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[237,47],[37,48],[36,47]]]}`)), want: "out of range"},
		"lat out of range":   {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,97],[37,48],[36,47]]]}`)), want: "out of range"},
		"string coordinate":  {input: fc(feature(okProps, `{"type":"Polygon","coordinates":[[["36",47],[37,47],[37,48],[36,47]]]}`)), want: "bad Polygon coordinates"},
		"point geometry":     {input: fc(feature(okProps, `{"type":"Point","coordinates":[36,47]}`)), want: "want Polygon or MultiPolygon"},
		"no geometry":        {input: fc(feature(okProps, `null`)), want: "no geometry"},
		"impossible day":     {input: fc(feature(`"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-02-30"`, okGeom)), want: "valid_from: bad day \"2024-02-30\""},
		"to before from":     {input: fc(feature(okProps+`,"valid_to":"2023-01-01"`, okGeom)), want: "not after valid_from"},
		"bad side":           {input: fc(feature(`"region":"test-area","side":"nato","status":"occupied","valid_from":"2024-01-01"`, okGeom)), want: "bad side \"nato\""},
		"bad status":         {input: fc(feature(`"region":"test-area","side":"ru","status":"annexed","valid_from":"2024-01-01"`, okGeom)), want: "bad status"},
		"no region":          {input: fc(feature(`"side":"ru","status":"occupied","valid_from":"2024-01-01"`, okGeom)), want: "no region"},
		"bad region slug":    {input: fc(feature(`"region":"Test Area","side":"ru","status":"occupied","valid_from":"2024-01-01"`, okGeom)), want: "bad region slug"},
		"overlap in file":    {input: fc(feature(okProps, okGeom), feature(`"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-06-01","valid_to":"2024-07-01"`, okGeom)), want: "overlaps"},
		"one bad of two":     {input: fc(feature(`"region":"other","side":"ru","status":"occupied","valid_from":"2024-01-01"`, okGeom), feature(okProps, `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48]]]}`)), want: "feature 1"},
		"overlap with store": {input: fc(feature(`"region":"crimea","side":"ru","status":"occupied","valid_from":"2014-01-01","valid_to":"2014-03-01"`, okGeom)), want: "overlaps stored version"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := seeded(t)
			v0, a0 := counts(t, s)
			_, err := s.ImportGeoJSON(ctx, strings.NewReader(tc.input), "in.geojson", ImportConfig{Dataset: SeedDataset})
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %q, want it to contain %q", err, tc.want)
			}
			if v1, a1 := counts(t, s); v1 != v0 || a1 != a0 {
				t.Errorf("rejected import wrote: versions %d->%d audit %d->%d", v0, v1, a0, a1)
			}
		})
	}
}

func TestImportSupersedesOpenVersion(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(fc(feature(okProps, okGeom))), "a", ImportConfig{Dataset: "edits"}); err != nil {
		t.Fatal(err)
	}
	later := feature(`"region":"test-area","side":"ru","status":"contested","valid_from":"2024-05-01"`, okGeom)
	res, err := s.ImportGeoJSON(ctx, strings.NewReader(fc(later)), "b", ImportConfig{Dataset: "edits"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Closed != 1 || res.Inserted != 1 {
		t.Errorf("got %+v, want 1 closed, 1 inserted", res)
	}
	h, _ := s.History(ctx, "edits", "test-area")
	if len(h) != 2 || h[0].Valid.To != geo.MustParseDay("2024-05-01") {
		t.Errorf("history: got %v", h)
	}
}

// series makes a synthetic daily series: a box whose east edge moves on some days.
func series(days int) map[string][]byte {
	files := map[string][]byte{}
	start := geo.MustParseDay("2024-07-08")
	for i := 0; i < days; i++ {
		if i == 5 {
			continue // a missing day extends the day before
		}
		east := 37.0 + 0.01*float64(i/3) // changes every third day
		d := start + geo.Day(i)
		body := fmt.Sprintf(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[36,47],[%g,47],[%g,48],[36,48],[36,47]]]]}}]}`, east, east)
		files["series/deepstatemap_data_"+strings.ReplaceAll(d.String(), "-", "")+".geojson"] = []byte(body)
	}
	return files
}

func tarGz(t testing.TB, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, b := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(b)
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

var seriesCfg = importCfg{Dataset: "series", Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied}

func TestImportSeriesSources(t *testing.T) {
	files := series(30)
	dir := t.TempDir()
	for name, b := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	tgz := filepath.Join(dir, "s.tar.gz")
	os.WriteFile(tgz, tarGz(t, files), 0o644)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(tarGz(t, files))
	}))
	defer srv.Close()
	for name, src := range map[string]string{"folder": filepath.Join(dir, "series"), "tar.gz": tgz, "url": srv.URL + "/s.tar.gz"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := empty(t)
			fs, err := ReadSeries(ctx, src, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.ImportSeries(ctx, fs, seriesCfg)
			if err != nil {
				t.Fatal(err)
			}
			// 29 files, shapes change every third day: 10 distinct shapes.
			if res.Inserted != 10 || res.Days != 29 {
				t.Errorf("got %+v, want 10 inserted of 29 days", res)
			}
			h, _ := s.History(ctx, "series", "occupied")
			for i, v := range h {
				wantFrom := geo.MustParseDay("2024-07-08") + geo.Day(3*i)
				if v.Valid.From != wantFrom {
					t.Errorf("version %d starts %s, want %s", i, v.Valid.From, wantFrom)
				}
				if east := v.Geometry.Bound().Max[0]; math.Abs(east-(37+0.01*float64(i))) > 1e-9 {
					t.Errorf("version %d east edge %g", i, east)
				}
			}
			if len(h) > 0 && !h[len(h)-1].Valid.Open() {
				t.Errorf("last version should stay open: %s", h[len(h)-1].Valid)
			}
			res, err = s.ImportSeries(ctx, fs, seriesCfg)
			if err != nil || res.Changed() {
				t.Errorf("re-import: got %+v, %v, want no change", res, err)
			}
		})
	}
}

func TestImportSeriesExtendsAndCorrects(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	all := series(30)
	first := map[string][]byte{}
	for name, b := range all {
		if name < "series/deepstatemap_data_20240720" {
			first[name] = b
		}
	}
	dir := t.TempDir()
	write := func(files map[string][]byte) string {
		p := filepath.Join(dir, fmt.Sprint(len(files))+".tar.gz")
		os.WriteFile(p, tarGz(t, files), 0o644)
		return p
	}
	for _, files := range []map[string][]byte{first, all} {
		fs, err := ReadSeries(ctx, write(files), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportSeries(ctx, fs, seriesCfg); err != nil {
			t.Fatal(err)
		}
	}
	fresh := empty(t)
	fs, _ := ReadSeries(ctx, write(all), ReadOptions{})
	fresh.ImportSeries(ctx, fs, seriesCfg)
	a, _ := s.History(ctx, "series", "occupied")
	b, _ := fresh.History(ctx, "series", "occupied")
	if len(a) != len(b) {
		t.Fatalf("incremental import: got %d versions, want %d as from one import", len(a), len(b))
	}
	for i := range a {
		if a[i].Valid != b[i].Valid {
			t.Errorf("version %d: got %s, want %s", i, a[i].Valid, b[i].Valid)
		}
	}
}

func TestReadSeriesRejects(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x_20240230.geojson"), []byte(`{}`), 0o644)
	os.WriteFile(filepath.Join(dir, "x_20240301.geojson"), []byte(`{"type":"FeatureCollection","features":[`), 0o644)
	_, err := ReadSeries(context.Background(), dir, ReadOptions{})
	var ve *geo.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 {
		t.Fatalf("got %v, want 2 problems", err)
	}
	if !strings.Contains(err.Error(), "x_20240230.geojson: impossible day") || !strings.Contains(err.Error(), "x_20240301.geojson") {
		t.Errorf("got %v, want both files named", err)
	}
	if _, err := ReadSeries(context.Background(), filepath.Join(dir, "missing"), ReadOptions{}); err == nil {
		t.Errorf("missing path: got no error")
	}
}
