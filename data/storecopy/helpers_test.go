package storecopy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/pgtest"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
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

var seriesCfg = store.ImportConfig{Dataset: "series", Region: "occupied", Side: geo.SideRU, Status: geo.StatusOccupied}
