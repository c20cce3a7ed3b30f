// Package flight runs one piece of shared work per key at a time: the
// renders of tiles, pictures and figures that many clients may ask for at
// once. The tile service and the HTTP server both use it.
package flight

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Group runs one render per key at a time; others asking for the same
// key wait for its result. The shared work runs detached from any one
// caller: it goes on while at least one caller still waits, and its
// context is cancelled when the last one has gone. A panic in the work is
// recovered and given to every waiter as a *PanicError. The zero Group is
// ready to use.
type Group struct {
	g     singleflight.Group
	mu    sync.Mutex
	calls map[string]*flightRef
}

// flightRef is the context of the work of one key and how many callers
// wait for it.
type flightRef struct {
	ctx     context.Context
	cancel  context.CancelFunc
	waiting int
}

// PanicError is a panic recovered in shared work: its value and the
// stack where it happened.
type PanicError struct {
	Value any
	Stack []byte
}

// Error says what panicked.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Do returns fn's result for key, running fn once for all callers that ask
// at the same time. fn gets a context that ends when every caller waiting
// for it has left; Do returns ctx.Err() when ctx ends first.
func (g *Group) Do(ctx context.Context, key string, fn func(ctx context.Context) ([]byte, error)) ([]byte, error) {
	for {
		g.mu.Lock()
		if g.calls == nil {
			g.calls = map[string]*flightRef{}
		}
		ref := g.calls[key]
		if ref == nil {
			wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
			ref = &flightRef{ctx: wctx, cancel: cancel}
			g.calls[key] = ref
		}
		ref.waiting++
		// DoChan only starts a goroutine, so it is called under the lock:
		// a caller that finds ref either joins the running call or starts
		// one under ref's context, which stays live while it waits.
		ch := g.g.DoChan(key, func() (v any, err error) {
			defer func() {
				if p := recover(); p != nil {
					err = &PanicError{Value: p, Stack: debug.Stack()}
				}
			}()
			return fn(ref.ctx)
		})
		g.mu.Unlock()
		select {
		case res := <-ch:
			g.leave(key, ref)
			if res.Err != nil && ctx.Err() == nil && errors.Is(res.Err, context.Canceled) && res.Shared {
				// We joined a call whose waiters had all gone just before:
				// its cancellation is theirs, not ours. Ask again.
				continue
			}
			body, _ := res.Val.([]byte)
			return body, res.Err
		case <-ctx.Done():
			g.leave(key, ref)
			return nil, ctx.Err()
		}
	}
}

// leave counts a caller out of ref, cancelling the work when none is left.
func (g *Group) leave(key string, ref *flightRef) {
	g.mu.Lock()
	defer g.mu.Unlock()
	ref.waiting--
	if ref.waiting == 0 {
		ref.cancel()
		if g.calls[key] == ref {
			delete(g.calls, key)
		}
	}
}
