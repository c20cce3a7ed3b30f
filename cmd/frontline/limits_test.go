package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestHardeningErrorEchoBounded posts hostile input to every write
// endpoint (and a few reads) through a real listener: each is refused with
// a 4xx whose body is under 2 KB, however much of its input it names
// (issue #22: bodies echoed up to 30 KB; a 30 MiB source was stored).
func TestHardeningErrorEchoBounded(t *testing.T) {
	base, _ := testServer(t)
	big := strings.Repeat("x", 30<<10)
	var bad []string
	for i := range 60 {
		bad = append(bad, fmt.Sprintf(`{"type":"Feature","id":"%s%d","properties":{"region":"%s"},"geometry":{"type":"Point","coordinates":[1,2]}}`, big, i, big))
	}
	badGeoJSON := []byte(`{"type":"FeatureCollection","features":[` + strings.Join(bad, ",") + `]}`)
	good := []byte(collection(square(35, 48, 0.1, `"region":"r1","valid_from":"2025-01-01"`)))
	article := func(field string) []byte {
		a := map[string]string{"title": "t", "url": "https://example.org/a", "published": "2025-01-01", "outlet": "o", "summary": "s"}
		a[field] = big
		if field == "url" {
			a[field] = "https://example.org/" + big
		}
		return fmt.Appendf(nil, `{"title":%q,"url":%q,"published":%q,"outlet":%q,"summary":%q}`, a["title"], a["url"], a["published"], a["outlet"], a["summary"])
	}
	q := url.QueryEscape(big)
	for name, tc := range map[string]struct {
		method, path string
		body         []byte
	}{
		"import: features with huge names": {http.MethodPost, "/api/import?dataset=x", badGeoJSON},
		"import: huge source":              {http.MethodPost, "/api/import?dataset=x&source=" + q, good},
		"import: huge dataset name":        {http.MethodPost, "/api/import?dataset=" + q, good},
		"import: huge region":              {http.MethodPost, "/api/import?dataset=x&region=" + q, good},
		"import: huge side":                {http.MethodPost, "/api/import?dataset=x&side=" + q, good},
		"import: broken JSON":              {http.MethodPost, "/api/import?dataset=x", []byte(`{"type":"FeatureCollection","features":[` + big)},
		"import: series of a huge URL":     {http.MethodPost, "/api/import?dataset=x&series=1&url=" + url.QueryEscape("http://example.invalid/"+big), nil},
		"import: series not gzip":          {http.MethodPost, "/api/import?dataset=x&series=1", []byte(big)},
		"article: huge title":              {http.MethodPost, "/api/articles", article("title")},
		"article: huge url":                {http.MethodPost, "/api/articles", article("url")},
		"article: huge outlet":             {http.MethodPost, "/api/articles", article("outlet")},
		"article: huge summary":            {http.MethodPost, "/api/articles", article("summary")},
		"article: not JSON":                {http.MethodPost, "/api/articles", []byte(big)},
		"dataset edit: huge title":         {http.MethodPatch, "/api/datasets/deepstate", fmt.Appendf(nil, `{"title":%q}`, big)},
		"dataset edit: huge field name":    {http.MethodPatch, "/api/datasets/deepstate", fmt.Appendf(nil, `{%q:"t"}`, big)},
		"dataset edit: huge dataset name":  {http.MethodPatch, "/api/datasets/" + big, []byte(`{"title":"t"}`)},
		"stats: huge day":                  {http.MethodGet, "/api/stats?day=" + q, nil},
		"tile: huge day":                   {http.MethodGet, "/tiles/" + big + "/6/38/22.png", nil},
		"no such path":                     {http.MethodGet, "/" + big, nil},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, base+tc.path, bytes.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			buf.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Errorf("got %d, want a 4xx: %s", resp.StatusCode, cut(buf.Bytes()))
			}
			if n := buf.Len(); n > 2048 {
				t.Errorf("error body of %d bytes, want at most 2048: %s", n, cut(buf.Bytes()))
			}
			if strings.Contains(buf.String(), strings.Repeat("x", 100)) {
				t.Errorf("error body repeats more than 100 bytes of its input: %s", cut(buf.Bytes()))
			}
		})
	}
}
