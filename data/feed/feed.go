// Package feed reads news feeds (RSS 2.0, Atom, JSON Lines) into checked
// items, and makes them articles linked to the regions they mention: bytes
// in, domain values out, no SQL and no HTTP.
package feed

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/frontline-map/frontline/geo"
)

// Item is one article of a news feed as frontline keeps it: the title,
// URL, outlet, day and the feed's own summary. Text is what the gazetteer
// reads to link regions (the summary and the feed's content); it is never
// stored.
type Item struct {
	Title, URL, Outlet, Summary string
	Published                   geo.Day
	Text                        string
}

// Feed limits: what is kept of a title and a summary, and how much of a
// feed is read.
const (
	maxFeedTitle   = 500
	maxFeedSummary = 2000
	maxFeedBytes   = 32 << 20
)

// Parse reads RSS 2.0, Atom or JSON Lines (one article object a line,
// with title, url or link, published or date, summary or description, and
// optionally outlet). Items without a title, an http(s) URL or a day are
// problems naming the item; a feed that is none of the three is an error.
func Parse(r io.Reader, name string) ([]Item, error) {
	body, err := io.ReadAll(io.LimitReader(r, maxFeedBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(body) > maxFeedBytes {
		return nil, &geo.LimitError{What: "the feed " + geo.Cut(name, 100), Limit: maxFeedBytes, Unit: "bytes"}
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	var items []Item
	var ps geo.Problems
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		items, err = parseXMLFeed(trimmed, name, &ps)
	case bytes.HasPrefix(trimmed, []byte("{")):
		items, err = parseJSONLines(trimmed, name, &ps)
	default:
		err = geo.Reject(geo.Cut(name, 100), "not RSS, Atom or JSON Lines")
	}
	if err != nil {
		return nil, err
	}
	return items, ps.Err()
}

type rssFeed struct {
	XMLName xml.Name `xml:"rss"`
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
			Description string `xml:"description"`
			Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Entries []struct {
		Title string `xml:"title"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Summary   string `xml:"summary"`
		Content   string `xml:"content"`
	} `xml:"entry"`
}

func parseXMLFeed(body []byte, name string, ps *geo.Problems) ([]Item, error) {
	var root struct{ XMLName xml.Name }
	if err := xml.Unmarshal(body, &root); err != nil {
		return nil, geo.Reject(geo.Cut(name, 100), "broken XML: "+geo.Cut(err.Error(), 200))
	}
	var items []Item
	switch {
	case root.XMLName.Local == "rss":
		var f rssFeed
		if err := xml.Unmarshal(body, &f); err != nil {
			return nil, geo.Reject(geo.Cut(name, 100), "broken RSS: "+geo.Cut(err.Error(), 200))
		}
		for i, it := range f.Channel.Items {
			link := cmp.Or(strings.TrimSpace(it.Link), guidURL(it.GUID))
			items = addItem(items, ps, fmt.Sprintf("%s item %d", name, i), it.Title, link, f.Channel.Title,
				cmp.Or(it.PubDate, it.Date), it.Description, it.Content)
		}
	case root.XMLName.Local == "feed":
		var f atomFeed
		if err := xml.Unmarshal(body, &f); err != nil {
			return nil, geo.Reject(geo.Cut(name, 100), "broken Atom: "+geo.Cut(err.Error(), 200))
		}
		for i, e := range f.Entries {
			var link string
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = l.Href
					break
				}
			}
			items = addItem(items, ps, fmt.Sprintf("%s entry %d", name, i), e.Title, link, f.Title,
				cmp.Or(e.Published, e.Updated), e.Summary, e.Content)
		}
	default:
		return nil, geo.Reject(geo.Cut(name, 100), fmt.Sprintf("XML root <%s>: want rss or an Atom feed", geo.Cut(root.XMLName.Local, 40)))
	}
	return items, nil
}

// guidURL is an RSS guid that is a URL (a permalink), else "".
func guidURL(g string) string {
	g = strings.TrimSpace(g)
	if strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

func parseJSONLines(body []byte, name string, ps *geo.Problems) ([]Item, error) {
	var items []Item
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var o struct {
			Title, URL, Link, Published, Date, Summary, Description, Outlet, Text string
		}
		if err := json.Unmarshal(b, &o); err != nil {
			ps.Add(fmt.Sprintf("%s line %d", name, line), "broken JSON: %s", geo.Cut(err.Error(), 200))
			continue
		}
		items = addItem(items, ps, fmt.Sprintf("%s line %d", name, line), o.Title, cmp.Or(o.URL, o.Link), o.Outlet,
			cmp.Or(o.Published, o.Date), cmp.Or(o.Summary, o.Description), o.Text)
	}
	if err := sc.Err(); err != nil {
		return nil, geo.Reject(geo.Cut(name, 100), "unreadable: "+geo.Cut(err.Error(), 200))
	}
	return items, nil
}

// addItem checks and cleans one item: HTML out of titles and summaries,
// whitespace collapsed, both cut to size.
func addItem(items []Item, ps *geo.Problems, what, title, link, outlet, date, summary, content string) []Item {
	it := Item{Title: cutRunes(plainText(title), maxFeedTitle), URL: strings.TrimSpace(link),
		Outlet: cutRunes(plainText(outlet), 200), Summary: cutRunes(plainText(summary), maxFeedSummary)}
	it.Text = it.Summary + "\n" + plainText(content)
	var why []string
	if it.Title == "" {
		why = append(why, "no title")
	}
	if !strings.HasPrefix(it.URL, "http://") && !strings.HasPrefix(it.URL, "https://") {
		why = append(why, "no http(s) link")
	}
	day, err := feedDay(date)
	if err != nil {
		why = append(why, err.Error())
	}
	it.Published = day
	if len(why) > 0 {
		ps.Add(what, "%s", strings.Join(why, "; "))
		return items
	}
	return append(items, it)
}

var feedDateLayouts = []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", time.RFC822Z, time.RFC822, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"}

// feedDay reads the dates feeds write (RFC 822/1123 in RSS, RFC 3339 in
// Atom, a day in JSON Lines) as the UTC day.
func feedDay(s string) (geo.Day, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("no date")
	}
	for _, l := range feedDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			d := geo.DayOf(t)
			if _, err := geo.ParseDay(d.String()); err != nil {
				return 0, err
			}
			return d, nil
		}
	}
	return 0, fmt.Errorf("date %s not understood", geo.Echo(s))
}

var (
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	spacedRE = regexp.MustCompile(` ([.,;:!?])`)
)

// plainText is s without HTML tags and entities, its whitespace collapsed.
func plainText(s string) string {
	t := strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(s, " "))), " ")
	return spacedRE.ReplaceAllString(t, "$1")
}

// cutRunes cuts s to at most n runes, ending with "…" when cut.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// Article is the item as an article, linked to the regions g finds in its
// title and text.
func (it Item) Article(g *geo.Gazetteer) geo.Article {
	return geo.Article{Title: it.Title, URL: it.URL, Outlet: it.Outlet, Published: it.Published, Summary: it.Summary,
		Regions: g.Find(it.Title + "\n" + it.Text)}
}

// Articles are the items as articles (Item.Article).
func Articles(items []Item, g *geo.Gazetteer) []geo.Article {
	out := make([]geo.Article, len(items))
	for i, it := range items {
		out[i] = it.Article(g)
	}
	return out
}
