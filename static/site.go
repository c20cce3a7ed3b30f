package static

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
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
	// Periods, if set, are the archives of each period's temporal tiles,
	// which the app reads in place of Control: scrubbing within a period
	// downloads nothing more, and a tile holds one period's versions.
	Periods *SitePeriods `json:"periods,omitempty"`
}

// SitePeriods lists the archives of the periods of temporal tiles.
type SitePeriods struct {
	Months int `json:"months"` // a period's calendar months (tiles.PeriodMonths), starting in January
	// Archives are the archives by period, named by its first month
	// (YYYY-MM). A day between two periods listed reads the earlier, one
	// before the first reads the first.
	Archives map[string]string `json:"archives"`
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

// WriteSite hands write each file of the web app in its static mode, with
// site.json saying where its data is, by its slash-separated path within
// the site. The caller decides how files are written: frontline publish
// writes each whole or not at all (publish.WriteFile). It returns how many
// files it handed on.
func WriteSite(site Site, write func(name string, b []byte) error) (int, error) {
	app := FS()
	n := 0
	err := fs.WalkDir(app, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if slices.Contains(serverOnly, p) {
				return fs.SkipDir
			}
			return nil
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
		return write(p, b)
	})
	if err != nil {
		return n, err
	}
	b, err := json.MarshalIndent(site, "", "  ")
	if err != nil {
		return n, err
	}
	n++
	return n, write("site.json", append(b, '\n'))
}
