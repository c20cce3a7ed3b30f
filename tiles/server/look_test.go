package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestETagCoversTheLook checks that cache keys and ETags name how a tile
// or picture looks, not only what it shows: a server drawing with another
// style answers the same raster tiles and pictures with other ETags (a
// client holding the old one gets the new pixels, not 304), and the same
// vector tiles, which carry no style, with the same ETags.
func TestETagCoversTheLook(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	other := draw.DefaultStyle()
	other.Sea.B -= 0x20
	ru := draw.ControlKey{Side: geo.SideRU, Status: geo.StatusOccupied}
	a := other.Control[ru]
	a.Fill.G += 0x40
	other.Control[ru] = a
	def := New(Config{Store: fake.NewStore(), Log: quiet}).Routes()
	explicit := New(Config{Store: fake.NewStore(), Log: quiet, Style: draw.DefaultStyle()}).Routes()
	styled := New(Config{Store: fake.NewStore(), Log: quiet, Style: other}).Routes()
	for path, vector := range map[string]bool{
		"/tiles/2025-01-20/6/38/22.png":                                      false, // over occupied Crimea
		"/tiles/2025-01-20/6/38/22@2x.png":                                   false,
		"/tiles/2025-01-20/6/38/22.png?layers=control":                       false,
		"/tiles/2025-01-20/6/30/22.png":                                      false, // nothing on it: the sea
		"/snapshot.png?day=2025-01-20&bbox=32,44,37,47&width=300&height=200": false,
		"/tiles/2025-01-20/6/38/22.mvt":                                      true,
		"/tiles/all/6/38/22.mvt":                                             true,
	} {
		t.Run(path, func(t *testing.T) {
			r0, r1, r2 := get(t, def, path), get(t, explicit, path), get(t, styled, path)
			e0, e1, e2 := r0.Header().Get("ETag"), r1.Header().Get("ETag"), r2.Header().Get("ETag")
			if r0.Code != 200 || r2.Code != 200 || e0 == "" || e2 == "" {
				t.Fatalf("got %d with ETag %q and %d with ETag %q, want 200s with ETags", r0.Code, e0, r2.Code, e2)
			}
			if e1 != e0 {
				t.Errorf("Style nil and draw.DefaultStyle(): ETags %s and %s, want one", e0, e1)
			}
			sameBody := bytes.Equal(r0.Body.Bytes(), r2.Body.Bytes())
			if vector {
				if e2 != e0 || !sameBody {
					t.Errorf("another style: ETag %s (body the same: %v), want %s and the same body: a vector tile has no style", e2, sameBody, e0)
				}
				return
			}
			if sameBody {
				t.Fatalf("another style drew the same bytes: the test's style changes nothing here")
			}
			if e2 == e0 {
				t.Errorf("another style: the same ETag %s for other pixels", e0)
			}
			if r := get(t, styled, path, "If-None-Match", e0); r.Code != http.StatusOK {
				t.Errorf("If-None-Match with the default style's ETag: got %d, want 200 with the new pixels", r.Code)
			}
			if r := get(t, styled, path, "If-None-Match", e2); r.Code != http.StatusNotModified {
				t.Errorf("If-None-Match with its own ETag: got %d, want 304", r.Code)
			}
		})
	}
}
