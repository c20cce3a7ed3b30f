package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"slices"
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
		if got, err := s.EditorByToken(ctx, tok); err != nil || got.Name != want || got.Scoped() {
			t.Errorf("EditorByToken: got %+v, %v, want %q of every dataset", got, err, want)
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
	if got, err := s.EditorByToken(ctx, bob); err != nil || got.Name != "bob-b" {
		t.Errorf("bob after alice's revocation: got %+v, %v", got, err)
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
		if ed, err := s.EditorByToken(ctx, tok); !errors.Is(err, ErrNotFound) || ed.Name != "" {
			t.Errorf("EditorByToken(%q): got %+v, %v, want ErrNotFound", tok, ed, err)
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

// TestEditorScope (#22): an editor added with datasets is scoped to them
// (sorted, without repeats); EditorByToken and Editors return the scope;
// bad dataset names are refused; the audit row of the insert names the
// scope; an editor without datasets may write every dataset.
func TestEditorScope(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	type tcase struct {
		datasets []string
		want     []string
		actor    string
	}
	for name, tc := range map[string]tcase{
		"unscoped":       {nil, nil, "editor:unscoped"},
		"one":            {[]string{"kyiv-desk"}, []string{"kyiv-desk"}, "editor:one[kyiv-desk]"},
		"two-sorted":     {[]string{"b", "a", "b"}, []string{"a", "b"}, "editor:two-sorted[a,b]"},
		"comma-joined":   {[]string{"b,a"}, []string{"a", "b"}, "editor:comma-joined[a,b]"},
		"empty-is-every": {[]string{""}, nil, "editor:empty-is-every"},
	} {
		t.Run(name, func(t *testing.T) {
			tok, err := s.AddEditor(ctx, name, tc.datasets...)
			if err != nil {
				t.Fatal(err)
			}
			ed, err := s.EditorByToken(ctx, tok)
			if err != nil || ed.Name != name || !slices.Equal(ed.Datasets, tc.want) {
				t.Fatalf("EditorByToken: got %+v, %v, want %s of %q", ed, err, name, tc.want)
			}
			if ed.Actor() != tc.actor {
				t.Errorf("Actor: got %q, want %q", ed.Actor(), tc.actor)
			}
			if ed.Allows("other") != (tc.want == nil) || (tc.want != nil && !ed.Allows(tc.want[0])) {
				t.Errorf("Allows: %+v", ed)
			}
			eds, err := s.Editors(ctx)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(eds, func(e Editor) bool { return e.Name == name })
			if i < 0 || !slices.Equal(eds[i].Datasets, tc.want) {
				t.Errorf("Editors: got %+v, want %s of %q", eds, name, tc.want)
			}
			au, _ := s.Audit(ctx, 1)
			if len(au) != 1 || au[0].Entity != "editor" || "editor:"+au[0].Detail != tc.actor {
				t.Errorf("audit of the insert: got %+v, want detail %q", au, strings.TrimPrefix(tc.actor, "editor:"))
			}
		})
	}
	for _, bad := range [][]string{{"Kyiv"}, {"a b"}, {"ok", "-x"}} {
		var ve *geo.ValidationError
		if _, err := s.AddEditor(ctx, "bad", bad...); !errors.As(err, &ve) {
			t.Errorf("AddEditor(bad, %q): got %v, want a ValidationError", bad, err)
		}
	}
}
