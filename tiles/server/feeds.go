package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// The feeds' bounds: the entries of a daily and of a weekly feed.
const (
	FeedDays  = 20
	FeedWeeks = 12
)

// feedEntry is one change report of a feed: its period, text and links.
type feedEntry struct {
	id, title, text    string
	from, to           geo.Day
	permalink, picture string
}

// feedOf is the entries of a feed of dataset ds for q (period=day|week,
// a scope, lang), newest first: one a change day (from the day before to
// it), or one a week (Sunday to Sunday) with a change, of the weeks
// finished by the data's last day. Ids and dates depend only on the
// dataset, the period and the scope, never the Host header.
func (s *Server) feedOf(ctx context.Context, base string, ds geo.Dataset, q url.Values, lang string) ([]feedEntry, error) {
	week := false
	switch q.Get("period") {
	case "", "day":
	case "week":
		week = true
	default:
		return nil, geo.Invalidf("period %s: want day or week", geo.Echo(q.Get("period")))
	}
	sc, err := s.scopeOf(ctx, q)
	if err != nil {
		return nil, err
	}
	latest, err := s.latest(ctx, ds.Name)
	if err != nil {
		return nil, err
	}
	days, err := s.datasets.ChangeDays(ctx, ds.Name, sc.bound())
	if err != nil {
		return nil, err
	}
	all := days
	if len(sc.ref.Shape) > 0 {
		if all, err = s.datasets.ChangeDays(ctx, ds.Name, orb.Bound{}); err != nil {
			return nil, err
		}
	}
	first := ds.ObservedFrom
	if len(all) > 0 {
		first = max(first, all[0])
	}
	periods := feedPeriods(days, first, latest, week)
	out := make([]feedEntry, 0, len(periods))
	for _, p := range periods {
		body, err := s.changeReport(ctx, ds, p[0], p[1], sc)
		if err != nil {
			return nil, err
		}
		text, err := textOf(body, lang)
		if err != nil {
			return nil, err
		}
		out = append(out, s.feedEntry(base, ds, sc, q, p[0], p[1], week, text))
	}
	return out, nil
}

// feedPeriods are the periods of a feed, newest first: each change day
// from the day before, or each finished week (ending on a Sunday on or
// before latest) holding a change day; none starting before first, the
// dataset's first day (its map is no change).
func feedPeriods(days []geo.Day, first, latest geo.Day, week bool) [][2]geo.Day {
	var out [][2]geo.Day
	if !week {
		for i := len(days) - 1; i >= 0 && len(out) < FeedDays; i-- {
			if d := days[i]; d <= latest && d-1 >= first {
				out = append(out, [2]geo.Day{d - 1, d})
			}
		}
		return out
	}
	seen := map[geo.Day]bool{}
	for i := len(days) - 1; i >= 0 && len(out) < FeedWeeks; i-- {
		d := days[i]
		wd := int(d.Time().Weekday()) // Sunday 0
		end := d
		if wd != 0 {
			end = d + geo.Day(7-wd)
		}
		if end > latest || end-7 < first || seen[end] {
			continue
		}
		seen[end] = true
		out = append(out, [2]geo.Day{end - 7, end})
	}
	return out
}

// feedEntry is an entry's id, title and links.
func (s *Server) feedEntry(base string, ds geo.Dataset, sc changeScope, q url.Values, from, to geo.Day, week bool, text string) feedEntry {
	period := "day"
	title := "Changes on " + to.Time().Format("2 January 2006")
	if week {
		period = "week"
		title = "Changes in the week to " + to.Time().Format("2 January 2006")
	}
	if sc.text != "" {
		title += " (" + sc.text + ")"
	}
	id := fmt.Sprintf("urn:frontline:changes:%s:%s:%s:%s", url.PathEscape(ds.Name), period, from, to)
	if sc.key != "" {
		id += ":" + url.PathEscape(sc.key)
	}
	pic := url.Values{"dataset": {ds.Name}, "from": {from.String()}, "to": {to.String()}}
	link := url.Values{"dataset": {ds.Name}, "day": {to.String()}, "before": {from.String()}}
	for _, k := range []string{"place", "radius", "bbox", "region"} {
		if v := q.Get(k); v != "" {
			pic.Set(k, v)
		}
	}
	if area, ok, err := s.resolvePlace(q); err == nil && ok {
		link.Set("z", "10")
		link.Set("lat", fmt.Sprintf("%.4f", area.Place.Lat))
		link.Set("lon", fmt.Sprintf("%.4f", area.Place.Lon))
	}
	return feedEntry{id: id, title: title, text: text, from: from, to: to,
		permalink: base + "/?" + link.Encode(), picture: base + "/diff.png?" + pic.Encode()}
}

// feedUpdated is an entry's date: the end of its last day, stable.
func feedUpdated(d geo.Day) string {
	return d.Time().Add(24*time.Hour - time.Second).UTC().Format(time.RFC3339)
}

// atomFeed is an Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Content atomText   `xml:"content"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// jsonFeed is a JSON Feed 1.1 document.
type jsonFeed struct {
	Version  string         `json:"version"`
	Title    string         `json:"title"`
	HomePage string         `json:"home_page_url"`
	FeedURL  string         `json:"feed_url"`
	Language string         `json:"language"`
	Authors  []jsonAuthor   `json:"authors"`
	Items    []jsonFeedItem `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonFeedItem struct {
	ID            string `json:"id"`
	URL           string `json:"url"`
	Title         string `json:"title"`
	ContentText   string `json:"content_text"`
	Image         string `json:"image"`
	DatePublished string `json:"date_published"`
	DateModified  string `json:"date_modified"`
}

// feedTitle names a feed: "deepstate: daily changes (within 30 km of
// Pokrovsk)".
func feedTitle(ds geo.Dataset, q url.Values) string {
	t := ds.Named() + ": daily changes"
	if q.Get("period") == "week" {
		t = ds.Named() + ": weekly changes"
	}
	if p := q.Get("place"); p != "" {
		t += " around " + p
	} else if k := firstOf(q, "bbox", "region", "oblast"); k != "" {
		t += " (" + k + "=" + q.Get(k) + ")"
	}
	return t
}

func firstOf(q url.Values, keys ...string) string {
	for _, k := range keys {
		if q.Get(k) != "" {
			return k
		}
	}
	return ""
}

// feedChanges serves GET /feeds/changes.atom and /feeds/changes.json
// [?dataset=&period=day|week&place=&radius=|bbox=|region=|oblast=&lang=].
func (s *Server) feedChanges(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, q := r.Context(), r.URL.Query()
		ds, err := s.datasetMeta(ctx, q.Get("dataset"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		lang, err := langOf(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		base := s.baseURL(w, r)
		entries, err := s.feedOf(ctx, base, ds, q, lang)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		self := base + r.URL.Path
		if r.URL.RawQuery != "" {
			self += "?" + q.Encode()
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Add("Vary", "Accept-Language")
		if format == "atom" {
			s.writeAtom(w, r, ds, q, lang, base, self, entries)
			return
		}
		s.writeJSONFeed(w, r, ds, q, lang, base, self, entries)
	}
}

// feedID is the feed's own id: its dataset, period and scope, not its host.
func feedID(ds geo.Dataset, q url.Values) string {
	id := "urn:frontline:feed:changes:" + url.PathEscape(ds.Name) + ":" + map[bool]string{true: "week", false: "day"}[q.Get("period") == "week"]
	if k := firstOf(q, "place", "bbox", "region", "oblast"); k != "" {
		id += ":" + url.PathEscape(k+"="+q.Get(k))
		if k == "place" && q.Get("radius") != "" {
			id += url.PathEscape("&radius=" + q.Get("radius"))
		}
	}
	return id
}

func (s *Server) writeAtom(w http.ResponseWriter, r *http.Request, ds geo.Dataset, q url.Values, lang, base, self string, es []feedEntry) {
	f := atomFeed{Lang: lang, ID: feedID(ds, q), Title: feedTitle(ds, q), Author: atomPerson{Name: "frontline"},
		Rights: ds.CreditOrName(), Updated: feedUpdated(0),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + "/"}}}
	if len(es) > 0 {
		f.Updated = feedUpdated(es[0].to)
	}
	for _, e := range es {
		f.Entries = append(f.Entries, atomEntry{ID: e.id, Title: e.title, Updated: feedUpdated(e.to),
			Content: atomText{Type: "text", Body: e.text},
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: e.permalink}, {Rel: "enclosure", Type: "image/png", Href: e.picture}}})
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		s.log.Warn("atom feed", "err", err)
	}
}

func (s *Server) writeJSONFeed(w http.ResponseWriter, r *http.Request, ds geo.Dataset, q url.Values, lang, base, self string, es []feedEntry) {
	f := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: feedTitle(ds, q), HomePage: base + "/", FeedURL: self,
		Language: lang, Authors: []jsonAuthor{{Name: "frontline"}}, Items: []jsonFeedItem{}}
	for _, e := range es {
		f.Items = append(f.Items, jsonFeedItem{ID: e.id, URL: e.permalink, Title: e.title, ContentText: e.text,
			Image: e.picture, DatePublished: feedUpdated(e.to), DateModified: feedUpdated(e.to)})
	}
	w.Header().Set("Content-Type", "application/feed+json")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		b, _ := json.Marshal(f)
		w.Write(b)
	}
}
