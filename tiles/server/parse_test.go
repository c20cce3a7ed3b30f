package server

import (
	"net/url"
	"testing"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/service"

	"github.com/paulmach/orb/maptile"
)

func TestParseTile(t *testing.T) {
	type tcase struct {
		z, x, yext string
		want       maptile.Tile
		format     service.Format
		wantErr    bool
	}
	tcases := map[string]tcase{
		"png":              {z: "5", x: "18", yext: "11.png", want: maptile.New(18, 11, 5), format: service.PNG},
		"retina":           {z: "5", x: "18", yext: "11@2x.png", want: maptile.New(18, 11, 5), format: service.PNG2x},
		"mvt":              {z: "0", x: "0", yext: "0.mvt", want: maptile.New(0, 0, 0), format: service.MVT},
		"pbf alias":        {z: "14", x: "9000", yext: "5000.pbf", want: maptile.New(9000, 5000, 14), format: service.MVT},
		"x outside":        {z: "2", x: "4", yext: "0.png", wantErr: true},
		"y outside":        {z: "2", x: "0", yext: "4.png", wantErr: true},
		"zoom too deep":    {z: "19", x: "0", yext: "0.png", wantErr: true},
		"negative":         {z: "5", x: "-1", yext: "0.png", wantErr: true},
		"not a number":     {z: "five", x: "0", yext: "0.png", wantErr: true},
		"jpeg":             {z: "5", x: "0", yext: "0.jpg", wantErr: true},
		"no y":             {z: "5", x: "0", yext: ".png", wantErr: true},
		"huge":             {z: "5", x: "99999999999", yext: "0.png", wantErr: true},
		"plus sign":        {z: "+5", x: "0", yext: "0.png", wantErr: true},
		"double extension": {z: "5", x: "0", yext: "0.png.png", wantErr: true},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			got, f, err := parseTile(tc.z, tc.x, tc.yext)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("got %v, want an error", got)
				}
				if status(err) != 400 {
					t.Errorf("got status %d, want 400", status(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || f != tc.format {
				t.Errorf("got %v %v, want %v %v", got, f, tc.want, tc.format)
			}
		})
	}
}

func FuzzParseTile(f *testing.F) {
	for _, s := range [][3]string{{"5", "18", "11.png"}, {"0", "0", "0@2x.png"}, {"18", "262143", "1.mvt"}, {"", "", ""}, {"99", "1", "2.pbf"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, z, x, yext string) {
		tile, _, err := parseTile(z, x, yext)
		if err != nil {
			if status(err) != 400 {
				t.Fatalf("error %v maps to %d, want 400", err, status(err))
			}
			return
		}
		if tile.Z > tiles.MaxZoom || tile.X >= 1<<tile.Z || tile.Y >= 1<<tile.Z {
			t.Fatalf("accepted a tile outside the pyramid: %v", tile)
		}
	})
}

func TestSplitTilePath(t *testing.T) {
	for _, c := range []struct {
		path string
		ok   bool
	}{
		{"/tiles/2025-01-20/8/153/88.png", true},
		{"/tiles/latest/0/0/0@2x.png", true},
		{"/tiles/all/8/153/88.mvt", true}, // split, then left to the router
		{"/tiles/2025-01-20.json", false},
		{"/tiles/2025-01-20/8/153", false},
		{"/tiles/2025-01-20/8/153/88.png/x", false},
		{"/tiles/2025-01-20//153/88.png", false},
		{"/tiles/2025-01-20/8/153/", false},
		{"/api/tiles/2025-01-20/8/153/88.png", false},
	} {
		day, z, x, y, ok := splitTilePath(c.path)
		if ok != c.ok {
			t.Errorf("splitTilePath(%q) ok = %v", c.path, ok)
		}
		if ok && "/tiles/"+day+"/"+z+"/"+x+"/"+y != c.path {
			t.Errorf("splitTilePath(%q) = %q %q %q %q", c.path, day, z, x, y)
		}
	}
}

func TestSimpleQuery(t *testing.T) {
	for _, c := range []struct {
		raw        string
		layers, ds string
		ok         bool
	}{
		{"", "", "", true},
		{"dataset=deepstate", "", "deepstate", true},
		{"layers=control&dataset=a&dataset=b", "control", "a", true},
		{"x=1&&layers=&dataset", "", "", true},
		{"dataset=a%20b", "", "", false},
		{"dataset=a+b", "", "", false},
		{"a=1;b=2", "", "", false},
	} {
		v, ok := simpleQuery(c.raw, "layers", "dataset")
		if ok != c.ok || (ok && (v[0] != c.layers || v[1] != c.ds)) {
			t.Errorf("simpleQuery(%q) = %q, %v", c.raw, v, ok)
		}
		if !ok {
			continue
		}
		q, _ := url.ParseQuery(c.raw)
		if q.Get("layers") != v[0] || q.Get("dataset") != v[1] {
			t.Errorf("simpleQuery(%q) = %q; url.ParseQuery gives %q, %q", c.raw, v, q.Get("layers"), q.Get("dataset"))
		}
	}
}
