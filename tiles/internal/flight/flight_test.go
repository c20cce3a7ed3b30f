package flight

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestDoShares: callers asking for one key at once share one run.
func TestDoShares(t *testing.T) {
	var g Group
	var runs atomic.Int64
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := g.Do(context.Background(), "k", func(context.Context) ([]byte, error) {
				runs.Add(1)
				<-release
				return []byte("body"), nil
			})
			if err != nil || string(b) != "body" {
				t.Errorf("got %q, %v, want body", b, err)
			}
		}()
	}
	for waiting(&g, "k") < 4 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Errorf("got %d runs, want 1", n)
	}
}

// waiting is how many callers wait for key.
func waiting(g *Group, key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ref := g.calls[key]; ref != nil {
		return ref.waiting
	}
	return 0
}

// TestDoPanic: a panic in the work is every waiter's *PanicError, and the
// key is free again after it.
func TestDoPanic(t *testing.T) {
	var g Group
	_, err := g.Do(context.Background(), "k", func(context.Context) ([]byte, error) { panic("boom") })
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "boom" || len(pe.Stack) == 0 {
		t.Fatalf("got %v, want a *PanicError of boom with its stack", err)
	}
	b, err := g.Do(context.Background(), "k", func(context.Context) ([]byte, error) { return []byte("ok"), nil })
	if err != nil || string(b) != "ok" {
		t.Errorf("got %q, %v after the panic, want ok", b, err)
	}
}
