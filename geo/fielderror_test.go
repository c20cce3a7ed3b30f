package geo

import (
	"errors"
	"strings"
	"testing"
)

// TestFieldErrorNamesTheField: a refused edit says which field in a value
// the caller can read (errors.As), so that the CLI names its flag without
// editing the message's text (issue #19).
func TestFieldErrorNamesTheField(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := map[string]struct {
		edit  DatasetEdit
		field string
	}{
		"source_url not http": {DatasetEdit{SourceURL: str("ftp://x")}, "source_url"},
		"title too long":      {DatasetEdit{Title: str(strings.Repeat("x", MaxDatasetText+1))}, "title"},
		"control character":   {DatasetEdit{Attribution: str("a\x01b")}, "attribution"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.edit.Normalize()
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want a *FieldError that is ErrInvalid", err)
			}
			if fe.Field != tc.field {
				t.Errorf("field: got %q, want %q", fe.Field, tc.field)
			}
			if !strings.HasPrefix(err.Error(), tc.field) {
				t.Errorf("message %q: want it to start with %q", err, tc.field)
			}
		})
	}
}

// TestDatasetEditWhere: defaults fill only what a dataset leaves empty and
// the import's own edit does not set.
func TestDatasetEditWhere(t *testing.T) {
	str := func(s string) *string { return &s }
	def := DatasetEdit{Title: str("DeepStateMap"), Attribution: str("DeepStateMap"), SourceURL: str("https://deepstatemap.live")}
	got := def.Where(Dataset{Title: "Mine"}, DatasetEdit{Attribution: str("Given")})
	if got.Title != nil || got.Attribution != nil || got.SourceURL == nil || *got.SourceURL != "https://deepstatemap.live" || got.License != nil {
		t.Errorf("got %+v, want only the source URL", got)
	}
}
