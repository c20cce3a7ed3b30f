package tiles

// VectorLayer describes one MVT layer as TileJSON's vector_layers does.
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description"`
	Fields      map[string]string `json:"fields"`
}

// VectorLayers describes the layers of our vector tiles (MVT), in their
// order: the TileJSON of the server and the metadata of published PMTiles
// archives list them.
var VectorLayers = []VectorLayer{
	{LayerBoundaries, "Natural Earth countries and admin-1 units", map[string]string{"kind": "String: country or admin1", "iso": "String: ISO 3166 code", "country": "String", "name": "String", "name_uk": "String", "name_ru": "String"}},
	{LayerWater, "Natural Earth rivers (lines), lakes and reservoirs (polygons); filter with from_day <= D < to_day: the Kakhovka reservoir ends on 2023-06-06, the Dnipro's course through it begins",
		map[string]string{"kind": "String: river, lake or reservoir", "name": "String", "from_day": "Number: days since 1970-01-01", "to_day": "Number: days since 1970-01-01 (2147483647 while open)"}},
	{LayerRegions, "Outlines of the named regions", map[string]string{"region": "String: slug", "name": "String", "kind": "String: admin, control, incursion or claim"}},
	{LayerControl, "Control: what each region's version draws; its provenance (source, version, validity) is the API's (/api/regions/{slug}/history). Day tiles carry region, side, status and dataset; temporal tiles also from_day and to_day (filter with from_day <= D < to_day) and versions", map[string]string{"region": "String: slug", "side": "String: ru, ua, or none (contested ground that no side holds)", "status": "String: occupied, liberated, contested or claimed",
		"dataset": "String", "from_day": "Number: days since 1970-01-01 (temporal tiles)", "to_day": "Number: days since 1970-01-01, 2147483647 while open (temporal tiles)",
		"versions": "Number: consecutive versions of the region drawn the same in the tile, merged (temporal tiles)"}},
	{LayerPlaces, "Major places", map[string]string{"name": "String", "name_uk": "String", "name_ru": "String", "rank": "Number: 1 capital, 2 regional centre or city of 200,000, 3 town of 30,000 or of the front, 4 town of 1,000 (GeoNames)", "country": "String", "population": "Number: GeoNames' count, 0 where unknown"}},
}
