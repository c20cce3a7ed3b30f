package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// TestEditors: add, list, revoke and look up editors by token, on both
// stores (openTemp). Only a token's SHA-256 is stored; names are unique
// forever; a revoked or unknown token is ErrNotFound; every change is
// audited.
func TestEditors(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	alice, err := s.AddEditor(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := s.AddEditor(ctx, "bob-b")
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{alice, bob} {
		if !strings.HasPrefix(tok, TokenPrefix) || len(tok) != tokenLen {
			t.Errorf("token %q: want %s and %d characters", tok, TokenPrefix, tokenLen)
		}
	}
	if alice == bob {
		t.Fatal("two editors got the same token")
	}
	for tok, want := range map[string]string{alice: "alice", bob: "bob-b"} {
		if got, err := s.EditorByToken(ctx, tok); err != nil || got != want {
			t.Errorf("EditorByToken: got %q, %v, want %q", got, err, want)
		}
	}

	// Only the hash is in the table, and the token is nowhere in the
	// database's rows of editors or audit.
	rows, err := s.db.QueryContext(ctx, `SELECT name, token_hash, created FROM editors ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var hashes [][]byte
	for rows.Next() {
		var name, created string
		var h []byte
		if err := rows.Scan(&name, &h, &created); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{alice, bob} {
			if strings.Contains(name+created, tok) || bytes.Contains(h, []byte(tok)) || bytes.Contains(h, []byte(tok[len(TokenPrefix):])) {
				t.Errorf("editor %s: the token is in the table", name)
			}
		}
		hashes = append(hashes, h)
	}
	rows.Close()
	ha, hb := sha256.Sum256([]byte(alice)), sha256.Sum256([]byte(bob))
	if len(hashes) != 2 || !bytes.Equal(hashes[0], ha[:]) || !bytes.Equal(hashes[1], hb[:]) {
		t.Errorf("token_hash: want the SHA-256 of each token")
	}
	au, err := s.Audit(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range au {
		if strings.Contains(e.Detail+e.Source, TokenPrefix) {
			t.Errorf("audit row %+v holds a token", e)
		}
	}

	// Names: slugs, unique, including those of revoked editors.
	for _, name := range []string{"alice", "", "Alice", "a b", "-x", strings.Repeat("a", 81)} {
		_, err := s.AddEditor(ctx, name)
		var ve *geo.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, geo.ErrInvalid) {
			t.Errorf("AddEditor(%q): got %v, want a ValidationError", name, err)
		}
	}

	eds, err := s.Editors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(eds) != 2 || eds[0].Name != "alice" || eds[1].Name != "bob-b" || eds[0].Created.IsZero() || eds[0].Revoked != nil {
		t.Fatalf("Editors: got %+v", eds)
	}

	// Revocation refuses alice's token, and only hers.
	if err := s.RevokeEditor(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditorByToken(ctx, alice); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoked token: got %v, want ErrNotFound", err)
	}
	if got, err := s.EditorByToken(ctx, bob); err != nil || got != "bob-b" {
		t.Errorf("bob after alice's revocation: got %q, %v", got, err)
	}
	eds, _ = s.Editors(ctx)
	if len(eds) != 2 || eds[0].Revoked == nil || eds[0].Revoked.IsZero() || eds[1].Revoked != nil {
		t.Errorf("Editors after revoke: got %+v", eds)
	}
	if _, err := s.AddEditor(ctx, "alice"); err == nil {
		t.Error("a revoked editor's name was given again")
	}
	before, _ := s.Audit(ctx, 1)
	if err := s.RevokeEditor(ctx, "alice"); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if after, _ := s.Audit(ctx, 1); after[0].ID != before[0].ID {
		t.Errorf("revoking twice wrote an audit row: %+v", after[0])
	}
	if err := s.RevokeEditor(ctx, "carol"); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoke unknown: got %v, want ErrNotFound", err)
	}

	// Tokens nobody holds.
	forged := bob[:len(bob)-1] + "A" // bob's but for the last character
	if bob[len(bob)-1] == 'A' {
		forged = bob[:len(bob)-1] + "B"
	}
	for _, tok := range []string{"", TokenPrefix, "test-token", forged, strings.ToUpper(bob), bob + "x", " " + bob} {
		if name, err := s.EditorByToken(ctx, tok); !errors.Is(err, ErrNotFound) || name != "" {
			t.Errorf("EditorByToken(%q): got %q, %v, want ErrNotFound", tok, name, err)
		} else if strings.Contains(err.Error(), bob[len(TokenPrefix):]) {
			t.Errorf("the error repeats the token: %v", err)
		}
	}

	// The audit log: two inserts and one revocation, by the store's actor.
	au, _ = s.Audit(ctx, 100)
	var got []string
	for _, e := range au {
		if e.Entity == "editor" {
			got = append(got, e.Actor+" "+e.Action+" "+e.Detail)
		}
	}
	if want := []string{"test revoke alice", "test insert bob-b", "test insert alice"}; strings.Join(got, ";") != strings.Join(want, ";") {
		t.Errorf("audit: got %q, want %q", got, want)
	}
}

// TestAuditActorFromContext: a write's audit rows name the context's actor
// (WithActor) when it has one, else the store's.
func TestAuditActorFromContext(t *testing.T) {
	s := empty(t)
	ctx := WithActor(context.Background(), "editor:alice")
	if _, err := s.ImportGeoJSON(ctx, strings.NewReader(goodFC), "good.geojson", ImportConfig{Dataset: "edits"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddArticle(ctx, geo.Article{Title: "t", URL: "https://example.org/a", Published: geo.MustParseDay("2024-02-01")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddEditor(context.Background(), "bob"); err != nil {
		t.Fatal(err)
	}
	au, err := s.Audit(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	entities := map[string]bool{}
	for _, e := range au {
		want := "editor:alice"
		if e.Entity == "editor" {
			want = "test"
		}
		if e.Actor != want {
			t.Errorf("audit row %s %s: actor %q, want %q", e.Action, e.Entity, e.Actor, want)
		}
		entities[e.Entity] = true
	}
	for _, ent := range []string{"dataset", "region", "version", "article", "editor"} {
		if !entities[ent] {
			t.Errorf("no audit row of a %s", ent)
		}
	}
}
