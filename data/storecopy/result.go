package storecopy

import (
	"fmt"
	"strings"
)

// Result says what a copy did, table by table, and the checksums it
// checked.
type Result struct {
	Tables []Table `json:"tables"`
	// Replaced names the datasets whose versions in the destination were
	// replaced with the source's (Options.Replace).
	Replaced []string `json:"replaced,omitempty"`
	// SourceChecksum is the source's content checksum (Inventory);
	// DestinationChecksum the destination's over the source's datasets,
	// articles and editors. A copy that returns without error has equal
	// checksums.
	SourceChecksum      string `json:"source_checksum"`
	DestinationChecksum string `json:"destination_checksum"`
}

// Table counts what a copy did to one table.
type Table struct {
	Table     string `json:"table"`
	Source    int    `json:"source"`    // rows in the source
	Inserted  int    `json:"inserted"`  // source rows the destination lacked
	Updated   int    `json:"updated"`   // rows that differed, updated (Replace)
	Deleted   int    `json:"deleted"`   // destination rows removed (Replace)
	Unchanged int    `json:"unchanged"` // source rows the destination had as they are
	Kept      int    `json:"kept"`      // rows that differ in the destination, left (no Replace)
	// Destination is the rows in the destination after the copy (with the
	// copy's own audit row).
	Destination int `json:"destination"`
}

// Changed reports whether the copy wrote anything.
func (r Result) Changed() bool {
	for _, t := range r.Tables {
		if t.Inserted+t.Updated+t.Deleted > 0 {
			return true
		}
	}
	return false
}

// Table returns the counts of one table (zero if there is no such table).
func (r Result) Table(name string) Table {
	for _, t := range r.Tables {
		if t.Table == name {
			return t
		}
	}
	return Table{Table: name}
}

// summary is the detail of the copy's audit row.
func (r Result) summary(srcName string) string {
	var parts []string
	for _, t := range r.Tables {
		if t.Inserted+t.Updated+t.Deleted > 0 {
			parts = append(parts, fmt.Sprintf("%s +%d ~%d -%d", t.Table, t.Inserted, t.Updated, t.Deleted))
		}
	}
	s := "from " + srcName + ": " + strings.Join(parts, ", ")
	if len(r.Replaced) > 0 {
		s += "; replaced " + strings.Join(r.Replaced, ", ")
	}
	return s + "; checksum " + r.SourceChecksum
}

// The tables a copy counts, in this order.
const (
	tDatasets = iota
	tRegions
	tVersions
	tArticles
	tArticleRegions
	tArticleVersions
	tSettings
	tEditors
	tAudit
	numTables
)

var tableNames = [numTables]string{"datasets", "regions", "versions", "articles", "article_regions", "article_versions", "settings", "editors", "audit"}
