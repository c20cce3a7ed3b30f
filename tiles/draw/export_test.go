package draw

import "github.com/frontline-map/frontline/tiles"

// This file lends package draw's test content to its external tests
// (package draw_test), which draw with fake.Style: fake imports draw, so
// they cannot be in package draw.

// HashTile is a reference tile of TestHashes.
type HashTile struct {
	Content *tiles.Content
	Opt     RasterOptions
}

// HashTiles are the reference tiles of TestHashes: the tiles of the golden
// raster tests (256 and 512 px, control only, every symbol, a busy tile),
// open sea and an empty overlay (the one-colour path).
func HashTiles() map[string]HashTile {
	out := map[string]HashTile{
		"sea":           {&tiles.Content{Tile: crimeaTile}, RasterOptions{}},
		"empty-overlay": {&tiles.Content{Tile: crimeaTile}, RasterOptions{ControlOnly: true}},
	}
	for name, tc := range goldenTiles() {
		out[name] = HashTile{tc.c, tc.opt}
	}
	return out
}
