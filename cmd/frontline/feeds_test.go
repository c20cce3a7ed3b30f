package main

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// atomDoc is what RFC 4287 requires of a feed and its entries.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

// checkAtom checks a document against RFC 4287's musts: the feed's id,
// title, updated and author (4.1.1), each entry's id, title, updated
// (4.1.2) and, as its content is text, a link to it; ids are IRIs,
// dates RFC 3339 (3.3), and with xmllint installed, well-formed XML.
func checkAtom(t *testing.T, body []byte) atomDoc {
	t.Helper()
	var f atomDoc
	if err := xml.Unmarshal(body, &f); err != nil {
		t.Fatalf("atom: %v\n%s", err, body)
	}
	if f.ID == "" || f.Title == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("atom feed lacks id, title or author: %+v", f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("atom feed updated %q: %v", f.Updated, err)
	}
	for _, e := range f.Entries {
		if !strings.Contains(e.ID, ":") || e.Title == "" || e.Content == "" {
			t.Errorf("atom entry lacks id, title or content: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("atom entry updated %q: %v", e.Updated, err)
		}
		rels := map[string]string{}
		for _, l := range e.Links {
			rels[l.Rel] = l.Href
		}
		if rels["alternate"] == "" || !strings.Contains(rels["enclosure"], "/diff.png?") {
			t.Errorf("atom entry %s links: %v, want the permalink and the picture", e.ID, rels)
		}
	}
	if path, err := exec.LookPath("xmllint"); err == nil {
		cmd := exec.Command(path, "--noout", "-")
		cmd.Stdin = strings.NewReader(string(body))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v %s", err, out)
		}
	}
	return f
}

// checkJSONFeed checks JSON Feed 1.1's required fields: version (the
// version URL), title, items; each item's id and content_text or
// content_html.
func checkJSONFeed(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal(body, &f); err != nil {
		t.Fatalf("json feed: %v", err)
	}
	items, _ := f["items"].([]any)
	if f["version"] != "https://jsonfeed.org/version/1.1" || f["title"] == "" || items == nil {
		t.Errorf("json feed lacks version, title or items: %v", f)
	}
	var out []map[string]any
	for _, it := range items {
		m, _ := it.(map[string]any)
		id, _ := m["id"].(string)
		text, _ := m["content_text"].(string)
		if id == "" || text == "" {
			t.Errorf("json feed item lacks id or content_text: %v", m)
		}
		if _, err := time.Parse(time.RFC3339, m["date_published"].(string)); err != nil {
			t.Errorf("json feed item date: %v", err)
		}
		out = append(out, m)
	}
	return out
}

func getWithHost(t *testing.T, u, host string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", u, resp.StatusCode, b)
	}
	return b
}

// TestChangeFeeds (#25 part 3): the Atom and JSON feeds of dataset fc have
// one entry for its change day, with the text report and links to the
// picture and the permalink on the configured base URL whatever the Host
// header says; ids and dates are the same on every fetch; a feed for a
// place and a weekly feed are valid too.
func TestChangeFeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	base, _ := serveOn(t, changesDB(t, "sqlite"), "--public-url", "https://maps.example.org")
	atom := getWithHost(t, base+"/feeds/changes.atom?dataset=fc", "evil.example.com")
	f := checkAtom(t, atom)
	if len(f.Entries) != 1 || f.Entries[0].ID != "urn:frontline:changes:fc:day:2024-01-31:2024-02-01" ||
		f.Entries[0].Updated != "2024-02-01T23:59:59Z" || !strings.Contains(f.Entries[0].Content, "Russian forces gained about ") {
		t.Errorf("atom entries: %+v", f.Entries)
	}
	if strings.Contains(string(atom), "evil.example.com") || !strings.Contains(string(atom), `href="https://maps.example.org/diff.png?`) {
		t.Errorf("atom links are not on the public URL:\n%s", atom)
	}
	if again := getWithHost(t, base+"/feeds/changes.atom?dataset=fc", "other.example.com"); string(again) != string(atom) {
		t.Errorf("the feed differs on a second fetch")
	}
	items := checkJSONFeed(t, getWithHost(t, base+"/feeds/changes.json?dataset=fc&lang=uk", "evil.example.com"))
	if len(items) != 1 || items[0]["id"] != f.Entries[0].ID || !strings.Contains(items[0]["content_text"].(string), "російські війська") {
		t.Errorf("json feed items: %v", items)
	}
	// The first day is the dataset's start, not a change: no entry.
	near := checkAtom(t, getWithHost(t, base+"/feeds/changes.atom?dataset=fc&place=Pokrovsk&radius=40", "x"))
	if len(near.Entries) != 1 || near.Entries[0].ID != "urn:frontline:changes:fc:day:2024-01-31:2024-02-01:place=Pokrovsk&radius=40" ||
		!strings.Contains(near.Entries[0].Content, "(within 40 km of Pokrovsk) Russian forces gained") {
		t.Errorf("daily feed around Pokrovsk: %+v", near.Entries)
	}
	// The week of 1 February (a Thursday) ends on Sunday 4 February, after
	// the data's last day: not finished, no entry yet.
	if week := checkAtom(t, getWithHost(t, base+"/feeds/changes.atom?dataset=fc&period=week", "x")); len(week.Entries) != 0 {
		t.Errorf("weekly feed: %+v, want no finished week", week.Entries)
	}
	checkJSONFeed(t, getWithHost(t, base+"/feeds/changes.json?dataset=fc&period=week", "x"))
}
