package store

import (
	"context"
	"fmt"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// AuditEntry is one row of the audit log: who changed what, when, on what source.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID int64     `json:"entity_id"`
	Source   string    `json:"source"`
	Detail   string    `json:"detail"`
}

// WithActor returns a context whose writes name actor in the audit log
// instead of the store's Config.Actor: the HTTP server sets "admin" or
// "editor:NAME" for the holder of the token of a write.
func WithActor(ctx context.Context, actor string) context.Context { return geo.WithActor(ctx, actor) }

// audit writes an audit row. Its actor is the context's (WithActor) when it
// has one, else actor (the store's).
func audit(ctx context.Context, tx *txn, actor, action, entity string, id int64, source, detail string) error {
	if a := geo.Actor(ctx); a != "" {
		actor = a
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit(at, actor, action, entity, entity_id, source, detail) VALUES(?,?,?,?,?,?,?)`,
		time.Now().UTC().Format(time.RFC3339Nano), actor, action, entity, id, source, detail)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Audit returns the newest audit rows, at most limit of them.
func (s *Store) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, entity, entity_id, source, detail FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Source, &e.Detail); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}
