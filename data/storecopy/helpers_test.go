package storecopy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// onPostgres reports whether the suite runs on PostgreSQL
// (FRONTLINE_TEST_STORE=postgres, as the store's own tests).
func onPostgres() bool { return os.Getenv("FRONTLINE_TEST_STORE") == "postgres" }

// empty is a new store without the seed, of the kind under test: a SQLite
// file, or with FRONTLINE_TEST_STORE=postgres a new PostgreSQL database
// (pgtest.URL), so that the copy tests run on both stores (make test runs
// them both ways).
func empty(t testing.TB) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	if onPostgres() {
		path = pgtest.URL(t)
	}
	s, err := store.Open(context.Background(), store.Config{Path: path, NoSeed: true, Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// copySource is the source of the copy tests, always a SQLite file: the
// seed, a series dataset with a correction (so its version ids have a gap
// and an audit row names a version that is gone), a GeoJSON dataset, an
// article and two editors, one revoked. It returns the store and the
// editors' tokens.
func copySource(t testing.TB) (*store.Store, map[string]string) {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Path: filepath.Join(t.TempDir(), "source.db"), Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	importSeriesFiles(t, s, seriesFiles(20))
	// A correction of 2024-07-17, the first day of a version: that
	// version is replaced by another.
	importSeriesFiles(t, s, map[string][]byte{"fix/deepstatemap_data_20240717.geojson": []byte(
		`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36,47],[37.5,47],[37.5,48],[36,48],[36,47]]]}}]}`)})
	if _, err := importGeoJSON(ctx, s, goodFC, "good.geojson", store.ImportConfig{Dataset: "edits"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddArticle(ctx, geo.Article{Title: "Fighting near the test area", URL: "https://example.org/copy/1", Outlet: "Test",
		Published: geo.MustParseDay("2024-07-20"), Summary: "Crimea and the test area.", Regions: []string{"crimea", "test-area", "occupied"}}); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	scopes := map[string][]string{"alice": {"seed"}} // a copy carries an editor's scope
	for _, name := range []string{"alice", "bob"} {
		if tokens[name], err = s.AddEditor(ctx, name, scopes[name]...); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RevokeEditor(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	return s, tokens
}

func importSeriesFiles(t testing.TB, s *store.Store, files map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	fs, err := series.ReadStream(ctx, "s.tar.gz", bytes.NewReader(tarGz(t, files)), series.Options{})
	if err != nil {
		t.Fatal(err)
	}
	days, err := series.Group(ctx, fs, seriesDefaults)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportDays(ctx, days, store.ImportConfig{Dataset: "series"}); err != nil {
		t.Fatal(err)
	}
}

// importGeoJSON reads a FeatureCollection and writes its versions, as
// frontline import does.
func importGeoJSON(ctx context.Context, s *store.Store, body, name string, cfg store.ImportConfig) (store.ImportResult, error) {
	vs, err := geojson.ReadVersions(strings.NewReader(body), name, geojson.Defaults{}, geojson.Limits{})
	if err != nil {
		return store.ImportResult{}, err
	}
	return s.ImportVersions(ctx, vs.Versions, vs.Names, cfg)
}

// sqliteTemp is a new SQLite store, seeded or not, whatever store the
// suite runs on.
func sqliteTemp(t testing.TB, noSeed bool) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Config{Path: filepath.Join(t.TempDir(), "sqlite.db"), NoSeed: noSeed, Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// content is what a store shows through its API, with ids replaced by
// natural keys (ids are the destination's own).
func content(t testing.TB, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	add := func(what string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s: %s\n", what, j)
	}
	key := func(id int64) string {
		v, err := s.Version(ctx, id)
		if err != nil {
			t.Fatalf("version %d: %v", id, err)
		}
		return fmt.Sprintf("%s/%s/%s", v.Dataset, v.Region, v.Valid.From)
	}
	normArticles := func(as []geo.Article) []map[string]any {
		var out []map[string]any
		for _, a := range as {
			var vs []string
			for _, id := range a.Versions {
				vs = append(vs, key(id))
			}
			out = append(out, map[string]any{"title": a.Title, "url": a.URL, "outlet": a.Outlet, "published": a.Published,
				"summary": a.Summary, "regions": a.Regions, "versions": vs})
		}
		return out
	}
	normVersions := func(vs []geo.Version) []geo.Version {
		for i := range vs {
			vs[i].ID = 0
		}
		return vs
	}
	ds, err := s.Datasets(ctx)
	add("datasets", ds, err)
	def, err := s.DefaultDataset(ctx)
	add("default", def, err)
	rs, err := s.Regions(ctx)
	add("regions", rs, err)
	for _, r := range rs {
		o, err := s.Outline(ctx, r.Slug)
		add("outline "+r.Slug, o, err)
	}
	for _, d := range ds {
		vs, err := s.VersionsIn(ctx, d.Name, world)
		add("versions "+d.Name, normVersions(vs), err)
		for _, day := range []string{"2014-02-27", "2022-04-07", "2024-01-15", "2024-07-20", "2024-08-31", "2025-01-20"} {
			vs, err := s.VersionsAt(ctx, d.Name, geo.MustParseDay(day), orb.Bound{})
			add("at "+d.Name+" "+day, normVersions(vs), err)
			st, err := s.Stats(ctx, d.Name, geo.MustParseDay(day))
			if err != nil {
				t.Fatal(err)
			}
			arts := st.Articles
			st.Articles = nil
			add("stats "+d.Name+" "+day, st, nil)
			add("stats articles "+d.Name+" "+day, normArticles(arts), nil)
		}
		days, err := s.ChangeDays(ctx, d.Name, orb.Bound{})
		add("days "+d.Name, days, err)
	}
	as, err := s.Articles(ctx, geo.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	add("articles", normArticles(as), nil)
	eds, err := s.Editors(ctx)
	add("editors", eds, err)
	return b.String()
}

// sameContent fails the test where two stores' content differs.
func sameContent(t testing.TB, a, b *store.Store) {
	t.Helper()
	ca, cb := content(t, a), content(t, b)
	if ca == cb {
		return
	}
	la, lb := strings.Split(ca, "\n"), strings.Split(cb, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			t.Fatalf("the stores differ at line %d:\n%.400s\n%.400s", i, la[i], lb[i])
		}
	}
	t.Fatalf("the stores differ: %d and %d lines", len(la), len(lb))
}

func inventory(t testing.TB, s *store.Store) Inventory {
	t.Helper()
	inv, err := ReadInventory(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// auditKeys is the multiset of a store's audit rows as a copy matches them.
func auditKeys(t testing.TB, s *store.Store) map[string]int {
	t.Helper()
	au, err := s.Audit(context.Background(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, a := range au {
		m[strings.Join([]string{a.At.Format(time.RFC3339Nano), a.Actor, a.Action, a.Entity, a.Detail}, "|")]++
	}
	return m
}

const goodFC = `{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"a","properties":{"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-01-01","valid_to":"2024-02-01","source":"test"},
  "geometry":{"type":"Polygon","coordinates":[[[36,47],[36,48],[37,48],[37,47],[36,47]]]}},
 {"type":"Feature","id":"b","properties":{"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-02-01","source":"test"},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[36,47],[37,47],[37,48.5],[36,48.5],[36,47]]]]}}
]}`

const okGeom = `{"type":"Polygon","coordinates":[[[36,47],[37,47],[37,48],[36,48],[36,47]]]}`

func feature(props, geom string) string {
	return `{"type":"Feature","properties":{` + props + `},"geometry":` + geom + `}`
}

func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

// series makes a synthetic daily series: a box whose east edge moves on some days.
func seriesFiles(days int) map[string][]byte {
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

// seriesDefaults are what the test series' features lack.
var seriesDefaults = geojson.Defaults{Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied}
