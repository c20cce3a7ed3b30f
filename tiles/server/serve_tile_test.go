package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/fake"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestTileRoutesAnswerTheService: each tile route answers the body and
// ETag a tile service of its own over the same store and basemap gives
// for the same request (issue #19), gzip'd or not as the client accepts.
func TestTileRoutesAnswerTheService(t *testing.T) {
	s, _ := seedLikeServer()
	h := s.Routes()
	st, bm := fake.SeedLike()
	svc := service.New(service.Config{Source: st, Builder: tiles.NewBuilder(bm, service.DefaultMemoBytes)})
	tl := maptile.At(orb.Point{38.3, 47.9}, 6)
	zxy := fmt.Sprintf("%d/%d/%d", tl.Z, tl.X, tl.Y)
	day := geo.MustParseDay("2025-01-20")
	for name, tc := range map[string]struct {
		path string
		gzip bool
		req  service.Request
	}{
		"day mvt":         {"/tiles/2025-01-20/" + zxy + ".mvt", true, service.Request{Dataset: "seed", Day: day, Format: service.MVT}},
		"day mvt, plain":  {"/tiles/2025-01-20/" + zxy + ".mvt", false, service.Request{Dataset: "seed", Day: day, Format: service.MVT}},
		"day png":         {"/tiles/2025-01-20/" + zxy + ".png", true, service.Request{Dataset: "seed", Day: day, Format: service.PNG}},
		"day png@2x":      {"/tiles/2025-01-20/" + zxy + "@2x.png", false, service.Request{Dataset: "seed", Day: day, Format: service.PNG2x}},
		"control overlay": {"/tiles/2025-01-20/" + zxy + ".png?layers=control", false, service.Request{Dataset: "seed", Day: day, Format: service.PNG, ControlOnly: true}},
		"temporal":        {"/tiles/all/" + zxy + ".mvt", true, service.Request{Dataset: "seed", Set: service.TemporalTiles, Format: service.MVT}},
		"temporal, plain": {"/tiles/all/" + zxy + ".mvt?dataset=seed", false, service.Request{Dataset: "seed", Set: service.TemporalTiles, Format: service.MVT}},
		"basemap":         {"/tiles/base/" + zxy + ".mvt", true, service.Request{Set: service.BaseTiles, Format: service.MVT}},
	} {
		t.Run(name, func(t *testing.T) {
			tc.req.Tile = tl
			want, err := svc.Get(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.gzip {
				if want, err = want.Decoded(); err != nil {
					t.Fatal(err)
				}
			}
			var hdr []string
			if tc.gzip {
				hdr = []string{"Accept-Encoding", "gzip"}
			}
			w := get(t, h, tc.path, hdr...)
			if w.Code != 200 {
				t.Fatalf("got %d %s, want 200", w.Code, w.Body)
			}
			if got := w.Body.String(); got != string(want.Body) {
				t.Errorf("got %d bytes, want the service's %d", len(got), len(want.Body))
			}
			if got := w.Header().Get("ETag"); got != want.ETag {
				t.Errorf("got ETag %s, want %s", got, want.ETag)
			}
			if got := w.Header().Get("Content-Type"); got != want.ContentType {
				t.Errorf("got Content-Type %q, want %q", got, want.ContentType)
			}
			if got := w.Header().Get("Content-Encoding"); got != want.Encoding {
				t.Errorf("got Content-Encoding %q, want %q", got, want.Encoding)
			}
			if w := get(t, h, tc.path, append(hdr, "If-None-Match", want.ETag)...); w.Code != 304 {
				t.Errorf("If-None-Match the service's ETag: got %d, want 304", w.Code)
			}
		})
	}
}

// TestTileRouteErrors: the service's refusals reach the client as 400s
// through the server's one mapping of errors.
func TestTileRouteErrors(t *testing.T) {
	h := fakeServer().Routes()
	for name, path := range map[string]string{
		"temporal png":    "/tiles/all/3/4/2.png",
		"basemap png":     "/tiles/base/3/4/2.png",
		"temporal png@2x": "/tiles/all/3/4/2@2x.png?dataset=nosuch",
	} {
		t.Run(name, func(t *testing.T) {
			if w := get(t, h, path); w.Code != 400 {
				t.Errorf("got %d %s, want 400", w.Code, w.Body)
			}
		})
	}
}
