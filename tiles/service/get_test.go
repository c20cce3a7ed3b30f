package service

import (
	"bytes"
	"context"
	"image/png"
	"sync/atomic"
	"testing"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// TestGetFormats: each set and format answers its content type, encoding
// and an ETag of the content key, and a body that decodes.
func TestGetFormats(t *testing.T) {
	var renders atomic.Int64
	s := seedService(&renders)
	day := geo.MustParseDay("2025-01-20")
	for name, tc := range map[string]struct {
		r      Request
		layers []string // of a vector tile
		size   int      // of a raster tile
	}{
		"day mvt":        {r: Request{Dataset: "seed", Day: day, Tile: east, Format: MVT}, layers: []string{tiles.LayerBoundaries, tiles.LayerControl}},
		"control mvt":    {r: Request{Dataset: "seed", Day: day, Tile: east, Format: MVT, ControlOnly: true}, layers: []string{tiles.LayerControl}},
		"day png":        {r: Request{Dataset: "seed", Day: day, Tile: east, Format: PNG}, size: 256},
		"day png@2x":     {r: Request{Dataset: "seed", Day: day, Tile: east, Format: PNG2x}, size: 512},
		"control png":    {r: Request{Dataset: "seed", Day: day, Tile: east, Format: PNG, ControlOnly: true}, size: 256},
		"temporal":       {r: Request{Dataset: "seed", Set: TemporalTiles, Tile: east, Format: MVT}, layers: []string{tiles.LayerControl}},
		"basemap":        {r: Request{Dataset: "seed", Set: BaseTiles, Tile: east, Format: MVT}, layers: []string{tiles.LayerBoundaries}},
		"basemap, no ds": {r: Request{Set: BaseTiles, Tile: east, Format: MVT}, layers: []string{tiles.LayerBoundaries}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := s.Get(context.Background(), tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if got.Key == "" || got.Empty {
				t.Fatalf("got key %q, empty %v, want a key and content", got.Key, got.Empty)
			}
			if got.ContentType != tc.r.Format.ContentType() {
				t.Errorf("got content type %q, want %q", got.ContentType, tc.r.Format.ContentType())
			}
			if tc.r.Format != MVT {
				if got.Encoding != "" || got.ETag != `"`+got.Key+`"` {
					t.Errorf("got encoding %q, ETag %s, want none and %q", got.Encoding, got.ETag, got.Key)
				}
				img, err := png.Decode(bytes.NewReader(got.Body))
				if err != nil || img.Bounds().Dx() != tc.size {
					t.Errorf("got %v (%v), want a PNG of %d px", img.Bounds(), err, tc.size)
				}
				return
			}
			if got.Encoding != "gzip" || got.ETag != `"`+got.Key+`-gz"` {
				t.Errorf("got encoding %q, ETag %s, want gzip and %q-gz", got.Encoding, got.ETag, got.Key)
			}
			plain, err := got.Decoded()
			if err != nil {
				t.Fatal(err)
			}
			if plain.Encoding != "" || plain.ETag != `"`+got.Key+`"` || plain.ETag != got.DecodedETag() {
				t.Errorf("decoded: got encoding %q, ETag %s, want none and %s", plain.Encoding, plain.ETag, got.DecodedETag())
			}
			ls, err := mvt.Unmarshal(plain.Body)
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for _, l := range ls {
				have[l.Name] = len(l.Features) > 0
			}
			for _, l := range tc.layers {
				if !have[l] {
					t.Errorf("got layers %v, want %s with features", have, l)
				}
			}
		})
	}
}

// TestGetCaches: a request asked again is answered from the cache with the
// same bytes, rendering once; after Changed the content is keyed again and
// still hits; a day whose tile shows the same answers the same ETag.
func TestGetCaches(t *testing.T) {
	var renders atomic.Int64
	s := seedService(&renders)
	ctx := context.Background()
	r := Request{Dataset: "seed", Day: geo.MustParseDay("2025-01-20"), Tile: east, Format: PNG}
	first, err := s.Get(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	s.Changed("seed")
	for range 3 {
		again, err := s.Get(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Body, first.Body) || again.ETag != first.ETag {
			t.Errorf("got ETag %s, want %s and the same bytes", again.ETag, first.ETag)
		}
	}
	// No version of the seed begins or ends between these days.
	r.Day = geo.MustParseDay("2025-01-10")
	other, err := s.Get(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if other.ETag != first.ETag {
		t.Errorf("got ETag %s on another day with the same content, want %s", other.ETag, first.ETag)
	}
	if n := renders.Load(); n != 1 {
		t.Errorf("got %d renders, want 1", n)
	}
}

// TestOmitEmpty: a tile with nothing to show has a body unless the
// request omits empty tiles, which are not encoded.
func TestOmitEmpty(t *testing.T) {
	var renders atomic.Int64
	s := seedService(&renders)
	sea := maptile.At(orb.Point{-30, 0}, 4) // the Atlantic
	r := Request{Dataset: "seed", Set: TemporalTiles, Tile: sea, Format: MVT}
	full, err := s.Get(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !full.Empty || full.Body == nil {
		t.Errorf("got empty %v and %d bytes, want an empty tile with a body", full.Empty, len(full.Body))
	}
	r.OmitEmpty = true
	r.Tile = maptile.At(orb.Point{-30, 0}, 5)
	omitted, err := s.Get(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if !omitted.Empty || omitted.Body != nil || omitted.Key == "" {
		t.Errorf("got empty %v, %d bytes, key %q; want empty, no body, a key", omitted.Empty, len(omitted.Body), omitted.Key)
	}
	if n := renders.Load(); n != 1 {
		t.Errorf("got %d renders, want 1", n)
	}
}
