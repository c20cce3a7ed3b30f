package static

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Site is what the web app reads in its static mode, from site.json beside
// index.html: where the archives and the JSON of frontline publish are.
// Paths are relative to the page or absolute URLs, so the archives may sit
// on another host (a bucket, or a frontline server's /pmtiles/{name}.pmtiles:
// both answer HTTP Range and CORS).
type Site struct {
	Dataset string `json:"dataset"`
	Control string `json:"control"` // the temporal vector tiles, control.pmtiles
	Basemap string `json:"basemap"` // boundaries and places, basemap.pmtiles
	Data    string `json:"data"`    // the folder of timeline.json, stats/, ...
}

// modeServer and modeStatic are index.html's <meta name="frontline-mode">,
// which tells the app where to read: the server's API, or site.json.
const (
	modeServer = `<meta name="frontline-mode" content="server">`
	modeStatic = `<meta name="frontline-mode" content="static">`
)

// serverOnly are the app's files that need a frontline server (the Leaflet
// example loads the server's raster tiles); a static site leaves them out.
var serverOnly = []string{"examples"}

// WriteSite writes the web app into dir in its static mode, with site.json
// saying where its data is. Every file is written whole or not at all
// (a temporary file renamed). It returns how many files it wrote.
func WriteSite(dir string, site Site) (int, error) {
	app := FS()
	n := 0
	err := fs.WalkDir(app, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, s := range serverOnly {
			if p == s {
				return fs.SkipDir
			}
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if path.Base(p) == "made-by-make-build" {
			return nil
		}
		b, err := fs.ReadFile(app, p)
		if err != nil {
			return err
		}
		if p == "index.html" {
			if !bytes.Contains(b, []byte(modeServer)) {
				return fmt.Errorf("static: index.html lacks %s", modeServer)
			}
			b = bytes.Replace(b, []byte(modeServer), []byte(modeStatic), 1)
		}
		n++
		return writeFile(dst, b)
	})
	if err != nil {
		return n, err
	}
	b, err := json.MarshalIndent(site, "", "  ")
	if err != nil {
		return n, err
	}
	n++
	return n, writeFile(filepath.Join(dir, "site.json"), append(b, '\n'))
}

// writeFile writes a file whole or not at all.
func writeFile(p string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+strings.TrimPrefix(filepath.Base(p), ".")+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}
