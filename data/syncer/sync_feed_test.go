package syncer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// TestSyncFeed: a sync follows a news feed: the first run stores its
// items as articles linked to their regions, an unchanged feed costs a
// conditional request, a changed one adds only its new items, and a broken
// one stores nothing while the sync state shows the error. No dataset is
// made for the sync's name.
func TestSyncFeed(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, false)
	d := newDayServer(t)
	d.with(func() { d.etags = true })
	count := func() int {
		as, err := s.Articles(ctx, geo.ArticleQuery{Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}
	before := count()
	item1 := `<item><title>Fighting near Sudzha as Kursk operation enters second week</title>
<link>https://example.org/rss/1</link><pubDate>Tue, 20 Aug 2024 09:15:00 +0300</pubDate>
<description>Ukrainian forces hold positions in Kursk Oblast.</description></item>`
	item2 := `<item><title>Russian forces advance near Pokrovsk</title>
<link>https://example.org/rss/2</link><pubDate>Mon, 20 Jan 2025 18:00:00 +0000</pubDate>
<description>Donetsk Oblast.</description></item>`
	feed := func(items ...string) []byte {
		return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + strings.Join(items, "") + `</channel></rss>`)
	}
	d.set("/news/feed", feed(item1))
	job := Job{Dataset: "news-wire", Source: d.srv.URL + "/news/feed", Format: FormatFeed}

	res := mustSync(t, s, job)
	if res.Articles == nil || res.Articles.Added != 1 || !slices.Contains(res.Articles.Regions, "kursk-oblast") || res.LastDay != geo.MustParseDay("2024-08-20") {
		t.Fatalf("first run: %+v %+v", res, res.Articles)
	}
	if res := mustSync(t, s, job); !res.NotModified || res.Articles != nil || d.condOf("/news/feed") != 1 {
		t.Fatalf("unchanged feed: %+v, %d conditional answers", res, d.condOf("/news/feed"))
	}
	d.set("/news/feed", feed(item2, item1))
	if res := mustSync(t, s, job); res.Articles == nil || res.Articles.Added != 1 || res.Articles.Skipped != 1 ||
		!slices.Contains(res.Articles.Regions, "donetsk-oblast") || res.LastDay != geo.MustParseDay("2025-01-20") {
		t.Fatalf("changed feed: %+v %+v", res, res.Articles)
	}
	if got := count(); got != before+2 {
		t.Errorf("articles: %d, want %d", got, before+2)
	}
	d.set("/news/feed", []byte("<html>not a feed</html>"))
	if _, err := Run(ctx, s, job); err == nil {
		t.Fatal("a page that is not a feed: no error")
	}
	d.set("/news/feed", feed(item2, item1, strings.Replace(item2, "rss/2", "rss/3", 1))[:150])
	if _, err := Run(ctx, s, job); err == nil {
		t.Fatal("a cut feed: no error")
	}
	if got := count(); got != before+2 {
		t.Errorf("after broken feeds: %d articles, want %d", got, before+2)
	}
	if st := mustState(t, s, "news-wire"); !st.Failing || st.LastError == "" || st.LastDay != geo.MustParseDay("2025-01-20") {
		t.Errorf("state after a broken feed: %+v", st)
	}
	if ok, err := s.HasDataset(ctx, "news-wire"); err != nil || ok {
		t.Errorf("a dataset named after the feed's sync: %v %v", ok, err)
	}
	for _, bad := range []Job{
		{Dataset: "news-wire", Source: d.srv.URL + "/{day}.rss", Format: FormatFeed},
		{Dataset: "news-wire", Source: d.srv.URL + "/feed", Format: FormatFeed, Region: "crimea"},
	} {
		if err := bad.Check(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
