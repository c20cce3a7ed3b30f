package geo

import (
	"slices"
	"strings"
)

// Editor is the holder of an editor's token as a write sees it: their
// name and the datasets they may write (their scope). An editor without
// Datasets may write every dataset, as the administrator may; one with
// Datasets writes only those (by name: a name in a scope may be a dataset
// not made yet, which the editor's first import makes).
type Editor struct {
	Name     string   `json:"name"`
	Datasets []string `json:"datasets"` // sorted, distinct; nil or empty: every dataset
}

// Scoped reports whether e may write only some datasets.
func (e Editor) Scoped() bool { return len(e.Datasets) > 0 }

// Allows reports whether e may write the dataset of this name.
func (e Editor) Allows(dataset string) bool {
	return !e.Scoped() || slices.Contains(e.Datasets, dataset)
}

// Actor is how the audit log names e's writes: "editor:NAME" for an editor
// of every dataset, "editor:NAME[A,B]" for one scoped to datasets A and B
// (names are slugs, so neither brackets nor commas are in them).
func (e Editor) Actor() string {
	if !e.Scoped() {
		return "editor:" + e.Name
	}
	return "editor:" + e.Name + "[" + strings.Join(e.Datasets, ",") + "]"
}

// ParseScope parses a scope as the store keeps it and the command line
// takes it, dataset names joined by ',': sorted, without repeats and empty
// names; "" is no scope (every dataset).
func ParseScope(s string) []string {
	var out []string
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
