package syncer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/frontline-map/frontline/data/feed"
	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// syncMaxFeed bounds the bytes of a feed a sync reads.
const syncMaxFeed = 16 << 20

// syncFeed is a run of a feed's sync (Format FormatFeed): the feed at
// job.Source (an http(s) URL, fetched again with If-None-Match and
// If-Modified-Since, or a local file, read again when its size or time
// changes) is parsed and its new items stored as articles, as
// 'frontline articles import' does: an item whose URL is stored already
// is skipped. A feed that fails, is cut or is not RSS, Atom or JSON Lines
// stores nothing. The sync's name (job.Dataset) names no dataset.
func (s runner) syncFeed(ctx context.Context, job Job, cur store.SyncCursor, res *Result) (store.SyncCursor, error) {
	next := cur
	var body io.Reader
	var name string
	if isHTTP(job.Source) {
		r, err := job.fetcher(syncMaxFeed).Get(ctx, job.Source, cur.ETag, cur.LastModified)
		if err != nil {
			return cur, err
		}
		switch {
		case r.Status == http.StatusNotModified:
			res.NotModified = true
			res.Note = nothingNew(res)
			return next, nil
		case r.Body == nil:
			return cur, r.Fail(fmt.Errorf("%d", r.Status))
		}
		defer r.Body.Close()
		next.ETag, next.LastModified = r.ETag, r.LastModified
		body, name = r.Body, r.Name
	} else {
		st, err := os.Stat(job.Source)
		if err != nil {
			return cur, err
		}
		if !st.Mode().IsRegular() {
			return cur, fmt.Errorf("%w: feed %s is not a file", geo.ErrInvalid, geo.Cut(job.Source, 200))
		}
		next.ETag, next.LastModified = fmt.Sprintf("%d/%d", st.Size(), st.ModTime().UnixNano()), ""
		if next.ETag == cur.ETag {
			res.NotModified = true
			res.Note = nothingNew(res)
			return next, nil
		}
		f, err := os.Open(job.Source)
		if err != nil {
			return cur, err
		}
		defer f.Close()
		if st.Size() > syncMaxFeed {
			return cur, &geo.LimitError{What: "the feed", Limit: syncMaxFeed, Unit: "bytes"}
		}
		body, name = f, filepath.Base(job.Source)
	}
	items, err := feed.Parse(body, name)
	if err != nil {
		return cur, err
	}
	g, err := s.Gazetteer(ctx)
	if err != nil {
		return cur, err
	}
	fr, err := s.ImportFeed(ctx, feed.Articles(items, g))
	if err != nil {
		return cur, err
	}
	res.Files = 1
	for _, it := range items {
		if res.First == 0 || it.Published < res.First {
			res.First = it.Published
		}
		res.Last = max(res.Last, it.Published)
	}
	next.LastDay = max(next.LastDay, res.Last)
	res.Articles = &fr
	res.Note = fmt.Sprintf("%d items: %d new articles, %d stored already", fr.Items, fr.Added, fr.Skipped)
	return next, nil
}
