package feed

import (
	"errors"
	"strings"
	"testing"

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
func TestParse(t *testing.T) {
	_, err := Parse(strings.NewReader(rssFixture), "feed.rss")
	var ve *geo.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || !strings.Contains(ve.Problems[0].Why, "no http(s) link") {
		t.Fatalf("an item without a link: %v", err)
	}
	items, err := Parse(strings.NewReader(strings.Replace(rssFixture, "<item><title>No link here</title><pubDate>Tue, 20 Aug 2024 09:15:00 +0300</pubDate></item>", "", 1)), "feed.rss")
	if err != nil || len(items) != 1 {
		t.Fatalf("RSS: %v, %d items", err, len(items))
	}
	if it := items[0]; it.Outlet != "Kyiv Independent" || it.Published != geo.MustParseDay("2024-08-20") || it.Summary != "Ukrainian forces hold positions in Kursk Oblast." {
		t.Errorf("RSS item: %+v", it)
	}
	items, err = Parse(strings.NewReader(atomFixture), "feed.atom")
	if err != nil || len(items) != 1 || items[0].URL != "https://example.org/atom/1" || items[0].Outlet != "ISW" {
		t.Fatalf("Atom: %v %+v", err, items)
	}
	if items, err = Parse(strings.NewReader(jsonlFixture), "feed.jsonl"); err != nil || len(items) != 2 {
		t.Fatalf("JSON Lines: %v %d", err, len(items))
	}
	if _, err := Parse(strings.NewReader("<html><body>not a feed</body></html>"), "page.html"); !errors.Is(err, geo.ErrInvalid) {
		t.Errorf("an HTML page: %v", err)
	}
}

// FuzzParse reads arbitrary bytes as a feed: no panic, only rejections as
// errors, and every item accepted is whole (a title, an http(s) link, a
// day) and within its bounds.
func FuzzParse(f *testing.F) {
	f.Add([]byte(rssFixture))
	f.Add([]byte(atomFixture))
	f.Add([]byte(jsonlFixture))
	f.Add([]byte(`{"title":"x","url":"https://e/1","date":"2024-02-30"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		items, err := Parse(strings.NewReader(string(b)), "fuzz")
		if err != nil {
			if !errors.Is(err, geo.ErrInvalid) && !errors.Is(err, geo.ErrTooLarge) {
				t.Fatalf("error %v is not a rejection", err)
			}
			return
		}
		for _, it := range items {
			if it.Title == "" || !strings.HasPrefix(it.URL, "http") || it.Published == 0 || len([]rune(it.Title)) > maxFeedTitle || len([]rune(it.Summary)) > maxFeedSummary {
				t.Fatalf("accepted %+v", it)
			}
		}
	})
}
