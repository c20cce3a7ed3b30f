package storecopy

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// vkey is a version's natural key within its dataset.
type vkey struct {
	region string
	from   geo.Day
}

// plan compares the source's versions with the destination's, dataset by
// dataset, before anything is written: a dataset the destination holds
// other versions of is refused, or (Replace) marked for replacing.
func (c *copier) plan() error {
	dstDS := map[string]int64{}
	for _, d := range c.dst.Datasets {
		dstDS[d.Name] = d.ID
	}
	dstVersions := byDataset(c.dst, nil)
	srcSlug := regionSlugs(c.src)
	srcVersions := map[int64][]store.VersionRow{}
	for _, v := range c.src.Versions {
		srcVersions[v.Dataset] = append(srcVersions[v.Dataset], v)
	}
	var ps []geo.Problem
	for _, d := range c.src.Datasets {
		id, ok := dstDS[d.Name]
		if !ok {
			continue
		}
		differ, extra := c.compare(id, srcVersions[d.ID], dstVersions[id], srcSlug)
		if len(differ)+len(extra) == 0 {
			continue
		}
		if c.opt.Replace {
			c.res.Replaced = append(c.res.Replaced, d.Name)
			continue
		}
		// The counts and what to do first: a problem's reason is cut
		// at 150 bytes (geo.Problem), the examples may go.
		var counts, examples []string
		if len(differ) > 0 {
			counts = append(counts, fmt.Sprintf("%d differ from the source's", len(differ)))
			examples = append(examples, example(differ))
		}
		if len(extra) > 0 {
			counts = append(counts, fmt.Sprintf("%d are not in the source", len(extra)))
			examples = append(examples, example(extra))
		}
		ps = append(ps, geo.Problem{What: "dataset " + d.Name, Why: fmt.Sprintf(
			"nothing written: the destination's versions: %s; copy with --replace to take the source's (%s)",
			strings.Join(counts, ", "), strings.Join(examples, "; "))})
	}
	return refused(ps)
}

// compare lists, sorted, how the versions of the destination's dataset id
// (have) differ from the source's (want): those that differ and those the
// source does not have, and marks both to be dropped with Replace.
func (c *copier) compare(id int64, want []store.VersionRow, have map[vkey]store.VersionRow, srcSlug map[int64]string) (differ, extra []string) {
	have = maps.Clone(have)
	for _, v := range want {
		k := vkey{srcSlug[v.Region], v.From}
		e, ok := have[k]
		if !ok {
			continue
		}
		delete(have, k)
		if why := versionDiff(e, v); why != "" {
			differ = append(differ, fmt.Sprintf("region %s from %s: %s", k.region, k.from, why))
			c.drop[id] = append(c.drop[id], e)
		}
	}
	for k, e := range have {
		extra = append(extra, fmt.Sprintf("region %s from %s", k.region, k.from))
		c.drop[id] = append(c.drop[id], e)
	}
	slices.Sort(differ)
	slices.Sort(extra)
	return differ, extra
}

// refused is the error of a plan that found problems: a
// *geo.ValidationError listing the first geo.MaxProblems and counting the
// rest.
func refused(ps []geo.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	var all geo.Problems
	all.Append(ps...)
	return all.Err()
}

// example is the first of a sorted list, and how many more there are.
func example(list []string) string {
	if len(list) == 1 {
		return list[0]
	}
	return fmt.Sprintf("%s, and %d more", list[0], len(list)-1)
}

// versionDiff says how stored version e differs from the source's v ("" if not).
func versionDiff(e, v store.VersionRow) string {
	var d []string
	if e.To != v.To {
		d = append(d, fmt.Sprintf("valid to %s, the source's %s", e.To, v.To))
	}
	if e.Side != v.Side || e.Status != v.Status {
		d = append(d, fmt.Sprintf("%s %s, the source's %s %s", e.Side, e.Status, v.Side, v.Status))
	}
	if !bytes.Equal(e.Hash, v.Hash) {
		d = append(d, "another geometry")
	}
	if e.Source != v.Source {
		d = append(d, "another source text")
	}
	return strings.Join(d, ", ")
}

// byDataset is a store's versions by dataset id and natural key, but for
// the ids in skip.
func byDataset(t *store.Tables, skip map[int64]bool) map[int64]map[vkey]store.VersionRow {
	slug := regionSlugs(t)
	out := map[int64]map[vkey]store.VersionRow{}
	for _, v := range t.Versions {
		if skip[v.ID] {
			continue
		}
		m := out[v.Dataset]
		if m == nil {
			m = map[vkey]store.VersionRow{}
			out[v.Dataset] = m
		}
		m[vkey{slug[v.Region], v.From}] = v
	}
	return out
}

func regionSlugs(t *store.Tables) map[int64]string {
	m := make(map[int64]string, len(t.Regions))
	for _, r := range t.Regions {
		m[r.ID] = r.Slug
	}
	return m
}
