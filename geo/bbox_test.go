package geo

import (
	"errors"
	"strings"
	"testing"
)

func TestParseBBox(t *testing.T) {
	type tcase struct {
		in  string
		why string // part of the error; "" for none
	}
	tcases := map[string]tcase{
		"donbas":        {in: "34.5,46,40.5,50.5"},
		"straddles":     {in: "10,40,21,44"},
		"out of range":  {in: "-200,0,10,10", why: "out of range"},
		"inverted":      {in: "36,52,34,51", why: "empty or inverted"},
		"not a number":  {in: "a,1,2,3", why: "is not a number"},
		"three numbers": {in: "1,2,3", why: "want minlon,minlat,maxlon,maxlat"},
		// #20 part 7: latitude and longitude swapped draw a blank sea.
		"lat,lon swapped": {in: "51,34,52,36", why: `bbox "51,34,52,36" is outside the map's area (lon 20..46, lat 43..57): is it lat,lon? want west,south,east,north`},
		"elsewhere":       {in: "-10,-10,-5,-5", why: "is outside the map's area (lon 20..46, lat 43..57): want west,south,east,north"},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			b, err := ParseBBox(tc.in)
			if tc.why == "" {
				if err != nil || b.IsEmpty() {
					t.Fatalf("got %v, %v; want a box", b, err)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.why) {
				t.Fatalf("got %v, want an *InputError saying %q", err, tc.why)
			}
		})
	}
}
