// Package static holds the web app, embedded in the binary.
package static

import (
	"embed"
	"io/fs"
)

//go:embed app
var files embed.FS

// FS returns the web app's files, rooted at the app folder.
func FS() fs.FS {
	sub, err := fs.Sub(files, "app")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return sub
}
