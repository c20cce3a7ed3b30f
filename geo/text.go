package geo

import "fmt"

// Bounds of the text a store keeps, in bytes: every write checks them
// (CheckText), so that no stored text makes every tile, history or error
// that repeats it huge (issue #22: a 30 MiB source made every tile over
// its polygon 31 MB).
const (
	MaxSource  = 2000  // a version's source
	MaxName    = 200   // a region's slug and name, each of its aliases
	MaxTitle   = 500   // an article's title
	MaxURL     = 2000  // an article's URL
	MaxOutlet  = 200   // an article's outlet
	MaxSummary = 10000 // an article's summary
	MaxRegions = 100   // regions an article refers to
)

// CheckText is a *FieldError naming field when s is longer than max
// bytes, else nil. The value is not repeated.
func CheckText(field, s string, max int) error {
	if len(s) > max {
		return &FieldError{Field: field, Why: fmt.Sprintf("%d bytes, at most %d", len(s), max)}
	}
	return nil
}

// CheckText checks the text of v against its bounds (MaxSource, MaxName).
func (v Version) CheckText() error {
	return firstErr(CheckText("source", v.Source, MaxSource), CheckText("region", v.Region, MaxName))
}

// CheckText checks the text of r against MaxName.
func (r Region) CheckText() error {
	errs := []error{CheckText("region", r.Slug, MaxName), CheckText("name", r.Name, MaxName),
		CheckText("country", r.Country, MaxName)}
	for _, a := range r.Aliases {
		errs = append(errs, CheckText("alias", a, MaxName))
	}
	return firstErr(errs...)
}

// CheckText checks the text of a against its bounds (MaxTitle, MaxURL,
// MaxOutlet, MaxSummary, MaxRegions of MaxName each).
func (a Article) CheckText() error {
	errs := []error{CheckText("title", a.Title, MaxTitle), CheckText("url", a.URL, MaxURL),
		CheckText("outlet", a.Outlet, MaxOutlet), CheckText("summary", a.Summary, MaxSummary)}
	if len(a.Regions) > MaxRegions {
		errs = append(errs, &FieldError{Field: "regions", Why: fmt.Sprintf("%d regions, at most %d", len(a.Regions), MaxRegions)})
	}
	for _, r := range a.Regions {
		errs = append(errs, CheckText("region", r, MaxName))
	}
	return firstErr(errs...)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
