package geo

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDatasetText is the longest title, description, attribution, licence
// or source URL of a dataset, in characters.
const MaxDatasetText = 500

// Credit is the dataset's attribution and licence as a map credits them:
// "DeepStateMap (GPL-3.0)", "DeepStateMap", "licence GPL-3.0", or "" when
// neither is set.
func (d Dataset) Credit() string {
	switch {
	case d.Attribution != "" && d.License != "":
		return d.Attribution + " (" + d.License + ")"
	case d.Attribution != "":
		return d.Attribution
	case d.License != "":
		return "licence " + d.License
	}
	return ""
}

// AsOf is the day whose map answers for day: the last observed day when
// day lies after it, else 0 (day is within the observed range, before it,
// or the range is unknown).
func (d Dataset) AsOf(day Day) Day {
	if d.ObservedTo != 0 && day > d.ObservedTo {
		return d.ObservedTo
	}
	return 0
}

// Observed reports whether day lies on or after the dataset's first
// observed day (always, when that is unknown). The map of a day before it
// is empty for want of data, not free of occupation.
func (d Dataset) Observed(day Day) bool {
	return d.ObservedFrom == 0 || day >= d.ObservedFrom
}

// CheckObserved is a *NoDataError for a day before the dataset's first
// observed day, else nil.
func (d Dataset) CheckObserved(day Day) error {
	if d.Observed(day) {
		return nil
	}
	return &NoDataError{Dataset: d.Name, From: d.ObservedFrom}
}

// NoDataError is a day asked of a dataset before its first observed day:
// "deepstate: no data before 2022-04-03". It is ErrNotFound.
type NoDataError struct {
	Dataset string
	From    Day // the first observed day
}

func (e *NoDataError) Error() string { return e.Dataset + ": no data before " + e.From.String() }

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NoDataError) Is(target error) bool { return target == ErrNotFound }

// Named is what names the dataset to a reader: its title, else its name.
func (d Dataset) Named() string {
	if d.Title != "" {
		return d.Title
	}
	return d.Name
}

// CreditOrName is the dataset's credit (Credit) with its attribution, or,
// for a dataset without one, its title or name with its licence
// ("deepstate (GPL-3.0)", "deepstate"): never another dataset's words.
func (d Dataset) CreditOrName() string {
	if d.Attribution != "" {
		return d.Credit()
	}
	if d.License != "" {
		return d.Named() + " (" + d.License + ")"
	}
	return d.Named()
}

// DatasetEdit changes a dataset's descriptive fields: each non-nil field
// replaces the stored one ("" clears it); nil fields stay as they are.
type DatasetEdit struct {
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	Attribution *string `json:"attribution,omitempty"`
	License     *string `json:"license,omitempty"`
	SourceURL   *string `json:"source_url,omitempty"`
}

// Empty reports whether the edit changes nothing.
func (e DatasetEdit) Empty() bool {
	return e.Title == nil && e.Description == nil && e.Attribution == nil && e.License == nil && e.SourceURL == nil
}

// fields lists the edit's fields by their JSON names, with where each goes
// in a Dataset.
func (e *DatasetEdit) fields(d *Dataset) []struct {
	name string
	v    **string
	dst  *string
} {
	return []struct {
		name string
		v    **string
		dst  *string
	}{
		{"title", &e.Title, &d.Title}, {"description", &e.Description, &d.Description},
		{"attribution", &e.Attribution, &d.Attribution}, {"license", &e.License, &d.License},
		{"source_url", &e.SourceURL, &d.SourceURL},
	}
}

// Normalize trims the surrounding white space of the edit's values and
// checks them: at most MaxDatasetText characters of UTF-8 text without
// control characters (the description may hold line breaks and tabs), and
// a source URL that is empty or an absolute http(s) URL. A refused value
// is ErrInvalid, naming the field.
func (e DatasetEdit) Normalize() (DatasetEdit, error) {
	var d Dataset
	for _, f := range e.fields(&d) {
		if *f.v == nil {
			continue
		}
		s := strings.TrimSpace(**f.v)
		if err := checkDatasetText(f.name, s); err != nil {
			return e, err
		}
		*f.v = &s
	}
	return e, nil
}

func checkDatasetText(name, s string) error {
	if !utf8.ValidString(s) {
		return &FieldError{Field: name, Why: "not UTF-8 text"}
	}
	if n := utf8.RuneCountInString(s); n > MaxDatasetText {
		return &FieldError{Field: name, Why: fmt.Sprintf("%d characters, at most %d", n, MaxDatasetText)}
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(name == "description" && (r == '\n' || r == '\t')) {
			return &FieldError{Field: name, Why: fmt.Sprintf("control character %q", r)}
		}
	}
	if name == "source_url" && s != "" {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \"<>") {
			return &FieldError{Field: name, Value: Echo(s), Why: "want an absolute http(s) URL"}
		}
	}
	return nil
}

// Apply returns d with the edit's fields set.
func (e DatasetEdit) Apply(d Dataset) Dataset {
	for _, f := range e.fields(&d) {
		if *f.v != nil {
			*f.dst = **f.v
		}
	}
	return d
}

// Changes names the fields the edit changes in d, as name=value (quoted),
// in a fixed order: for the audit log.
func (e DatasetEdit) Changes(d Dataset) []string {
	var out []string
	for _, f := range e.fields(&d) {
		if *f.v != nil && **f.v != *f.dst {
			out = append(out, f.name+"="+Echo(**f.v))
		}
	}
	return out
}

// Where returns the fields of e (defaults, such as what describes a
// source's data) that d leaves empty and over does not set: an import
// describes a new dataset with them without overwriting what an editor
// wrote, and what the import itself was given (over) wins.
func (e DatasetEdit) Where(d Dataset, over DatasetEdit) DatasetEdit {
	var out DatasetEdit
	ef, of, rf := e.fields(&d), over.fields(&Dataset{}), out.fields(&Dataset{})
	for i, f := range ef {
		if *f.v != nil && *f.dst == "" && *of[i].v == nil {
			*rf[i].v = *f.v
		}
	}
	return out
}
