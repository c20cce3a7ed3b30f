package geo

import (
	"github.com/paulmach/orb"
)

// Side is the party that holds or claims an area.
type Side uint8

// The sides. The zero value is no side: in a version it is "none", an area
// held by neither side (a grey zone: status contested only); in an import's
// defaults it means that none was given.
const (
	SideNone Side = iota
	SideRU
	SideUA
)

// Sides lists the sides in display order (SideNone is no party: it holds,
// gains and loses nothing).
var Sides = []Side{SideRU, SideUA}

func (s Side) String() string {
	switch s {
	case SideRU:
		return "ru"
	case SideUA:
		return "ua"
	}
	return "none"
}

// ParseSide parses "ru", "ua" or "none" (SideNone).
func ParseSide(s string) (Side, error) {
	switch s {
	case "ru":
		return SideRU, nil
	case "ua":
		return SideUA, nil
	case "none":
		return SideNone, nil
	}
	return SideNone, inputErrorf(nil, "bad side %s: want ru, ua or none", Echo(s))
}

// Status says what kind of control a version records.
type Status uint8

// The statuses. The zero value is no status.
const (
	StatusNone Status = iota
	// StatusOccupied is an area held by a side that is not its de-jure owner.
	StatusOccupied
	// StatusLiberated is an area retaken by its de-jure owner.
	StatusLiberated
	// StatusContested is a grey zone held by neither side.
	StatusContested
	// StatusClaimed is an annexation claim; it is drawn as an outline and
	// counted only where the claiming side has no control.
	StatusClaimed
)

// Statuses lists the statuses in display order.
var Statuses = []Status{StatusOccupied, StatusLiberated, StatusContested, StatusClaimed}

func (s Status) String() string {
	switch s {
	case StatusOccupied:
		return "occupied"
	case StatusLiberated:
		return "liberated"
	case StatusContested:
		return "contested"
	case StatusClaimed:
		return "claimed"
	}
	return ""
}

// Controls reports whether the status means the side actually holds the ground.
func (s Status) Controls() bool { return s == StatusOccupied || s == StatusLiberated }

// ParseStatus parses a status name.
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if st.String() == s {
			return st, nil
		}
	}
	return StatusNone, inputErrorf(nil, "bad status %s: want occupied, liberated, contested or claimed", Echo(s))
}

// Kind classifies a region.
type Kind uint8

// The region kinds.
const (
	KindNone Kind = iota
	KindAdmin
	KindControl
	KindIncursion
	KindClaim
)

func (k Kind) String() string {
	switch k {
	case KindAdmin:
		return "admin"
	case KindControl:
		return "control"
	case KindIncursion:
		return "incursion"
	case KindClaim:
		return "claim"
	}
	return ""
}

// ParseKind parses a region kind name.
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{KindAdmin, KindControl, KindIncursion, KindClaim} {
		if k.String() == s {
			return k, nil
		}
	}
	return KindNone, inputErrorf(nil, "bad region kind %s: want admin, control, incursion or claim", Echo(s))
}

// Region is a stable identity that versions and articles refer to.
type Region struct {
	Slug    string   `json:"slug"`
	Name    string   `json:"name"`
	Kind    Kind     `json:"-"`
	Country string   `json:"country,omitempty"` // ISO 3166-1 alpha-2 of the de-jure owner
	Aliases []string `json:"aliases,omitempty"` // other names: English, Ukrainian and Russian spellings
}

// Version is the control of one region by one side over a validity range.
// Geometry is lon/lat with RFC 7946 winding (outer rings counter-clockwise).
type Version struct {
	ID       int64
	Dataset  string
	Region   string // region slug
	Side     Side
	Status   Status
	Geometry orb.MultiPolygon
	Valid    Validity
	Source   string
	Articles []int64
}

// Dataset is a named collection of versions from one source, with what a
// map of it must say about that source (dataset.go).
type Dataset struct {
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// Attribution and License are what a map of the dataset credits: who
	// drew it and under which licence (an SPDX identifier or free text).
	Attribution string `json:"attribution,omitempty"`
	License     string `json:"license,omitempty"`
	SourceURL   string `json:"source_url,omitempty"` // where the data comes from: an http(s) URL
	// ObservedFrom and ObservedTo are the first and last day of the files
	// imported (series and DeepStateMap imports), 0 when unknown: a day
	// after ObservedTo is answered with the map of ObservedTo (AsOf).
	ObservedFrom Day `json:"observed_from,omitempty"`
	ObservedTo   Day `json:"observed_to,omitempty"`
}

// Article is a news article that references regions. Summary is written in
// our own words.
type Article struct {
	ID        int64    `json:"id"`
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Outlet    string   `json:"outlet"`
	Published Day      `json:"published"`
	Summary   string   `json:"summary"`
	Regions   []string `json:"regions"`
	Versions  []int64  `json:"versions,omitempty"`
}

// At returns the versions of vs on the map at day d.
func At(vs []Version, d Day) []Version {
	var out []Version
	for _, v := range vs {
		if v.Valid.Contains(d) {
			out = append(out, v)
		}
	}
	return out
}

// ValidSlug reports whether s names a region or a dataset: lowercase ASCII
// words joined by '-', at most 80 bytes.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 80 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
