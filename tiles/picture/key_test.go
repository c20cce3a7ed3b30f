package picture

import (
	"context"
	"testing"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestKeyCoversTheLook checks that a picture's key names how it is drawn
// (Version, draw.Version and the style's Key) beside what it shows: the
// same request drawn with another style has another key, and with an
// equal style the same.
func TestKeyCoversTheLook(t *testing.T) {
	st, bm := fake.SeedLike()
	b := tiles.NewBuilder(bm, 64<<20)
	key := func(style *draw.Style) string {
		s := New(Config{Source: st, Builder: b, Raster: draw.NewRenderer(style)})
		p, err := s.Plan(context.Background(), Request{Kind: KindSnapshot, Day: "2025-01-20", View: ukraineBBox})
		if err != nil {
			t.Fatal(err)
		}
		return p.Key()
	}
	def := key(nil)
	if got := key(draw.DefaultStyle()); got != def {
		t.Errorf("an equal style: key %s, want %s", got, def)
	}
	other := draw.DefaultStyle()
	other.Text.R++
	if key(other) == def {
		t.Errorf("another text colour: the same key %s", def)
	}
}
