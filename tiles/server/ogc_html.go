package server

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
)

// ogcPage is the HTML of an OGC API document, for a person: its title
// and description, its links (with their HTML alternates), its
// collections or tilesets linked, and the JSON itself.
var ogcPage = template.Must(template.New("ogc").Funcs(template.FuncMap{
	"htmlHref": func(href string) string {
		if strings.Contains(href, "?") {
			return href + "&f=html"
		}
		return href + "?f=html"
	},
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}pre{background:#f4f4f4;padding:1em;overflow:auto}code{font-size:13px}</style>
</head><body>
<h1>{{.Title}}</h1>
{{with .Description}}<p>{{.}}</p>{{end}}
<h2>Links</h2><ul>
{{range .Links}}<li>{{if .Templated}}<code>{{.Href}}</code>{{else}}<a href="{{.Href}}">{{or .Title .Href}}</a>{{if eq .Type "application/json"}} (<a href="{{htmlHref .Href}}">HTML</a>){{end}}{{end}} <small>{{.Rel}}{{with .Type}} · {{.}}{{end}}</small></li>
{{end}}</ul>
{{range .Items}}<h2>{{.Title}}</h2><ul>
{{range .Links}}{{if not .Templated}}<li><a href="{{htmlHref .Href}}">{{or .Title .Href}}</a> <small>{{.Rel}}</small></li>{{end}}
{{end}}</ul>{{end}}
<h2>JSON</h2><pre><code>{{.JSON}}</code></pre>
</body></html>
`))

// htmlItem is a collection or tileset as the HTML page lists it.
type htmlItem struct {
	Title string
	Links []link
}

// writeOGCHTML writes doc as HTML.
func writeOGCHTML(w http.ResponseWriter, r *http.Request, doc map[string]any) {
	page := struct {
		Title, Description, JSON string
		Links                    []link
		Items                    []htmlItem
	}{}
	page.Title, _ = doc["title"].(string)
	page.Description, _ = doc["description"].(string)
	page.Links, _ = doc["links"].([]link)
	for _, key := range []string{"collections", "tilesets", "tileMatrixSets"} {
		items, _ := doc[key].([]map[string]any)
		for _, it := range items {
			title, _ := it["title"].(string)
			links, _ := it["links"].([]link)
			page.Items = append(page.Items, htmlItem{Title: title, Links: links})
		}
	}
	js, _ := json.MarshalIndent(doc, "", "  ")
	page.JSON = string(js)
	var b bytes.Buffer
	if err := ogcPage.Execute(&b, page); err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "public, max-age=30")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b.Bytes())
	}
}
