package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data/feed"
	"github.com/frontline-map/frontline/data/source"
	"github.com/frontline-map/frontline/geo"
)

// runArticles lists, shows, adds and imports articles (articles list by
// default).
func runArticles(ctx context.Context, e *env, args []string) error {
	return group{name: "articles", def: articlesList, subs: []subcommand{
		{"list", articlesList}, {"show", articlesShow}, {"add", articlesAdd}, {"import", articlesImport},
	}}.run(ctx, e, args)
}

func articlesList(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "articles list", "[--region SLUG] [--from D] [--to D] [--json]", "Lists articles, newest first, with the regions they reference.")
	region := fs.String("region", "", "only articles referencing this region")
	fromS := fs.String("from", "", "published on or after this day")
	toS := fs.String("to", "", "published on or before this day")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	q := geo.ArticleQuery{Region: *region}
	var err error
	if *fromS != "" {
		if q.From, err = parseDayFlag("from", *fromS); err != nil {
			return err
		}
	}
	if *toS != "" {
		if q.To, err = parseDayFlag("to", *toS); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	as, err := s.Articles(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		if as == nil {
			as = []geo.Article{}
		}
		return writeJSON(e.stdout, as)
	}
	for _, a := range as {
		fmt.Fprintf(e.stdout, "%4d  %s  %s\n      %s\n", a.ID, a.Published, a.Title, strings.Join(a.Regions, ", "))
	}
	return nil
}

func articlesShow(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "articles show", "ID [--json]", "Shows one article with its regions and the versions it supports.")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one article ID")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return usagef("article ID %q is not a number", fs.Arg(0))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := s.Article(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, a)
	}
	printArticle(e.stdout, a)
	return nil
}

func printArticle(w io.Writer, a geo.Article) {
	fmt.Fprintf(w, "[%d] %s\n%s, %s\n%s\n\n%s\n\nregions: %s\nversions: %v\n",
		a.ID, a.Title, a.Outlet, a.Published, a.URL, a.Summary, strings.Join(a.Regions, ", "), a.Versions)
}

func articlesAdd(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "articles add", "--title T --url U --published D [--outlet O] [--summary S] [--regions a,b]",
		"Adds an article. Without --regions the gazetteer finds the regions it mentions\nin its title and summary. The summary must be in our own words.")
	title := fs.String("title", "", "title (required)")
	u := fs.String("url", "", "URL (required, unique)")
	outlet := fs.String("outlet", "", "publisher")
	pub := fs.String("published", "", "day published, YYYY-MM-DD (required)")
	summary := fs.String("summary", "", "summary in our own words")
	regions := fs.String("regions", "", "comma-separated region slugs (default: found by the gazetteer)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q (quote a title or summary of several words)", fs.Arg(0))
	}
	if *title == "" || *u == "" || *pub == "" {
		return usagef("--title, --url and --published are required")
	}
	day, err := parseDayFlag("published", *pub)
	if err != nil {
		return err
	}
	a := geo.Article{Title: *title, URL: *u, Outlet: *outlet, Published: day, Summary: *summary}
	if *regions != "" {
		for _, r := range strings.Split(*regions, ",") {
			a.Regions = append(a.Regions, strings.TrimSpace(r))
		}
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err = s.AddArticle(ctx, a)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, a)
	}
	printArticle(e.stdout, a)
	return nil
}

func runRegions(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "regions", "[SLUG] [--json]", "Lists regions; with a SLUG shows the region and its history in the dataset.")
	dataset := datasetFlag(e, fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("unexpected argument %q (one SLUG at a time)", fs.Arg(1))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if fs.NArg() == 0 {
		rs, err := s.Regions(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, rs)
		}
		for _, r := range rs {
			fmt.Fprintf(e.stdout, "%-28s %-9s %s\n", r.Slug, r.Kind, r.Name)
		}
		return nil
	}
	r, err := s.Region(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	ds, err := resolveDataset(ctx, s, *dataset)
	if err != nil {
		return err
	}
	hist, err := s.History(ctx, ds, r.Slug)
	if err != nil {
		return err
	}
	if *asJSON {
		type item struct {
			ID      int64   `json:"id"`
			Side    string  `json:"side"`
			Status  string  `json:"status"`
			From    geo.Day `json:"valid_from"`
			To      string  `json:"valid_to"`
			AreaKm2 float64 `json:"area_km2"`
			Source  string  `json:"source"`
		}
		var items []item
		for _, v := range hist {
			items = append(items, item{v.ID, v.Side.String(), v.Status.String(), v.Valid.From, v.Valid.To.String(), geo.AreaKm2(v.Geometry), v.Source})
		}
		return writeJSON(e.stdout, map[string]any{"region": r, "dataset": ds, "history": items})
	}
	fmt.Fprintf(e.stdout, "%s (%s, %s) aliases: %s\n", r.Name, r.Slug, r.Kind, strings.Join(r.Aliases, ", "))
	for _, v := range hist {
		fmt.Fprintf(e.stdout, "  %s  %s %-9s %10.1f km²  %s\n", v.Valid, v.Side, v.Status, geo.AreaKm2(v.Geometry), v.Source)
	}
	return nil
}

func articlesImport(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "articles import", "FILE|URL|- [--json]",
		`Imports the articles of a news feed: RSS 2.0, Atom or JSON Lines (one object a line
with title, url, published, summary and optionally outlet). Only the title, URL,
outlet, day and the feed's own summary are stored, never the full text; the
gazetteer links each article to the regions its title and text mention. An article
whose URL is stored already is skipped, so importing a feed again adds only what is new.`)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one FILE, URL or -")
	}
	src := fs.Arg(0)
	var r io.Reader
	switch {
	case src == "-":
		r = e.stdin
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		body, _, err := source.Open(ctx, src, source.Options{MaxBytes: 32 << 20, Timeout: 2 * time.Minute})
		if err != nil {
			return err
		}
		defer body.Close()
		r = body
	default:
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	items, err := feed.Parse(r, src)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	g, err := s.Gazetteer(ctx)
	if err != nil {
		return err
	}
	res, err := s.ImportFeed(ctx, feed.Articles(items, g))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "%d articles in the feed: %d added, %d already stored\n", res.Items, res.Added, res.Skipped)
	if len(res.Regions) > 0 {
		fmt.Fprintf(e.stdout, "regions referenced: %s\n", strings.Join(res.Regions, ", "))
	}
	return nil
}
