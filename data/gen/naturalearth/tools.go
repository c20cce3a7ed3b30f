//go:build tools

package main

// Keeps github.com/sams96/rgeo v1.2.0 (whose data files the generators
// read) pinned in data/gen/go.mod, the generators' own module, never in the
// product's. The tag keeps it out of every build.
import _ "github.com/sams96/rgeo"
