package storecopy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/frontline-map/frontline/data/store"
)

// versions copies the versions the destination lacks, each with its
// geometry read from the source's snapshot; with Replace the destination's
// versions the plan marked go first.
func (c *copier) versions(ctx context.Context) error {
	t := &c.counts[tVersions]
	total := len(c.src.Versions)
	progress := func(done int) {
		if c.opt.Progress != nil {
			c.opt.Progress(done, total)
		}
	}
	progress(0)
	dropped, err := c.dropVersions(ctx)
	if err != nil {
		return err
	}
	have := byDataset(c.dst, dropped)
	srcSlug := regionSlugs(c.src)
	dsName := map[int64]string{}
	for _, d := range c.src.Datasets {
		dsName[d.ID] = d.Name
	}
	for i, v := range c.src.Versions {
		t.Source++
		if e, ok := have[c.dsMap[v.Dataset]][vkey{srcSlug[v.Region], v.From}]; ok {
			// plan made sure it is the same (or dropped it).
			c.verMap[v.ID] = e.ID
			t.Unchanged++
			progress(i + 1)
			continue
		}
		what := fmt.Sprintf("version %d (%s, region %s from %s)", v.ID, dsName[v.Dataset], srcSlug[v.Region], v.From)
		id, err := c.insertVersion(ctx, v, what)
		if err != nil {
			return err
		}
		c.verMap[v.ID] = id
		t.Inserted++
		progress(i + 1)
	}
	return nil
}

// dropVersions deletes the destination's versions the plan marked (with
// Replace: they differ from the source's), so that the source's can take
// their place. It returns their ids.
func (c *copier) dropVersions(ctx context.Context) (map[int64]bool, error) {
	dropped := map[int64]bool{}
	for _, d := range c.src.Datasets {
		for _, e := range c.drop[c.dsMap[d.ID]] {
			if err := c.w.DeleteVersion(ctx, e.ID); err != nil {
				return nil, fmt.Errorf("delete version %d of %s: %w", e.ID, d.Name, err)
			}
			dropped[e.ID] = true
			c.counts[tVersions].Deleted++
		}
	}
	if len(dropped) == 0 {
		return dropped, nil
	}
	// Their article links went with them.
	kept := c.dst.ArticleVersions[:0:0]
	for _, l := range c.dst.ArticleVersions {
		if dropped[l.Target] {
			c.counts[tArticleVersions].Deleted++
			continue
		}
		kept = append(kept, l)
	}
	c.dst.ArticleVersions = kept
	return dropped, nil
}

// insertVersion copies source version v (what names it in errors) with
// its geometry, the WKB bytes as they are: they must hash to v's
// geom_hash, and the destination must store them unchanged.
func (c *copier) insertVersion(ctx context.Context, v store.VersionRow, what string) (int64, error) {
	g, err := c.sn.Geometry(ctx, v.ID)
	if err != nil {
		return 0, fmt.Errorf("read the source's %s: %w", what, err)
	}
	if h := sha256.Sum256(g); !bytes.Equal(h[:], v.Hash) {
		return 0, fmt.Errorf("the source's %s: its geometry does not hash to its geom_hash", what)
	}
	row := v
	row.Dataset, row.Region = c.dsMap[v.Dataset], c.rgMap[v.Region]
	id, stored, err := c.w.InsertVersion(ctx, row, g)
	if err != nil {
		return 0, fmt.Errorf("insert %s: %w", what, err)
	}
	if !bytes.Equal(stored, g) {
		return 0, fmt.Errorf("insert %s: the destination stored other geometry bytes than the source's", what)
	}
	return id, nil
}
