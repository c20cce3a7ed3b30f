//go:build tools

package main

// Keeps github.com/sams96/rgeo v1.2.0 (whose data files the generators
// read) pinned in go.mod. The tag keeps it out of every build.
import _ "github.com/sams96/rgeo"
