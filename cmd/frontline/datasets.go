package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/frontline-map/frontline/geo"
)

// runDatasets lists the datasets with what describes them, sets the
// default one, or (datasets set NAME) changes what describes one.
func runDatasets(ctx context.Context, e *env, args []string) error {
	return group{name: "datasets", def: datasetsList, defTakesArgs: true,
		subs: []subcommand{{"set", datasetsSet}}}.run(ctx, e, args)
}

// datasetsList lists the datasets, or sets the default one.
func datasetsList(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "datasets", "[--set-default NAME] [--json] | set NAME [flags]",
		"Lists datasets (* marks the default) with their title, description, attribution,\n"+
			"licence, source URL and observed range, or sets the default dataset.\n"+
			"'frontline datasets set NAME --help' tells how to change what describes a dataset.")
	setDef := fs.String("set-default", "", "make this dataset the default for reads")
	asJSON := fs.Bool("json", false, "print JSON: the default dataset and the datasets")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q (to change a dataset: frontline datasets set NAME ...)", fs.Arg(0))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if *setDef != "" {
		return s.SetDefaultDataset(ctx, *setDef)
	}
	def, err := s.DefaultDataset(ctx)
	if err != nil {
		return err
	}
	ds, err := s.Datasets(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if ds == nil {
			ds = []geo.Dataset{}
		}
		return writeJSON(e.stdout, map[string]any{"default": def, "datasets": ds})
	}
	for _, d := range ds {
		printDataset(e.stdout, d, d.Name == def)
	}
	return nil
}

// printDataset prints a dataset: a line with its name (* if it is the
// default) and title, then what else describes it, indented.
func printDataset(w io.Writer, d geo.Dataset, def bool) {
	mark := " "
	if def {
		mark = "*"
	}
	head, desc := d.Title, d.Description
	if head == "" {
		head, desc = d.Description, ""
	}
	fmt.Fprintf(w, "%s %-20s %s\n", mark, d.Name, head)
	if desc != "" {
		fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(desc, "\n", "\n    "))
	}
	if d.Attribution != "" {
		fmt.Fprintf(w, "    attribution: %s\n", d.Attribution)
	}
	if d.License != "" {
		fmt.Fprintf(w, "    licence: %s\n", d.License)
	}
	if d.SourceURL != "" {
		fmt.Fprintf(w, "    source: %s\n", d.SourceURL)
	}
	if d.ObservedTo != 0 {
		fmt.Fprintf(w, "    observed: %s to %s\n", d.ObservedFrom, d.ObservedTo)
	}
}

// datasetFlags adds the flags that set what describes a dataset: the
// edit gets the value of each flag given ("" clears the field).
func datasetFlags(fs *flag.FlagSet, e *geo.DatasetEdit) {
	for _, f := range []struct {
		name, usage string
		dst         **string
	}{
		{"title", "the dataset's title (TileJSON's name)", &e.Title},
		{"description", "what the dataset is", &e.Description},
		{"attribution", "whom maps of the dataset credit, such as DeepStateMap", &e.Attribution},
		{"license", "the data's licence, such as GPL-3.0 (an SPDX identifier or free text)", &e.License},
		{"source-url", "where the data comes from: an http(s) URL", &e.SourceURL},
	} {
		fs.Func(f.name, f.usage+fmt.Sprintf("; at most %d characters, \"\" clears it", geo.MaxDatasetText), func(v string) error {
			*f.dst = &v
			return nil
		})
	}
}

// checkDatasetEdit checks the values of the dataset flags: a refused one
// is bad usage.
func checkDatasetEdit(e geo.DatasetEdit) (geo.DatasetEdit, error) {
	n, err := e.Normalize()
	if err != nil {
		var fe *geo.FieldError
		if errors.As(err, &fe) {
			// The flag of a field is its API name with '-' for '_'.
			fe = &geo.FieldError{Field: strings.ReplaceAll(fe.Field, "_", "-"), Value: fe.Value, Why: fe.Why}
			return e, usagef("--%s", fe)
		}
		return e, usagef("%s", err)
	}
	return n, nil
}

func datasetsSet(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "datasets set", "NAME [--title T] [--description D] [--attribution A] [--license L] [--source-url URL]",
		"Changes what describes a dataset: its title, description, and the attribution, licence\n"+
			"and source URL that its maps credit (TileJSON, the MapLibre style, the pictures'\n"+
			"footers and the web app). Only the flags given change; \"\" clears a field. The change\n"+
			"is written to the audit log. Servers over the database show it within seconds.")
	var edit geo.DatasetEdit
	datasetFlags(fs, &edit)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("want a dataset's NAME")
	}
	name := fs.Arg(0)
	if name == "" {
		return usagef("want a dataset's NAME, not \"\"")
	}
	if err := parse(fs, fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if edit.Empty() {
		return usagef("nothing to change: give --title, --description, --attribution, --license or --source-url")
	}
	edit, err := checkDatasetEdit(edit)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := resolveDataset(ctx, s, name); err != nil {
		return err
	}
	d, err := s.EditDataset(ctx, name, edit)
	if err != nil {
		return err
	}
	def, err := s.DefaultDataset(ctx)
	if err != nil {
		return err
	}
	printDataset(e.stdout, d, d.Name == def)
	return nil
}
