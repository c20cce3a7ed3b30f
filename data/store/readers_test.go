package store

import (
	"context"
	"io"
	"testing"

	"github.com/frontline-map/frontline/data/deepstate"
	"github.com/frontline-map/frontline/data/feed"
	"github.com/frontline-map/frontline/data/geojson"
	dataseries "github.com/frontline-map/frontline/data/series"
	"github.com/frontline-map/frontline/data/source"
	"github.com/frontline-map/frontline/geo"
)

// The store's tests read their input with the readers (data/geojson,
// data/series, data/deepstate) and write it with the store: these helpers
// join the two as the command line does.

// importCfg is what a test imports with: the defaults of the features
// read and the config of the writes.
type importCfg struct {
	Dataset  string
	Region   string
	Side     geo.Side
	Status   geo.Status
	Source   string
	Meta     geo.DatasetEdit
	Progress func(done, total int)
	NoWait   bool
	Waiting  func()
}

func (c importCfg) write() ImportConfig {
	return ImportConfig{Dataset: c.Dataset, Meta: c.Meta, Progress: c.Progress, NoWait: c.NoWait, Waiting: c.Waiting}
}

func (c importCfg) defaults() geojson.Defaults {
	return geojson.Defaults{Region: c.Region, Side: c.Side, Status: c.Status, Source: c.Source}
}

// ReadOptions are the series reader's.
type ReadOptions = dataseries.Options

// SeriesFile is a file of a series as read.
type SeriesFile = dataseries.File

// Feature is a GeoJSON feature as read.
type Feature = geojson.Feature

// ReadSeries reads a series from a folder, a file or a URL.
func ReadSeries(ctx context.Context, src string, opt ReadOptions) ([]SeriesFile, error) {
	return dataseries.Read(ctx, src, source.Walk(ctx, src, source.Options{}), opt)
}

// ReadSeriesStream reads a series from r.
func ReadSeriesStream(ctx context.Context, name string, r io.Reader, opt ReadOptions) ([]SeriesFile, error) {
	return dataseries.ReadStream(ctx, name, r, opt)
}

// ImportGeoJSON reads a FeatureCollection and writes its versions.
func (s *Store) ImportGeoJSON(ctx context.Context, r io.Reader, name string, cfg ImportConfig) (ImportResult, error) {
	vs, err := geojson.ReadVersions(r, name, geojson.Defaults{}, geojson.Limits{})
	if err != nil {
		return ImportResult{}, err
	}
	res, err := s.ImportVersions(ctx, vs.Versions, vs.Names, cfg)
	res.Repairs = vs.Repairs
	return res, err
}

// ImportSeries groups the files of a series and writes their days.
func (s *Store) ImportSeries(ctx context.Context, files []SeriesFile, cfg importCfg) (ImportResult, error) {
	sr, err := dataseries.Group(ctx, files, cfg.defaults())
	if err != nil {
		return ImportResult{}, err
	}
	res, err := s.ImportDays(ctx, sr, cfg.write())
	res.Repairs = sr.Repairs
	return res, err
}

// deepStateCfg is what a test imports a DeepStateMap history with.
type deepStateCfg struct {
	Dataset string
	Strict  bool
}

// deepStateResult is what a DeepStateMap import read and wrote.
type deepStateResult struct {
	ImportResult
	Files, Snapshots, Skipped int
	Unclassified, Outside     []deepstate.Name
}

// importDeepState reads a history from src and writes it.
func (s *Store) importDeepState(ctx context.Context, src string, cfg deepStateCfg) (deepStateResult, error) {
	h, err := deepstate.ReadPath(ctx, src, deepstate.Options{})
	if err != nil {
		return deepStateResult{}, err
	}
	res := deepStateResult{Files: h.Files, Snapshots: len(h.Snapshots), Skipped: h.Skipped(), Unclassified: h.Unclassified(), Outside: h.Outside()}
	if cfg.Strict {
		if err := h.Strict(); err != nil {
			return res, err
		}
	}
	sr := h.Series("")
	res.ImportResult, err = s.ImportDays(ctx, sr, ImportConfig{Dataset: cfg.Dataset})
	res.Repairs = sr.Repairs
	return res, err
}

func mustImportDeepState(t *testing.T, s *Store, src string, cfg deepStateCfg) deepStateResult {
	t.Helper()
	res, err := s.importDeepState(context.Background(), src, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// importFeed links a feed's items to the regions the store's gazetteer
// finds and writes them as articles.
func importFeed(ctx context.Context, s *Store, items []feed.Item) (FeedResult, error) {
	g, err := s.Gazetteer(ctx)
	if err != nil {
		return FeedResult{}, err
	}
	return s.ImportFeed(ctx, feed.Articles(items, g))
}
