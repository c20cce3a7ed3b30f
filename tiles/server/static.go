package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// static serves the web app from cfg.Static; http.FS refuses paths that
// leave the file system, so nothing outside it can be read.
// A path that names no file, and a folder without an index.html (no
// listings of /js/ or /vendor/), gets a JSON 404 like every other route.
// Every file carries the app's Content-Security-Policy (appPolicy, framed).
func (s *Server) static() http.Handler {
	files := http.FileServer(http.FS(s.cfg.Static))
	policy := appPolicy(s.cfg.PublicURL) + "; "
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		st, err := fs.Stat(s.cfg.Static, name)
		if err == nil && st.IsDir() {
			st, err = fs.Stat(s.cfg.Static, path.Join(name, "index.html"))
		}
		if err != nil || st.IsDir() {
			writeError(w, http.StatusNotFound, "no such path: "+geo.Echo(r.URL.Path))
			return
		}
		w.Header().Set("Content-Security-Policy", policy+framed(r))
		files.ServeHTTP(w, r)
	})
}
