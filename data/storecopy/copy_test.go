package storecopy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// TestCopy copies a SQLite store into a new store of the kind under test
// and back into a new SQLite file: everything the API shows is the same on
// all three, tokens keep working, the checksums agree, and a second copy
// changes nothing.
func TestCopy(t *testing.T) {
	ctx := context.Background()
	src, tokens := copySource(t)
	dst := empty(t)
	var calls, lastDone, lastTotal int
	start := time.Now()
	res, err := Copy(ctx, src, dst, Options{Progress: func(done, total int) { calls++; lastDone, lastTotal = done, total }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copied in %v: %+v", time.Since(start).Round(time.Millisecond), res.Tables)
	srcInv, dstInv := inventory(t, src), inventory(t, dst)
	if res.SourceChecksum != res.DestinationChecksum || res.SourceChecksum != srcInv.Checksum || dstInv.Checksum != srcInv.Checksum {
		t.Errorf("checksums: result %s / %s, inventories %s / %s", res.SourceChecksum, res.DestinationChecksum, srcInv.Checksum, dstInv.Checksum)
	}
	if !strings.HasPrefix(srcInv.Checksum, "sha256:") || len(srcInv.Checksum) != len("sha256:")+64 {
		t.Errorf("checksum %q", srcInv.Checksum)
	}
	for table, n := range srcInv.Rows {
		want := n
		if table == "audit" {
			want++ // the copy's own row
		}
		if dstInv.Rows[table] != want || n == 0 {
			t.Errorf("%s: %d rows in the source, %d in the destination", table, n, dstInv.Rows[table])
		}
		tc := res.Table(table)
		if tc.Source != n || tc.Inserted+tc.Unchanged != n || tc.Destination != want || (tc.Unchanged > 0 && table != "settings") {
			t.Errorf("result of %s: %+v, want %d inserted (settings: but initialized)", table, tc, n)
		}
	}
	if !res.Changed() {
		t.Error("the first copy says it changed nothing")
	}
	if calls == 0 || lastDone != srcInv.Rows["versions"] || lastTotal != srcInv.Rows["versions"] {
		t.Errorf("progress: %d calls, last %d/%d, want %d", calls, lastDone, lastTotal, srcInv.Rows["versions"])
	}
	sameContent(t, src, dst)
	if got, err := dst.EditorByToken(ctx, tokens["alice"]); err != nil || got.Name != "alice" || !slices.Equal(got.Datasets, []string{"seed"}) {
		t.Errorf("alice's token on the copy: %+v, %v, want alice of dataset seed", got, err)
	}
	if _, err := dst.EditorByToken(ctx, tokens["bob"]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("bob's revoked token on the copy: %v, want ErrNotFound", err)
	}
	// Every audit row of the source, and one of the copy.
	sk, dk := auditKeys(t, src), auditKeys(t, dst)
	for k, n := range sk {
		if dk[k] != n {
			t.Errorf("audit row %s: %d in the source, %d in the copy", k, n, dk[k])
		}
	}
	last, err := dst.Audit(ctx, 1)
	if err != nil || len(last) != 1 || last[0].Action != "copy" || last[0].Actor != "test" || !strings.Contains(last[0].Detail, srcInv.Checksum) {
		t.Errorf("the copy's audit row: %+v, %v", last, err)
	}
	// The audit rows name the destination's ids: the article's insert
	// names the article as the copy has it; the correction's delete names
	// a version that is not in the copy, so no id.
	au, _ := dst.Audit(ctx, 1<<20)
	deletes := 0
	for _, a := range au {
		if a.Action == "delete" && a.Entity == "version" {
			deletes++
			if a.EntityID != 0 {
				t.Errorf("audit row %+v names a version the copy does not have", a)
			}
		}
	}
	if deletes != 1 {
		t.Errorf("%d audit rows of a deleted version in the copy, want 1 (the correction)", deletes)
	}
	as, _ := dst.Articles(ctx, geo.ArticleQuery{})
	ids := map[string]int64{}
	for _, a := range as {
		ids[a.Title] = a.ID
	}
	for _, a := range au {
		if a.Entity == "article" && a.Action == "insert" && ids[a.Detail] != a.EntityID {
			t.Errorf("audit row %+v names article %d, the copy's is %d", a, a.EntityID, ids[a.Detail])
		}
	}

	// Again: nothing changes, and the copy says so.
	res2, err := Copy(ctx, src, dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Changed() || res2.SourceChecksum != srcInv.Checksum {
		t.Errorf("second copy: %+v", res2)
	}
	for _, tc := range res2.Tables {
		if tc.Unchanged != tc.Source || tc.Kept != 0 {
			t.Errorf("second copy, %s: %+v", tc.Table, tc)
		}
	}
	if inv := inventory(t, dst); !reflect.DeepEqual(inv, dstInv) {
		t.Errorf("second copy changed the destination: %+v, was %+v", inv, dstInv)
	}

	// Back into a new SQLite file (from PostgreSQL in that run).
	back := sqliteTemp(t, true)
	start = time.Now()
	if _, err := Copy(ctx, dst, back, Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("copied back in %v", time.Since(start).Round(time.Millisecond))
	if inv := inventory(t, back); inv.Checksum != srcInv.Checksum {
		t.Errorf("round trip checksum %s, want %s", inv.Checksum, srcInv.Checksum)
	}
	sameContent(t, src, back)
	if got, err := back.EditorByToken(ctx, tokens["alice"]); err != nil || got.Name != "alice" || !slices.Equal(got.Datasets, []string{"seed"}) {
		t.Errorf("alice's token after the round trip: %+v, %v, want alice of dataset seed", got, err)
	}
}

// TestCopyIDs: a copy into an empty store gives every row the source's id
// when the source's ids have no gaps (the seed's), so ids in links and
// URLs stay valid.
func TestCopyIDs(t *testing.T) {
	ctx := context.Background()
	src := sqliteTemp(t, false)
	dst := empty(t)
	if _, err := Copy(ctx, src, dst, Options{}); err != nil {
		t.Fatal(err)
	}
	day := geo.MustParseDay("2025-01-20")
	a, err := src.Stats(ctx, store.SeedDataset, day)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dst.Stats(ctx, store.SeedDataset, day)
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Errorf("stats differ:\n%s\n%s", ja, jb)
	}
	va, _ := src.VersionsAt(ctx, store.SeedDataset, day, orb.Bound{})
	vb, _ := dst.VersionsAt(ctx, store.SeedDataset, day, orb.Bound{})
	if !reflect.DeepEqual(va, vb) || len(va) == 0 {
		t.Errorf("versions at %s differ (ids included)", day)
	}
}

// TestCopyConflicts: a destination that holds other versions of one of the
// source's datasets is refused with the dataset's name and nothing written;
// with Replace its versions become the source's, and what the source does
// not have (another dataset) stays. Articles that differ are kept, or
// updated with Replace.
func TestCopyConflicts(t *testing.T) {
	ctx := context.Background()
	src, _ := copySource(t)
	dst := empty(t)
	if _, err := Copy(ctx, src, dst, Options{}); err != nil {
		t.Fatal(err)
	}
	srcInv := inventory(t, src)

	// An article edited in the destination is kept.
	if _, err := dst.DB().ExecContext(ctx, `UPDATE articles SET title = 'Edited here' WHERE url = 'https://example.org/copy/1'`); err != nil {
		t.Fatal(err)
	}
	res, err := Copy(ctx, src, dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tc := res.Table("articles"); tc.Kept != 1 || res.Changed() {
		t.Errorf("an article that differs: %+v, changed %v; want it kept", tc, res.Changed())
	}
	title := func() string {
		var s string
		if err := dst.DB().QueryRowContext(ctx, `SELECT title FROM articles WHERE url = 'https://example.org/copy/1'`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := title(); got != "Edited here" {
		t.Errorf("kept article's title: %q", got)
	}

	// Other versions of "edits" in the destination: one that supersedes
	// the open one (which closes it: a version that differs) and so one
	// the source does not have; and a dataset of the destination's own.
	later := fc(feature(`"region":"test-area","side":"ru","status":"occupied","valid_from":"2024-03-01"`, okGeom))
	if _, err := importGeoJSON(ctx, dst, later, "later.geojson", store.ImportConfig{Dataset: "edits"}); err != nil {
		t.Fatal(err)
	}
	if _, err := importGeoJSON(ctx, dst, goodFC, "good.geojson", store.ImportConfig{Dataset: "mine"}); err != nil {
		t.Fatal(err)
	}
	before := inventory(t, dst)
	beforeAudit := auditKeys(t, dst)
	_, err = Copy(ctx, src, dst, Options{})
	var ve *geo.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, geo.ErrInvalid) {
		t.Fatalf("copy onto other versions: got %v, want a ValidationError", err)
	}
	msg := err.Error()
	for _, want := range []string{"dataset edits", "--replace", "1 differ", "1 are not in the source", "nothing written"} {
		if !strings.Contains(msg, want) {
			t.Errorf("refusal %q: want %q in it", msg, want)
		}
	}
	if strings.Contains(msg, "series") || strings.Contains(msg, "mine") {
		t.Errorf("refusal %q names datasets that do not conflict", msg)
	}
	if after := inventory(t, dst); !reflect.DeepEqual(after, before) || !reflect.DeepEqual(auditKeys(t, dst), beforeAudit) {
		t.Errorf("a refused copy wrote: %+v, was %+v", after, before)
	}

	res, err = Copy(ctx, src, dst, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Replaced, []string{"edits"}) || res.Table("versions").Deleted != 2 || res.Table("versions").Inserted != 1 || res.Table("articles").Updated != 1 {
		t.Errorf("replace: %+v", res)
	}
	if got := title(); got != "Fighting near the test area" {
		t.Errorf("article after Replace: %q", got)
	}
	after := inventory(t, dst)
	if res.DestinationChecksum != srcInv.Checksum || after.Rows["datasets"] != srcInv.Rows["datasets"]+1 {
		t.Errorf("after replace: %+v (source %+v)", after, srcInv)
	}
	a, _ := src.History(ctx, "edits", "test-area")
	b, _ := dst.History(ctx, "edits", "test-area")
	for i := range a {
		a[i].ID = 0
	}
	for i := range b {
		b[i].ID = 0
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("edits after replace differ:\n%+v\n%+v", a, b)
	}
	if vs, err := dst.VersionsIn(ctx, "mine", world); err != nil || len(vs) != 2 {
		t.Errorf("the destination's own dataset: %d versions, %v", len(vs), err)
	}
	if res, err := Copy(ctx, src, dst, Options{Replace: true}); err != nil || res.Changed() {
		t.Errorf("replace again: %+v, %v; want no change", res, err)
	}
}

// TestCopyCheckFails: a destination that does not match the source after
// the copy (here tampered with inside the copy's transaction) fails the
// copy with both checksums, and nothing is written.
func TestCopyCheckFails(t *testing.T) {
	ctx := context.Background()
	src, _ := copySource(t)
	dst := empty(t)
	before := inventory(t, dst)
	// The hook drops the first version the copy wrote.
	tamper := func(ctx context.Context, stage string, w *store.Writer) error {
		if stage != "written" {
			return nil
		}
		tables, err := w.Tables(ctx, false)
		if err != nil || len(tables.Versions) == 0 {
			return fmt.Errorf("the destination's versions: %d, %v", len(tables.Versions), err)
		}
		return w.DeleteVersion(ctx, tables.Versions[0].ID)
	}
	_, err := Copy(ctx, src, dst, Options{hook: tamper})
	srcInv := inventory(t, src)
	if err == nil || !strings.Contains(err.Error(), "nothing written") || !strings.Contains(err.Error(), srcInv.Checksum) ||
		strings.Count(err.Error(), "sha256:") != 2 {
		t.Fatalf("a tampered copy: got %v, want a failed check with both checksums", err)
	}
	t.Log(err)
	if after := inventory(t, dst); !reflect.DeepEqual(after, before) {
		t.Errorf("a failed copy wrote: %+v", after)
	}
}

// TestCopySnapshot: the source is read in one snapshot. Versions deleted
// from the source while the copy runs (after it read the source's rows,
// before it read their geometries) are copied as they were.
func TestCopySnapshot(t *testing.T) {
	ctx := context.Background()
	src := empty(t) // the store under test is the source here
	importSeriesFiles(t, src, seriesFiles(12))
	if _, err := importGeoJSON(ctx, src, goodFC, "good.geojson", store.ImportConfig{Dataset: "edits"}); err != nil {
		t.Fatal(err)
	}
	want := inventory(t, src)
	// The hook empties the source's versions once the copy has read its rows.
	change := func(ctx context.Context, stage string, _ *store.Writer) error {
		if stage != "read" {
			return nil
		}
		tx, err := src.DB().BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for _, q := range []string{`DELETE FROM article_versions`, `DELETE FROM versions`, `DELETE FROM versions_bbox`} {
			if onPostgres() && strings.Contains(q, "bbox") {
				continue
			}
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
	dst := sqliteTemp(t, true)
	res, err := Copy(ctx, src, dst, Options{hook: change})
	if err != nil {
		t.Fatal(err)
	}
	if got := inventory(t, dst); got.Checksum != want.Checksum || res.Table("versions").Inserted != want.Rows["versions"] {
		t.Errorf("copy under a change of the source: %+v, want %+v", got, want)
	}
	if now := inventory(t, src); now.Rows["versions"] != 0 {
		t.Errorf("the source still has %d versions: the hook did not run", now.Rows["versions"])
	}
}

// TestCopySameStore: a store is not copied onto itself.
func TestCopySameStore(t *testing.T) {
	s := empty(t)
	if _, err := Copy(context.Background(), s, s, Options{}); err == nil {
		t.Error("copying a store onto itself worked")
	}
}

// TestCopyEditorScope (#22): a copy carries an editor's scope; a
// destination whose editor has another scope keeps it unless Replace,
// which sets the source's.
func TestCopyEditorScope(t *testing.T) {
	ctx := context.Background()
	src, tokens := copySource(t)
	dst := empty(t)
	if _, err := Copy(ctx, src, dst, Options{}); err != nil {
		t.Fatal(err)
	}
	scope := func() string {
		t.Helper()
		ed, err := dst.EditorByToken(ctx, tokens["alice"])
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(ed.Datasets, ",")
	}
	if got := scope(); got != "seed" {
		t.Fatalf("alice's scope on the copy: %q, want seed", got)
	}
	if _, err := dst.DB().ExecContext(ctx, `UPDATE editors SET datasets = 'edits,seed' WHERE name = 'alice'`); err != nil {
		t.Fatal(err)
	}
	res, err := Copy(ctx, src, dst, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tc := res.Table("editors"); tc.Kept != 1 || scope() != "edits,seed" {
		t.Errorf("a scope that differs: %+v, scope %q; want it kept", tc, scope())
	}
	res, err = Copy(ctx, src, dst, Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if tc := res.Table("editors"); tc.Updated != 1 || scope() != "seed" {
		t.Errorf("replace: %+v, scope %q; want the source's, seed", tc, scope())
	}
}
