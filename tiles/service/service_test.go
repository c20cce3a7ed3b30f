package service

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/frontline-map/frontline/geo"
	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/fake"
	"github.com/frontline-map/frontline/tiles/lru"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// seedService is a Service over fake.SeedLike, with a cache and the
// memory of requests as the HTTP server has them, counting renders.
func seedService(renders *atomic.Int64) *Service {
	st, bm := fake.SeedLike()
	return New(Config{Source: st, Builder: tiles.NewBuilder(bm, DefaultMemoBytes), Cache: lru.NewBytes(64 << 20),
		Requests: 1000, Rendered: func(string, time.Duration) { renders.Add(1) }})
}

// east is a tile over the seed's eastern occupied area at zoom 6.
var east = maptile.At(orb.Point{38.3, 47.9}, 6)

func TestRequestKey(t *testing.T) {
	day := geo.MustParseDay("2025-01-20")
	for name, tc := range map[string]struct {
		r    Request
		want []string
	}{
		"day":         {Request{Dataset: "deepstate", Day: day, Tile: maptile.New(611, 345, 10), Format: PNG}, []string{"deepstate", "2025-01-20", "png", "10/611/345"}},
		"before 1900": {Request{Day: geo.MustParseDay("1900-01-01") - 1, Format: MVT, ControlOnly: true}, []string{"", (geo.MustParseDay("1900-01-01") - 1).String(), "mvt-control", "0/0/0"}},
		"long name":   {Request{Dataset: strings.Repeat("d", 200), Day: geo.Forever, Tile: maptile.New(262143, 262143, 18), Format: PNG2x}, []string{strings.Repeat("d", 200), geo.Forever.String(), "png2x", "18/262143/262143"}},
		"temporal":    {Request{Dataset: "seed", Set: TemporalTiles, Tile: maptile.New(1, 2, 3), Format: MVT}, []string{"seed", "all", "mvt-temporal", "3/1/2"}},
		"base":        {Request{Dataset: "seed", Set: BaseTiles, Tile: maptile.New(1, 2, 3), Format: MVT}, []string{"", "base", "mvt", "3/1/2"}},
	} {
		t.Run(name, func(t *testing.T) {
			want := tc.want[0] + "\x00" + strings.Join(tc.want[1:], "|")
			if got := requestKey(tc.r, tc.r.kind()); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	for name, tc := range map[string]struct {
		r          Request
		formatErr  bool
		invalidErr bool
	}{
		"day png":          {r: Request{Tile: east, Format: PNG}},
		"day mvt":          {r: Request{Tile: east, Format: MVT}},
		"temporal mvt":     {r: Request{Set: TemporalTiles, Tile: east, Format: MVT}},
		"temporal png":     {r: Request{Set: TemporalTiles, Tile: east, Format: PNG}, formatErr: true, invalidErr: true},
		"base png@2x":      {r: Request{Set: BaseTiles, Tile: east, Format: PNG2x}, formatErr: true, invalidErr: true},
		"no format":        {r: Request{Tile: east}, formatErr: true, invalidErr: true},
		"no such set":      {r: Request{Set: BaseTiles + 1, Tile: east, Format: MVT}, formatErr: true, invalidErr: true},
		"zoom 19":          {r: Request{Tile: maptile.New(0, 0, 19), Format: MVT}, invalidErr: true},
		"outside pyramid":  {r: Request{Tile: maptile.New(4, 0, 2), Format: PNG}, invalidErr: true},
		"last tile of z18": {r: Request{Tile: maptile.New(1<<18-1, 1<<18-1, 18), Format: PNG}},
	} {
		t.Run(name, func(t *testing.T) {
			err := tc.r.Check()
			var fe *FormatError
			if got := errors.As(err, &fe); got != tc.formatErr {
				t.Errorf("got %v, want a *FormatError: %v", err, tc.formatErr)
			}
			if got := errors.Is(err, geo.ErrInvalid); got != tc.invalidErr {
				t.Errorf("got %v, want geo.ErrInvalid: %v", err, tc.invalidErr)
			}
			if _, gerr := New(Config{Source: fake.NewStore()}).Get(context.Background(), tc.r); (gerr == nil) != (err == nil) {
				t.Errorf("Get: got %v, Check: %v", gerr, err)
			}
		})
	}
}

func TestFormatErrorMessage(t *testing.T) {
	err := (&FormatError{Set: TemporalTiles, Format: PNG}).Error()
	if want := "temporal tiles are vector tiles: want {y}.mvt"; err != want {
		t.Errorf("got %q, want %q", err, want)
	}
}
