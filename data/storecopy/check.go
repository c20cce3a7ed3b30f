package storecopy

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// Inventory is what a store holds, as a copy checks it: the rows of each
// table and the content checksum, "sha256:" and the hex SHA-256 of a
// canonical listing (sorted by bytes, not by a database's collation):
// datasets by name; versions by (dataset, region slug, valid_from) with
// valid_to, side, status, geom_hash and source; articles by URL; editors by
// name. Two stores with the same checksum hold the same map history.
type Inventory struct {
	Rows     map[string]int `json:"rows"`
	Checksum string         `json:"checksum"`
}

// ReadInventory reads a store's inventory in one consistent snapshot.
func ReadInventory(ctx context.Context, s Source) (Inventory, error) {
	sn, err := s.Snapshot(ctx)
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: %w", err)
	}
	defer sn.Close()
	t, err := sn.Tables(ctx, false)
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: %w", err)
	}
	l := listingOf(t)
	inv := Inventory{Rows: map[string]int{}, Checksum: l.checksum(nil, nil, nil)}
	for i, name := range tableNames {
		inv.Rows[name] = l.count(i)
	}
	return inv, nil
}

// listing is a store's content as the check compares it: per table, the
// multiset of its rows' natural keys (versions: the whole canonical line),
// and the versions' lines in canonical order.
type listing struct {
	keys     [numTables]map[string]int
	versions []versionLine
}

type versionLine struct {
	dataset, region string
	from            geo.Day
	line            string
}

func listingOf(t *store.Tables) *listing {
	l := &listing{}
	for i := range l.keys {
		l.keys[i] = map[string]int{}
	}
	dsName := map[int64]string{}
	for _, d := range t.Datasets {
		dsName[d.ID] = d.Name
		l.keys[tDatasets][d.Name]++
	}
	slug := map[int64]string{}
	for _, r := range t.Regions {
		slug[r.ID] = r.Slug
		l.keys[tRegions][r.Slug]++
	}
	verKey := l.addVersions(t.Versions, dsName, slug)
	url := map[int64]string{}
	for _, a := range t.Articles {
		url[a.ID] = a.URL
		l.keys[tArticles][a.URL]++
	}
	for _, k := range t.ArticleRegions {
		l.keys[tArticleRegions][fmt.Sprintf("%q\t%q", url[k.Article], slug[k.Target])]++
	}
	for _, k := range t.ArticleVersions {
		l.keys[tArticleVersions][fmt.Sprintf("%q\t%s", url[k.Article], verKey[k.Target])]++
	}
	for _, s := range t.Settings {
		l.keys[tSettings][s.Key]++
	}
	for _, e := range t.Editors {
		l.keys[tEditors][e.Name]++
	}
	for _, a := range t.Audit {
		l.keys[tAudit][auditKey(a)]++
	}
	return l
}

// addVersions lists the versions, and returns the key of each by id for
// the links to them.
func (l *listing) addVersions(vs []store.VersionRow, dsName, slug map[int64]string) map[int64]string {
	verKey := map[int64]string{}
	for _, v := range vs {
		ds, rg := dsName[v.Dataset], slug[v.Region]
		line := fmt.Sprintf("version\t%q\t%q\t%d\t%d\t%s\t%s\t%x\t%q", ds, rg, int64(v.From), int64(v.To), v.Side, v.Status, v.Hash, v.Source)
		l.versions = append(l.versions, versionLine{ds, rg, v.From, line})
		l.keys[tVersions][line]++
		verKey[v.ID] = fmt.Sprintf("%q\t%q\t%d", ds, rg, int64(v.From))
	}
	slices.SortFunc(l.versions, func(a, b versionLine) int {
		return cmp.Or(strings.Compare(a.dataset, b.dataset), strings.Compare(a.region, b.region), cmp.Compare(a.from, b.from), strings.Compare(a.line, b.line))
	})
	return verKey
}

func auditKey(a store.AuditRow) string {
	return strings.Join([]string{a.At, a.Actor, a.Action, a.Entity, a.Detail}, "\x00")
}

// count is the rows of table i.
func (l *listing) count(i int) int {
	n := 0
	for _, c := range l.keys[i] {
		n += c
	}
	return n
}

// present is how many of l's rows of table i other holds.
func (l *listing) present(other *listing, i int) int {
	n := 0
	for k, c := range l.keys[i] {
		n += min(c, other.keys[i][k])
	}
	return n
}

// checksum is the content checksum; non-nil datasets, articles or editors
// restrict it to those keys (a destination's, to the source's).
func (l *listing) checksum(datasets, articles, editors map[string]int) string {
	h := sha256.New()
	io.WriteString(h, "frontline content checksum v1\n")
	sorted := func(keys, scope map[string]int) []string {
		var out []string
		for k := range keys {
			if scope == nil || scope[k] > 0 {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, name := range sorted(l.keys[tDatasets], datasets) {
		fmt.Fprintf(h, "dataset\t%q\n", name)
	}
	for _, v := range l.versions {
		if datasets == nil || datasets[v.dataset] > 0 {
			io.WriteString(h, v.line+"\n")
		}
	}
	for _, u := range sorted(l.keys[tArticles], articles) {
		fmt.Fprintf(h, "article\t%q\n", u)
	}
	for _, name := range sorted(l.keys[tEditors], editors) {
		fmt.Fprintf(h, "editor\t%q\n", name)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// check reads the destination again, in the transaction, and compares it
// with the source: each table holds all of the source's rows, and the
// checksums agree.
func (c *copier) check(ctx context.Context) error {
	dst, err := c.w.Tables(ctx, false)
	if err != nil {
		return fmt.Errorf("check: read the destination: %w", err)
	}
	sl, dl := listingOf(c.src), listingOf(dst)
	c.res.SourceChecksum = sl.checksum(nil, nil, nil)
	c.res.DestinationChecksum = dl.checksum(sl.keys[tDatasets], sl.keys[tArticles], sl.keys[tEditors])
	var bad []string
	for i := range c.counts {
		c.counts[i].Destination = dl.count(i)
		if n, p := sl.count(i), sl.present(dl, i); p != n {
			bad = append(bad, fmt.Sprintf("%s: %d of the source's %d rows", tableNames[i], p, n))
		}
	}
	c.res.Tables = c.counts[:]
	if len(bad) > 0 || c.res.SourceChecksum != c.res.DestinationChecksum {
		what := "the content differs"
		if len(bad) > 0 {
			what = "the destination lacks rows of the source (" + strings.Join(bad, "; ") + ")"
		}
		return fmt.Errorf("the check after copying failed, nothing written: %s; source checksum %s, destination checksum %s",
			what, c.res.SourceChecksum, c.res.DestinationChecksum)
	}
	return nil
}
