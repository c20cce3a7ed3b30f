package store

import "github.com/frontline-map/frontline/geo"

// The rejection types moved to geo, which every reader, the store and the
// server share; these names stay for the store's files that still use
// them.
type (
	// Problem is geo.Problem.
	//
	// Deprecated: use geo.Problem.
	Problem = geo.Problem
	// ValidationError is geo.ValidationError.
	//
	// Deprecated: use geo.ValidationError.
	ValidationError = geo.ValidationError
)

// problems is geo.Problems under the names copy.go calls it by.
type problems struct{ geo.Problems }

func (ps *problems) add(what, format string, args ...any) { ps.Add(what, format, args...) }

func (ps *problems) err() error { return ps.Err() }

// capText is geo.Cut.
func capText(s string, n int) string { return geo.Cut(s, n) }
