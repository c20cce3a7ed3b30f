package server

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
)

// pmtiles serves GET /pmtiles/{name}.pmtiles: an archive of
// Config.PMTilesDir, with HTTP Range (a PMTiles client reads the header
// and directories, then each tile, by range) and an ETag of its
// modification time and size. Names are [a-z0-9-]+; anything else, and
// any archive not there, is 404.
func (s *Server) pmtiles(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(mux.Vars(r)["file"], ".pmtiles")
	if !ok || s.cfg.PMTilesDir == "" || !archiveName(name) {
		writeError(w, http.StatusNotFound, "no such archive")
		return
	}
	f, st, err := openArchive(s.cfg.PMTilesDir, name+".pmtiles")
	if errors.Is(err, fs.ErrNotExist) {
		writeError(w, http.StatusNotFound, "no such archive")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Etag", `"`+strconv.FormatInt(st.ModTime().UnixNano(), 36)+"-"+strconv.FormatInt(st.Size(), 36)+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Type", "application/vnd.pmtiles")
	h.Set("Access-Control-Expose-Headers", "ETag, Content-Length, Content-Range, Accept-Ranges")
	// ServeContent answers Range (206, or 416), If-Range, If-None-Match
	// (304) and HEAD.
	http.ServeContent(w, r, name+".pmtiles", st.ModTime(), f)
}

// openArchive opens the regular file name of dir and nothing else: not a
// link that leads out of dir (os.Root refuses it, wherever it points:
// /etc/passwd, ../elsewhere), nor a directory, device or FIFO (whose open
// would block). All of those are fs.ErrNotExist, as a missing file is.
func openArchive(dir, name string) (*os.File, fs.FileInfo, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("pmtiles: %w", err)
	}
	defer root.Close()
	// Stat before opening: opening a FIFO would wait for a writer.
	if st, err := root.Stat(name); err != nil || !st.Mode().IsRegular() {
		return nil, nil, fs.ErrNotExist
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, fs.ErrNotExist
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() { // replaced since the Stat above
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, st, nil
}

// archiveName says whether name is [a-z0-9-]+ (at most 64 bytes).
func archiveName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
