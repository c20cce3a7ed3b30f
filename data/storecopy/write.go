package storecopy

import (
	"bytes"
	"context"
	"fmt"

	"github.com/frontline-map/frontline/data/store"
)

// The steps of a copy after the plan, one table each (versions.go holds
// the versions'): each inserts the source's rows the destination lacks,
// counts those it has as they are, and updates (Replace) or keeps those
// that differ, mapping the source's ids to the destination's.

func (c *copier) datasets(ctx context.Context) error {
	t := &c.counts[tDatasets]
	have := map[string]store.DatasetRow{}
	for _, d := range c.dst.Datasets {
		have[d.Name] = d
	}
	for _, d := range c.src.Datasets {
		t.Source++
		e, ok := have[d.Name]
		switch {
		case !ok:
			id, err := c.w.InsertDataset(ctx, d)
			if err != nil {
				return fmt.Errorf("insert dataset %s: %w", d.Name, err)
			}
			c.dsMap[d.ID] = id
			t.Inserted++
			continue
		case e.Meta == d.Meta:
			// created is when the destination got the dataset: its own
			// history, not a difference.
			t.Unchanged++
		case c.opt.Replace:
			if err := c.w.UpdateDataset(ctx, e.ID, d); err != nil {
				return fmt.Errorf("update dataset %s: %w", d.Name, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
		c.dsMap[d.ID] = e.ID
	}
	return nil
}

func (c *copier) regions(ctx context.Context) error {
	t := &c.counts[tRegions]
	have := map[string]store.RegionRow{}
	for _, r := range c.dst.Regions {
		have[r.Slug] = r
	}
	for _, r := range c.src.Regions {
		t.Source++
		e, ok := have[r.Slug]
		switch {
		case !ok:
			id, err := c.w.InsertRegion(ctx, r)
			if err != nil {
				return fmt.Errorf("insert region %s: %w", r.Slug, err)
			}
			c.rgMap[r.ID] = id
			t.Inserted++
			continue
		case e.Name == r.Name && e.Kind == r.Kind && e.Country == r.Country && e.Aliases == r.Aliases && bytes.Equal(e.Outline, r.Outline):
			t.Unchanged++
		case c.opt.Replace:
			if err := c.w.UpdateRegion(ctx, e.ID, r); err != nil {
				return fmt.Errorf("update region %s: %w", r.Slug, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
		c.rgMap[r.ID] = e.ID
	}
	return nil
}

func (c *copier) articles(ctx context.Context) error {
	t := &c.counts[tArticles]
	have := map[string]store.ArticleRow{}
	for _, a := range c.dst.Articles {
		have[a.URL] = a
	}
	for _, a := range c.src.Articles {
		t.Source++
		e, ok := have[a.URL]
		switch {
		case !ok:
			id, err := c.w.InsertArticle(ctx, a)
			if err != nil {
				return fmt.Errorf("insert article %s: %w", a.URL, err)
			}
			c.artMap[a.ID] = id
			t.Inserted++
			continue
		case e.Title == a.Title && e.Outlet == a.Outlet && e.Published == a.Published && e.Summary == a.Summary:
			t.Unchanged++
		case c.opt.Replace:
			if err := c.w.UpdateArticle(ctx, e.ID, a); err != nil {
				return fmt.Errorf("update article %s: %w", a.URL, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
		c.artMap[a.ID] = e.ID
		if c.opt.Replace {
			c.replaced[e.ID] = true
		}
	}
	return nil
}

// linkCopy is what links copies of one link table.
type linkCopy struct {
	table    store.LinkTable
	n        int // its index in the counts
	src, dst []store.LinkRow
	ref      map[int64]int64 // the targets' ids, source -> destination
	// inReplaceSet reports whether a destination link of an existing
	// article becomes the source's with Replace.
	inReplaceSet func(store.LinkRow) bool
}

// links adds the source's links, mapped, to what the destination has.
// With Replace an existing article's links to regions, and to versions of
// the source's datasets, become the source's.
func (c *copier) links(ctx context.Context) error {
	srcDatasets := map[int64]bool{}
	for _, id := range c.dsMap {
		srcDatasets[id] = true
	}
	dstVersionDS := map[int64]int64{}
	for _, v := range c.dst.Versions {
		dstVersionDS[v.ID] = v.Dataset
	}
	for _, lk := range []linkCopy{
		{store.ArticleRegions, tArticleRegions, c.src.ArticleRegions, c.dst.ArticleRegions, c.rgMap, func(store.LinkRow) bool { return true }},
		{store.ArticleVersions, tArticleVersions, c.src.ArticleVersions, c.dst.ArticleVersions, c.verMap,
			func(l store.LinkRow) bool { return srcDatasets[dstVersionDS[l.Target]] }},
	} {
		if err := c.copyLinks(ctx, lk); err != nil {
			return err
		}
	}
	return nil
}

func (c *copier) copyLinks(ctx context.Context, lk linkCopy) error {
	t := &c.counts[lk.n]
	have := map[store.LinkRow]bool{}
	for _, l := range lk.dst {
		have[l] = true
	}
	want := map[store.LinkRow]bool{}
	for _, l := range lk.src {
		t.Source++
		m := store.LinkRow{Article: c.artMap[l.Article], Target: lk.ref[l.Target]}
		want[m] = true
		if have[m] {
			t.Unchanged++
			continue
		}
		if err := c.w.Link(ctx, lk.table, m); err != nil {
			return fmt.Errorf("insert %s: %w", tableNames[lk.n], err)
		}
		t.Inserted++
	}
	for _, l := range lk.dst {
		if c.replaced[l.Article] && !want[l] && lk.inReplaceSet(l) {
			if err := c.w.Unlink(ctx, lk.table, l); err != nil {
				return fmt.Errorf("delete %s: %w", tableNames[lk.n], err)
			}
			t.Deleted++
		}
	}
	return nil
}

func (c *copier) settings(ctx context.Context) error {
	t := &c.counts[tSettings]
	have := map[string]string{}
	for _, s := range c.dst.Settings {
		have[s.Key] = s.Value
	}
	for _, s := range c.src.Settings {
		t.Source++
		v, ok := have[s.Key]
		switch {
		case !ok:
			if err := c.w.SetSetting(ctx, s); err != nil {
				return err
			}
			t.Inserted++
		case v == s.Value:
			t.Unchanged++
		case c.opt.Replace:
			if err := c.w.SetSetting(ctx, s); err != nil {
				return err
			}
			t.Updated++
		default:
			t.Kept++
		}
	}
	return nil
}

func (c *copier) editors(ctx context.Context) error {
	t := &c.counts[tEditors]
	have := map[string]store.EditorRow{}
	for _, e := range c.dst.Editors {
		have[e.Name] = e
	}
	same := func(a, b store.EditorRow) bool {
		return bytes.Equal(a.TokenHash, b.TokenHash) && a.Created == b.Created && a.Revoked == b.Revoked && a.Datasets == b.Datasets
	}
	for _, ed := range c.src.Editors {
		t.Source++
		e, ok := have[ed.Name]
		if !ok {
			id, err := c.w.InsertEditor(ctx, ed)
			if err != nil {
				return fmt.Errorf("insert editor %s: %w", ed.Name, err)
			}
			c.edMap[ed.ID] = id
			t.Inserted++
			continue
		}
		c.edMap[ed.ID] = e.ID
		want := ed
		if e.Revoked.Valid && !want.Revoked.Valid {
			want.Revoked = e.Revoked // a copy never lifts a revocation
		}
		switch {
		case same(e, ed):
			t.Unchanged++
		case c.opt.Replace && !same(e, want):
			if err := c.w.UpdateEditor(ctx, e.ID, want); err != nil {
				return fmt.Errorf("update editor %s: %w", ed.Name, err)
			}
			t.Updated++
		default:
			t.Kept++
		}
	}
	return nil
}

// audit appends the source's audit rows the destination lacks, in the
// source's order, their entity ids mapped.
func (c *copier) audit(ctx context.Context) error {
	t := &c.counts[tAudit]
	have := map[string]int{}
	for _, a := range c.dst.Audit {
		have[auditKey(a)]++
	}
	idMaps := map[string]map[int64]int64{"dataset": c.dsMap, "region": c.rgMap, "version": c.verMap, "article": c.artMap, "editor": c.edMap}
	for _, a := range c.src.Audit {
		t.Source++
		k := auditKey(a)
		if have[k] > 0 {
			have[k]--
			t.Unchanged++
			continue
		}
		if m, ok := idMaps[a.Entity]; ok && a.EntityID.Valid {
			// A row whose entity is gone (a version a correction
			// replaced) names no id in the destination.
			a.EntityID.Int64 = m[a.EntityID.Int64]
		}
		if err := c.w.InsertAudit(ctx, a); err != nil {
			return fmt.Errorf("insert audit row: %w", err)
		}
		t.Inserted++
	}
	return nil
}
