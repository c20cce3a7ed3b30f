package geo

import "context"

// actorKey is the context key of the actor of a write.
type actorKey struct{}

// WithActor returns a context whose writes name actor in the audit log
// (for the HTTP server, "admin" or "editor:NAME"). The key lives here so
// that the HTTP layer can set what the store reads without either
// importing the other; data.WithActor is the same function.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// Actor returns the actor WithActor put in ctx, or "" if none.
func Actor(ctx context.Context) string {
	a, _ := ctx.Value(actorKey{}).(string)
	return a
}
