package server

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"time"

	"github.com/frontline-map/frontline/tiles"
	"github.com/frontline-map/frontline/tiles/draw"
	"github.com/frontline-map/frontline/tiles/picture"
)

// ImportRequest is an import sent over HTTP. Body is GeoJSON, or for a
// series a .tar.gz; URL, if set, names a series to fetch instead.
type ImportRequest struct {
	Dataset string
	Series  bool
	URL     string
	Region  string
	Side    string
	Status  string
	Source  string
	Body    io.Reader
	MaxBody int64 // the bound on bodies, for a fetch by URL to obey too
}

// Defaults of Config's bounds that a process's memory limit adds up.
const (
	DefaultBaseBytes     = picture.DefaultBaseBytes // Config.BaseBytes
	DefaultPictureBudget = picture.DefaultBudget    // Config.PictureBudget, in pixels
	DefaultImportTimeout = 90 * time.Second
	PictureBytesPerPixel = picture.BytesPerPixel // about what drawing a picture holds a pixel
)

// Config configures a Server. Only Store is required.
type Config struct {
	Store      Store
	Basemap    *tiles.Basemap
	CacheBytes int64        // tile body cache; default 256 MiB
	Token      string       // the administrator's bearer token for writes
	Editors    Editors      // editors' tokens for writes (middleware.go); nil: only Token
	Log        *slog.Logger // default slog.Default()
	Static     fs.FS        // the web app, served at /; may be nil
	// Import runs an import (wired to the store by cmd); nil refuses imports.
	Import func(ctx context.Context, req ImportRequest) (any, error)
	// Export prepares GET /api/export's files (wired to data/export by
	// cmd); nil answers it 404.
	Export Exporter
	// Places answers /api/places and place= (cmd wires a geo.PlaceIndex
	// of the seed's towns); nil answers them 404.
	Places Places
	// MaxBody bounds request bodies of writes; default 64 MiB.
	MaxBody int64
	// ImportTimeout bounds an HTTP import: it commits and answers within
	// it, or rolls back. It must be shorter than the server's write
	// timeout; default DefaultImportTimeout.
	ImportTimeout time.Duration
	// MemoBytes bounds the memo of versions' shapes projected for every
	// zoom; default service.DefaultMemoBytes.
	MemoBytes int
	// PictureBudget bounds the pixels of the snapshots, diffs and
	// timelapses being drawn at once (about 10 bytes each while drawing);
	// a picture waits for room. Default 2·picture.MaxPixels.
	PictureBudget int64
	// BaseBytes bounds the drawn basemaps kept for reuse by pictures of the
	// same view and size; default 64 MiB.
	BaseBytes int64
	// Style is how raster tiles and pictures are drawn; nil draws with
	// draw.DefaultStyle. Its Key is in their cache keys and ETags, so
	// another style never answers with the pixels of this one.
	Style *draw.Style
	// SyncStates, if not nil, returns the datasets' sync states as last
	// read (it must not wait on the database: /healthz calls it): /api/sync
	// lists them, /metrics exports them, and /healthz and /readyz say
	// "degraded" (still 200) while a sync's last run failed.
	SyncStates func() []SyncState
	// PMTilesDir, if set, is a directory of PMTiles archives (frontline
	// publish) served at /pmtiles/{name}.pmtiles with HTTP Range.
	PMTilesDir string
	// PublicURL, if set, is the absolute URL clients reach this server by
	// ("https://maps.example.org", or with a path prefix behind a proxy):
	// the base of every absolute URL in TileJSON, styles, OGC API - Tiles
	// documents and WMTS capabilities. Empty: the request's scheme and
	// host (X-Forwarded-Proto for the scheme), and such documents vary
	// by them.
	PublicURL string
}
