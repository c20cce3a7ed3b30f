package syncer

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	dataseries "github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/source"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// walkNew calls add with each new file of the job's source, in the order
// of their days, updating next with what the source says of itself (an
// archive's validators) and res with what was left out.
func (s runner) walkNew(ctx context.Context, job Job, kind sourceKind, cur store.SyncCursor, next *store.SyncCursor, res *Result, add func(string, io.Reader) error) error {
	format := job.format()
	switch kind {
	case kindTemplate:
		return s.walkTemplate(ctx, job, cur, add)
	case kindFolder:
		entries, err := os.ReadDir(job.Source)
		if err != nil {
			return err
		}
		var all []syncEntry
		for _, e := range entries {
			if !e.IsDir() && dataseries.IsGeoJSONName(e.Name()) {
				all = append(all, syncEntry{name: e.Name(), loc: filepath.Join(job.Source, e.Name())})
			}
		}
		if len(all) == 0 {
			return &geo.ValidationError{Problems: []geo.Problem{{What: geo.Cut(job.Source, 200), Why: "no GeoJSON files in the folder"}}}
		}
		for _, e := range newEntries(format, all, cur, job.Since, res) {
			if err := dataseries.Path(e.loc)(add); err != nil {
				return err
			}
		}
		return nil
	case kindListing:
		links, err := fetchListing(ctx, job)
		if err != nil {
			return err
		}
		for _, e := range newEntries(format, links, cur, job.Since, res) {
			r, err := job.fetcher(job.limits().FileBytes).Get(ctx, e.loc, "", "")
			if err != nil {
				return err
			}
			if r.Body == nil {
				return r.Fail(fmt.Errorf("listed but %d", r.Status))
			}
			err = dataseries.Stream(e.name, r.Body)(add)
			r.Body.Close()
			if err != nil {
				return err
			}
		}
		return nil
	case kindFile:
		st, err := os.Stat(job.Source)
		if err != nil {
			return err
		}
		next.ETag, next.LastModified = fmt.Sprintf("%d/%d", st.Size(), st.ModTime().UnixNano()), ""
		if next.ETag == cur.ETag {
			res.NotModified = true
			return nil
		}
		return dataseries.Path(job.Source)(newOnly(format, cur, job.Since, res, add))
	case kindURL:
		r, err := job.fetcher(syncMaxArchive).Get(ctx, job.Source, cur.ETag, cur.LastModified)
		if err != nil {
			return err
		}
		switch {
		case r.Status == http.StatusNotModified:
			res.NotModified = true
			return nil
		case r.Body == nil:
			return r.Fail(fmt.Errorf("%d", r.Status))
		}
		defer r.Body.Close()
		next.ETag, next.LastModified = r.ETag, r.LastModified
		body, name, err := source.SniffGzip(r.Body, r.Name)
		if err != nil {
			return err
		}
		return dataseries.Stream(name, body)(newOnly(format, cur, job.Since, res, add))
	}
	return fmt.Errorf("source %s: unknown kind", geo.Cut(job.Source, 200))
}

// newEntries keeps the entries with a day (or Unix time) after what cur has
// seen, sorted by it; those without one are counted in res.Ignored.
func newEntries(format string, all []syncEntry, cur store.SyncCursor, since geo.Day, res *Result) []syncEntry {
	var out []syncEntry
	for _, e := range all {
		d, st, ok := keyOf(format, e.name)
		if !ok {
			res.Ignored++
			continue
		}
		if isNew(cur, format, d, st, since) {
			e.day, e.stamp = d, st
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].day != out[j].day {
			return out[i].day < out[j].day
		}
		if out[i].stamp != out[j].stamp {
			return out[i].stamp < out[j].stamp
		}
		return out[i].name < out[j].name
	})
	return out
}

// newOnly filters the files of an archive: a series' files without a day
// in their name pass (their features carry their days: read every time,
// idempotently); DeepStateMap's without a Unix time are left out.
func newOnly(format string, cur store.SyncCursor, since geo.Day, res *Result, add func(string, io.Reader) error) func(string, io.Reader) error {
	return func(name string, r io.Reader) error {
		d, st, ok := keyOf(format, name)
		switch {
		case !ok && format == FormatDeepState:
			res.Ignored++
			return nil
		case ok && !isNew(cur, format, d, st, since):
			return nil
		}
		return add(name, r)
	}
}

// expandTemplate puts day into a template.
func expandTemplate(tmpl string, day geo.Day) string {
	s := day.String()
	return strings.NewReplacer("{day}", s, "{yyyymmdd}", strings.ReplaceAll(s, "-", "")).Replace(tmpl)
}

// walkTemplate asks for each day from the day after the last one seen (or
// Since, or six days before today) up to today, at most syncMaxDays of
// them: a missing file (404, 410; a local file that does not exist) is a
// day not published. A first run that finds none of several days fails:
// the template is likely wrong.
func (s runner) walkTemplate(ctx context.Context, job Job, cur store.SyncCursor, add func(string, io.Reader) error) error {
	today := geo.DayOf(job.now())
	from := today.AddDays(-(syncFirstDays - 1))
	if job.Since != 0 {
		from = job.Since
	}
	if cur.LastDay != 0 {
		from = max(cur.LastDay+1, job.Since)
	}
	to := min(today, from.AddDays(syncMaxDays-1))
	found := 0
	for day := from; day <= to; day++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		loc := expandTemplate(job.Source, day)
		name := path.Base(loc)
		if isHTTP(loc) {
			if u, err := url.Parse(loc); err == nil {
				name = path.Base(u.Path)
			}
		}
		if d, ok, _ := dataseries.DayFromName(name); !ok || d != day {
			name = day.String() + ".geojson" // the day in the name, for the series reader
		}
		var r io.ReadCloser
		if isHTTP(loc) {
			resp, err := job.fetcher(job.limits().FileBytes).Get(ctx, loc, "", "")
			if err != nil {
				return err
			}
			if resp.Body == nil {
				continue // 404, 410: not published
			}
			r = resp.Body
		} else {
			f, err := os.Open(loc)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return err
			}
			r = f
		}
		err := dataseries.Stream(name, r)(add)
		r.Close()
		if err != nil {
			return err
		}
		found++
	}
	if found == 0 && cur.LastDay == 0 && to > from {
		return fmt.Errorf("no file of any day from %s to %s at %s: is the template right?", from, to, geo.Cut(job.Source, 200))
	}
	if found == 0 && to < today && cur.LastDay != 0 {
		return fmt.Errorf("no file of any day from %s to %s at %s: give a later --since to go on", from, to, geo.Cut(job.Source, 200))
	}
	return nil
}

// hrefRE finds the links of an HTML listing.
var hrefRE = regexp.MustCompile(`(?i)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// fetchListing reads a folder listing: the hrefs of an HTML page, or the
// words of plain text, that name .geojson/.json files, resolved against
// the listing's URL (after redirects).
func fetchListing(ctx context.Context, job Job) ([]syncEntry, error) {
	r, err := job.fetcher(syncMaxListing).Get(ctx, job.Source, "", "")
	if err != nil {
		return nil, err
	}
	if r.Body == nil {
		return nil, r.Fail(fmt.Errorf("%d", r.Status))
	}
	b, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	var refs []string
	for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
		refs = append(refs, html.UnescapeString(m[1]+m[2]+m[3]))
	}
	if len(refs) == 0 && !strings.Contains(strings.ToLower(r.ContentType), "html") {
		refs = strings.Fields(string(b))
	}
	seen := map[string]bool{}
	var out []syncEntry
	for _, ref := range refs {
		u, err := r.Final.Parse(strings.TrimSpace(ref))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
			continue
		}
		u.Fragment = ""
		name := path.Base(u.Path)
		if !dataseries.IsGeoJSONName(name) || seen[u.String()] {
			continue
		}
		seen[u.String()] = true
		out = append(out, syncEntry{name: name, loc: u.String()})
	}
	if len(out) == 0 {
		return nil, &geo.ValidationError{Problems: []geo.Problem{{What: geo.Cut(job.Source, 200), Why: "the listing links to no .geojson or .json file"}}}
	}
	return out, nil
}
