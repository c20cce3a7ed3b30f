package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/frontline-map/frontline/geo"
)

// Editors write over HTTP, each with a token of their own, so that the
// audit log tells them apart ("editor:NAME") and one can be revoked alone.
// A token is TokenPrefix and 32 random bytes in base64url, shown once when
// the editor is added. The store keeps only its SHA-256: every server over
// the database accepts it, and a copy of the database gives away no token.
// A fast hash is right for tokens (unlike passwords): 256 random bits
// cannot be guessed however fast each guess is.

// TokenPrefix starts every editor's token, so that one is recognisable
// (in a leaked file, by a secret scanner) and other bearer tokens are
// refused without a query.
const TokenPrefix = "fl_"

// tokenBytes is the randomness of a token; tokenLen its length in text.
const (
	tokenBytes = 32
	tokenLen   = len(TokenPrefix) + (tokenBytes*8+5)/6 // unpadded base64
)

// Editor is one editor: who, the datasets they may write (their scope;
// nil: every dataset), since when, and since when no longer (nil while
// their token is accepted). The token's hash is never read out.
type Editor struct {
	Name     string     `json:"name"`
	Datasets []string   `json:"datasets"`
	Created  time.Time  `json:"created"`
	Revoked  *time.Time `json:"revoked"`
}

// tokenHash is what the store keeps of a token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// newToken makes a token: TokenPrefix and 32 bytes from crypto/rand.
func newToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// AddEditor adds an editor and returns their token, which is kept nowhere
// (only its hash is): the caller shows it once. The name is a slug
// (lowercase words joined by '-'); a bad or taken name, including one of a
// revoked editor (the audit log names editors, so names are never reused),
// is a *geo.ValidationError. Datasets, if any, scope the editor to the
// datasets of those names (slugs; they need not exist yet); none lets
// them write every dataset.
func (s *Store) AddEditor(ctx context.Context, name string, datasets ...string) (string, error) {
	ed := geo.Editor{Name: name, Datasets: geo.ParseScope(strings.Join(datasets, ","))}
	if err := validEditor(ed); err != nil {
		return "", err
	}
	token, err := newToken()
	if err != nil {
		return "", fmt.Errorf("add editor: %w", err)
	}
	taken := &geo.ValidationError{Problems: []geo.Problem{{What: "editor " + geo.Echo(name), Why: "an editor with this name exists (names of revoked editors are not reused)"}}}
	err = s.tx(ctx, func(tx *txn) error {
		// Ask first: on PostgreSQL a failed INSERT would abort the
		// transaction; the UNIQUE constraint still decides a race.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM editors WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return taken
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO editors(name, token_hash, created, datasets) VALUES(?,?,?,?) RETURNING id`,
			name, tokenHash(token), time.Now().UTC().Format(time.RFC3339), strings.Join(ed.Datasets, ",")).Scan(&id)
		if err != nil {
			if tx.d.unique(err) {
				return taken
			}
			return err
		}
		return audit(ctx, tx, s.actor, "insert", "editor", id, "", strings.TrimPrefix(ed.Actor(), "editor:"))
	})
	if err != nil {
		if errors.Is(err, geo.ErrInvalid) {
			return "", err
		}
		return "", fmt.Errorf("add editor: %w", err)
	}
	return token, nil
}

// validEditor checks an editor's name and the names of their scope.
func validEditor(ed geo.Editor) error {
	var p []geo.Problem
	if !ValidSlug(ed.Name) {
		p = append(p, geo.Problem{What: "editor " + geo.Echo(ed.Name), Why: "bad name: want lowercase words joined by '-'"})
	}
	for _, d := range ed.Datasets {
		if !ValidSlug(d) {
			p = append(p, geo.Problem{What: "editor " + geo.Echo(ed.Name) + ": dataset " + geo.Echo(d), Why: "bad dataset name: want lowercase words joined by '-'"})
		}
	}
	if p != nil {
		return &geo.ValidationError{Problems: p}
	}
	return nil
}

// Editors returns every editor, revoked or not, ordered by name.
func (s *Store) Editors(ctx context.Context) ([]Editor, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, datasets, created, revoked FROM editors ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("editors: %w", err)
	}
	defer rows.Close()
	var out []Editor
	for rows.Next() {
		var e Editor
		var scope, created string
		var revoked sql.NullString
		if err := rows.Scan(&e.Name, &scope, &created, &revoked); err != nil {
			return nil, err
		}
		e.Datasets = geo.ParseScope(scope)
		e.Created, _ = time.Parse(time.RFC3339, created)
		if revoked.Valid {
			t, _ := time.Parse(time.RFC3339, revoked.String)
			e.Revoked = &t
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RevokeEditor revokes an editor's token: from then on every server over
// the database refuses it. An unknown name is ErrNotFound; revoking a
// revoked editor changes nothing.
func (s *Store) RevokeEditor(ctx context.Context, name string) error {
	return s.tx(ctx, func(tx *txn) error {
		var id int64
		var revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT id, revoked FROM editors WHERE name = ?`, name).Scan(&id, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: editor %s", ErrNotFound, geo.Echo(name))
		}
		if err != nil || revoked.Valid {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE editors SET revoked = ? WHERE id = ?`, time.Now().UTC().Format(time.RFC3339), id); err != nil {
			return err
		}
		return audit(ctx, tx, s.actor, "revoke", "editor", id, "", name)
	})
}

// errNoEditor is a token no editor holds, or one revoked. It never repeats
// the token.
var errNoEditor = fmt.Errorf("%w: no editor holds this token, or it was revoked", ErrNotFound)

// EditorByToken returns the editor whose token this is, with their scope,
// or an error wrapping ErrNotFound if nobody's (or a revoked editor's). It
// asks the database every time, so a revocation holds on every server at
// once. The lookup is by the token's SHA-256, which tells a timing
// attacker nothing about any token; the hashes are compared in constant
// time too.
func (s *Store) EditorByToken(ctx context.Context, token string) (geo.Editor, error) {
	if len(token) != tokenLen || !strings.HasPrefix(token, TokenPrefix) {
		return geo.Editor{}, errNoEditor
	}
	want := tokenHash(token)
	var ed geo.Editor
	var scope string
	var got []byte
	var revoked sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT name, datasets, token_hash, revoked FROM editors WHERE token_hash = ?`, want).Scan(&ed.Name, &scope, &got, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return geo.Editor{}, errNoEditor
	}
	if err != nil {
		return geo.Editor{}, fmt.Errorf("editor by token: %w", err)
	}
	if subtle.ConstantTimeCompare(got, want) != 1 || revoked.Valid {
		return geo.Editor{}, errNoEditor
	}
	ed.Datasets = geo.ParseScope(scope)
	return ed, nil
}
