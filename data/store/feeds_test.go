package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/data/feed"
	"github.com/frontline-map/frontline/geo"
)

const rssFixture = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Kyiv Independent</title>
<item><title>Fighting near Sudzha as Kursk operation enters second week</title>
<link>https://example.org/rss/1</link><pubDate>Tue, 20 Aug 2024 09:15:00 +0300</pubDate>
<description>&lt;p&gt;Ukrainian forces hold positions in &lt;b&gt;Kursk Oblast&lt;/b&gt;.&lt;/p&gt;</description>
<content:encoded>&lt;p&gt;The full text, which mentions Crimea, is never stored.&lt;/p&gt;</content:encoded></item>
<item><title>No link here</title><pubDate>Tue, 20 Aug 2024 09:15:00 +0300</pubDate></item>
</channel></rss>`

const atomFixture = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>ISW</title>
<entry><title>Russian Offensive Campaign Assessment, January 20, 2025</title>
<link rel="alternate" href="https://example.org/atom/1"/><published>2025-01-20T22:00:00Z</published>
<summary>Russian forces advanced in Donetsk Oblast near Pokrovsk.</summary></entry>
</feed>`

const jsonlFixture = `{"title": "Zaporizhzhia front quiet", "url": "https://example.org/jsonl/1", "published": "2025-01-21", "summary": "Little movement in Zaporizhzhia Oblast.", "outlet": "Wire"}
{"title": "Repeat of the RSS item", "url": "https://example.org/rss/1", "published": "2024-08-20"}
`

// TestImportFeeds: RSS, Atom and JSON Lines are read; regions are linked
// from the title and text; the full text is not stored; a repeat is skipped.
func TestImportFeeds(t *testing.T) {
	s := openTemp(t, false)
	ctx := context.Background()

	_, err := feed.Parse(strings.NewReader(rssFixture), "feed.rss")
	var ve *geo.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || !strings.Contains(ve.Problems[0].Why, "no http(s) link") {
		t.Fatalf("an item without a link: %v", err)
	}
	items, err := feed.Parse(strings.NewReader(strings.Replace(rssFixture, "<item><title>No link here</title><pubDate>Tue, 20 Aug 2024 09:15:00 +0300</pubDate></item>", "", 1)), "feed.rss")
	if err != nil || len(items) != 1 {
		t.Fatalf("RSS: %v, %d items", err, len(items))
	}
	rss := items[0]
	if rss.Outlet != "Kyiv Independent" || rss.Published != geo.MustParseDay("2024-08-20") || rss.Summary != "Ukrainian forces hold positions in Kursk Oblast." {
		t.Errorf("RSS item: %+v", rss)
	}
	res, err := importFeed(ctx, s, items)
	if err != nil || res.Added != 1 {
		t.Fatalf("import RSS: %+v %v", res, err)
	}
	a, err := s.Article(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Summary, "full text") || !slices.Contains(a.Regions, "kursk-oblast") || !slices.Contains(a.Regions, "crimea") {
		t.Errorf("stored %q with regions %v: want the summary only, and Kursk oblast and Crimea (from the text) linked", a.Summary, a.Regions)
	}

	items, err = feed.Parse(strings.NewReader(atomFixture), "feed.atom")
	if err != nil || len(items) != 1 || items[0].URL != "https://example.org/atom/1" || items[0].Outlet != "ISW" {
		t.Fatalf("Atom: %v %+v", err, items)
	}
	if res, err = importFeed(ctx, s, items); err != nil || res.Added != 1 || !slices.Contains(res.Regions, "donetsk-oblast") {
		t.Fatalf("import Atom: %+v %v", res, err)
	}

	items, err = feed.Parse(strings.NewReader(jsonlFixture), "feed.jsonl")
	if err != nil || len(items) != 2 {
		t.Fatalf("JSON Lines: %v %d", err, len(items))
	}
	res, err = importFeed(ctx, s, items)
	if err != nil || res.Added != 1 || res.Skipped != 1 || !slices.Contains(res.Regions, "zaporizhzhia-oblast") {
		t.Fatalf("import JSON Lines: %+v %v", res, err)
	}
	if res, err = importFeed(ctx, s, items); err != nil || res.Added != 0 || res.Skipped != 2 {
		t.Fatalf("the same feed again: %+v %v", res, err)
	}

	if _, err := feed.Parse(strings.NewReader("<html><body>not a feed</body></html>"), "page.html"); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("an HTML page: %v", err)
	}
}
