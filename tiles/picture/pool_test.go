package picture

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/internal/fake"
)

// TestPicturePool (#22): pictures are drawn in a pool of Config.Workers;
// one more waits for a worker, and leaves when its context ends.
func TestPicturePool(t *testing.T) {
	ctx := context.Background()
	st, bm := fake.SeedLike()
	s := New(Config{Source: st, Builder: tiles.NewBuilder(bm, 64<<20), Workers: 1})
	p, err := s.Plan(ctx, Request{Kind: KindSnapshot, Day: "2025-01-20", Width: 200, Height: 150})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.workers.Acquire(ctx, 1); err != nil { // the one worker is busy
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := s.Draw(short, p, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v while the pool is busy, want it to wait until its context ends", err)
	}
	s.workers.Release(1)
	if _, err := s.Draw(ctx, p, nil); err != nil {
		t.Fatalf("got %v with a worker free, want the picture", err)
	}
}
