package server

import (
	"net/http"
	"net/url"
	"strings"
)

// Headers every response carries: no guessing of content types from the
// bytes (a tile or an import's error must not become a page), and no full
// URLs (with their days and views) sent to other sites.
var (
	hdrNoSniff  = []string{"nosniff"}
	hdrReferrer = []string{"strict-origin-when-cross-origin"}
)

// secureHeaders sets X-Content-Type-Options and Referrer-Policy on every
// response.
func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr["X-Content-Type-Options"] = hdrNoSniff
		hdr["Referrer-Policy"] = hdrReferrer
		h.ServeHTTP(w, r)
	})
}

// appPolicy is the Content-Security-Policy of the web app's files, less
// frame-ancestors (framed).
//
// The app's scripts, styles and data are all this server's: its modules
// and vendor copies of MapLibre, Leaflet and pmtiles.js ('self'), the
// style, TileJSON, tiles, glyphs and API (connect-src 'self', and the
// public URL's origin when the documents' links are built on another
// one). MapLibre runs its workers from a blob: URL, and makes images of
// data: and blob: URLs; the Leaflet example and MapLibre's and Leaflet's
// elements carry inline styles. Nothing runs inline script or eval.
func appPolicy(publicURL string) string {
	connect := "'self'"
	if u, err := url.Parse(publicURL); err == nil && u.Scheme != "" && u.Host != "" {
		connect += " " + u.Scheme + "://" + u.Host
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"connect-src " + connect,
		"worker-src 'self' blob:",
		"child-src 'self' blob:",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
	}, "; ")
}

// framed is the frame-ancestors directive of a page of the app: only an
// embed (?embed=1, as the app reads it: any value but 0) may be framed,
// by any site; the full app, with its panel and permalinks, by none
// (clickjacking).
func framed(r *http.Request) string {
	if v := r.URL.Query().Get("embed"); v != "" && v != "0" {
		return "frame-ancestors *"
	}
	return "frame-ancestors 'none'"
}
