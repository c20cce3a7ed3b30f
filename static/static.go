// Package static holds the web app, embedded in the binary, and writes it
// out as a static site that reads published archives (WriteSite).
package static

import (
	"embed"
	"io/fs"
)

//go:embed app
var files embed.FS

// The web app's third-party code (MapLibre GL JS, Leaflet) is not in git:
// `make build` installs it into app/vendor (npm ci in static/, which runs
// copy-vendor.mjs) and writes this marker last. Embedding the marker by name
// makes a plain `go build` without it fail with "pattern
// app/vendor/made-by-make-build: no matching files found", rather than make
// a binary whose web app is broken. Run `make build` first.
//
//go:embed app/vendor/made-by-make-build
//lint:ignore U1000 embedded for the build to fail without it, never read
var vendorMarker string

// FS returns the web app's files, rooted at the app folder.
func FS() fs.FS {
	sub, err := fs.Sub(files, "app")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}
