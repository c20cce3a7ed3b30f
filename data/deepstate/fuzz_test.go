package deepstate

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/geojson"
	"github.com/frontline-map/frontline/data/internal/dsfixture"
	"github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// FuzzRead reads arbitrary bytes as a snapshot file of a history, and
// classifies arbitrary names: no panic, only rejections as errors, and
// the shapes of the series are in range. The border is a small made-up
// one, so that each run is fast.
func FuzzRead(f *testing.F) {
	f.Add([]byte(dsfixture.Collection(dsfixture.Polygon("Окуповано /// Occupied /// geoJSON.status.occupied", dsfixture.Donetsk), dsfixture.Point)))
	f.Add([]byte(dsfixture.Collection(dsfixture.Polygon("Звільнено 25.03 /// geoJSON.status.dismissed_at {{at:25.03}}", dsfixture.Kursk))))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[`))
	border := Border{Ukraine: dsMP(37, 49, 3), Russia: []orb.MultiPolygon{dsMP(38, 53, 1)}}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<15 {
			return
		}
		walk := func(add func(string, io.Reader) error) error {
			return add("1737410164.geojson", strings.NewReader(string(b)))
		}
		opt := Options{Options: series.Options{Limits: geojson.Limits{FileBytes: 1 << 16}}, Border: border}
		h, err := Read(context.Background(), "fuzz", walk, opt)
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) && !errors.Is(err, geo.ErrTooLarge) {
				t.Fatalf("error %v is not a rejection", err)
			}
			return
		}
		for _, n := range h.Names {
			Classify(n.Name)
			datesOf(n.Name)
		}
		// Read again as imported already: skimmed, it gives what parsed.
		opt.Imported = &geo.Imported{Digests: h.Series("").Digests}
		h2, err := Read(context.Background(), "fuzz", walk, opt)
		if err != nil || !reflect.DeepEqual(h2.Names, h.Names) || h2.Skipped() != h.Skipped() || h2.Snapshots[0].Polygons != h.Snapshots[0].Polygons {
			t.Fatalf("skimmed: %v, names %v, want %v", err, h2.Names, h.Names)
		}
		for _, rd := range h.Series("").Regions {
			for _, d := range rd.Days {
				if b := d.Geometry.Bound(); len(d.Geometry) > 0 && (b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90) {
					t.Fatalf("%s: shape out of range: %v", rd.Region.Slug, b)
				}
			}
		}
	})
}
