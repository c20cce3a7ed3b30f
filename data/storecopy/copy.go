// Package storecopy copies a whole store into another, SQLite or
// PostgreSQL either way (frontline copy): it plans the copy, matches rows by
// their natural keys, writes what the destination lacks and checks the
// result against the source before it commits. The store does the reading
// and writing (store.Snapshot, store.Writer); this package builds no SQL.
package storecopy

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// Source is a store a copy reads: in one snapshot, and named in the
// destination's audit row.
type Source interface {
	Snapshot(ctx context.Context) (*store.Snapshot, error)
	Describe(ctx context.Context) string
}

// Destination is a store a copy writes: in one transaction that holds its
// import lock.
type Destination interface {
	Load(ctx context.Context, waiting func(), fn func(*store.Writer) error) error
}

var (
	_ Source      = (*store.Store)(nil)
	_ Destination = (*store.Store)(nil)
)

// Options configures Copy. The zero value copies without replacing.
type Options struct {
	// Replace replaces the destination's versions of a dataset that differ
	// from the source's with the source's, and updates the regions,
	// articles, editors, settings and what describes datasets that differ.
	Replace bool
	// Progress, if not nil, is called as versions are copied: done of
	// total, the source's versions.
	Progress func(done, total int)
	// Waiting, if not nil, is called once when the copy waits for an
	// import or another copy into the destination to finish.
	Waiting func()

	// hook, when set (by this package's tests: a test seam), runs at
	// stages of a copy inside the destination's transaction: "read" once
	// both stores were read, before anything is written; "written" before
	// the check.
	hook func(ctx context.Context, stage string, w *store.Writer) error
}

// Copy copies a whole store into another, SQLite or PostgreSQL either way:
// datasets, regions with their outlines, versions (the WKB bytes as they
// are, so every geom_hash holds), articles and their links to regions and
// versions, settings (the default dataset), editors (their token hashes and scopes: a
// token keeps working as it did) and the audit log, plus one audit row "copy".
//
// The source is read in one consistent snapshot (a read transaction); the
// destination is written in one transaction that holds its import lock
// (one import or copy at a time). Rows are matched by natural keys, never
// by id: datasets by name, regions by slug, versions by (dataset, region,
// valid_from), articles by URL, editors by name, settings by key, audit
// rows by (at, actor, action, entity, detail). The destination assigns ids
// (in the source's order, so a copy into an empty store has the source's
// ids when those have no gaps) and references are mapped.
//
// Copying the same source again changes nothing. A destination that holds
// other versions of one of the source's datasets (one with the same region
// and valid_from but another validity, side, status, geometry or source, or
// one the source does not have) is refused with a *geo.ValidationError
// naming the dataset, nothing written, unless opt.Replace: then the
// destination's versions of that dataset become the source's. Regions,
// articles, editors, settings and what describes datasets (title,
// description, attribution, licence, source URL, observed range) that
// differ in the destination are kept (counted as Kept), or updated with
// Replace; a copy never lifts an editor's revocation. Rows of the
// destination the source does not have (other datasets, articles, editors)
// are left as they are.
//
// Before it commits, Copy checks the destination against the source: every
// table holds each of the source's rows, and the content checksum (see
// Inventory) of the source equals that of the destination over the
// source's datasets, articles and editors. If not, it fails with both
// checksums and writes nothing.
func Copy(ctx context.Context, from Source, to Destination, opt Options) (Result, error) {
	if missing(from) || missing(to) || any(from) == any(to) {
		return Result{}, errors.New("copy: the source and the destination are the same store")
	}
	sn, err := from.Snapshot(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("copy: read the source: %w", err)
	}
	defer sn.Close()
	src, err := sn.Tables(ctx, true)
	if err != nil {
		return Result{}, fmt.Errorf("copy: read the source: %w", err)
	}
	srcName := from.Describe(ctx)
	var res Result
	err = to.Load(ctx, opt.Waiting, func(w *store.Writer) error {
		dst, err := w.Tables(ctx, true)
		if err != nil {
			return fmt.Errorf("read the destination: %w", err)
		}
		c := newCopier(opt, sn, w, src, dst, srcName)
		if err := c.run(ctx); err != nil {
			return err
		}
		res = c.res
		return nil
	})
	if err != nil {
		var ve *geo.ValidationError
		if errors.As(err, &ve) {
			return Result{}, err
		}
		return Result{}, fmt.Errorf("copy: %w", err)
	}
	return res, nil
}

// missing reports whether a store is nil, or a nil pointer.
func missing(s any) bool {
	if s == nil {
		return true
	}
	v := reflect.ValueOf(s)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// copier is one copy, inside the destination's transaction.
type copier struct {
	opt      Options
	sn       *store.Snapshot
	w        *store.Writer
	src, dst *store.Tables
	srcName  string
	res      Result
	counts   [numTables]Table

	// source id -> destination id
	dsMap, rgMap, verMap, artMap, edMap map[int64]int64
	// replace: the destination's versions to delete, by dataset
	drop map[int64][]store.VersionRow
	// replace: the destination ids of articles whose links become the source's
	replaced map[int64]bool
}

func newCopier(opt Options, sn *store.Snapshot, w *store.Writer, src, dst *store.Tables, srcName string) *copier {
	c := &copier{opt: opt, sn: sn, w: w, src: src, dst: dst, srcName: srcName,
		dsMap: map[int64]int64{}, rgMap: map[int64]int64{}, verMap: map[int64]int64{}, artMap: map[int64]int64{}, edMap: map[int64]int64{},
		drop: map[int64][]store.VersionRow{}, replaced: map[int64]bool{}}
	for i := range c.counts {
		c.counts[i].Table = tableNames[i]
	}
	return c
}

func (c *copier) run(ctx context.Context) error {
	if err := c.plan(); err != nil {
		return err
	}
	if err := c.stage(ctx, "read"); err != nil {
		return err
	}
	for _, step := range []func(context.Context) error{c.datasets, c.regions, c.versions, c.articles, c.links, c.settings, c.editors, c.audit} {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(ctx); err != nil {
			return err
		}
	}
	if err := c.stage(ctx, "written"); err != nil {
		return err
	}
	if err := c.check(ctx); err != nil {
		return err
	}
	if c.res.Changed() {
		if err := c.w.Audit(ctx, "copy", "store", 0, c.srcName, c.res.summary(c.srcName)); err != nil {
			return err
		}
		c.res.Tables[tAudit].Destination++
	}
	return nil
}

// stage runs the test hook, if any.
func (c *copier) stage(ctx context.Context, name string) error {
	if c.opt.hook == nil {
		return nil
	}
	return c.opt.hook(ctx, name, c.w)
}
