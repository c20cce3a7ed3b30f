package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/geo"
)

// runEditors manages the editors: people who write over HTTP (POST
// /api/import, /api/articles) each with a bearer token of their own, which
// every server over the database accepts until it is revoked.
func runEditors(ctx context.Context, e *env, args []string) error {
	return group{name: "editors", def: editorsList, subs: []subcommand{
		{"list", editorsList}, {"add", editorsAdd}, {"revoke", editorsRevoke},
	}}.run(ctx, e, args)
}

// parseName parses flags around one NAME argument (flags may come before
// or after it).
func parseName(fs *flag.FlagSet, args []string) (string, error) {
	if err := parse(fs, args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		return "", usagef("want an editor's NAME")
	}
	name := fs.Arg(0)
	if err := parse(fs, fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() != 0 {
		return "", usagef("unexpected argument %q", fs.Arg(0))
	}
	return name, nil
}

func editorsAdd(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "editors add", "NAME [--dataset A,B]",
		"Adds an editor and prints their bearer token for writes over HTTP (POST /api/import,\n"+
			"PATCH /api/datasets/NAME, POST /api/articles), once: the database keeps only its SHA-256.\n"+
			"Every server over the database accepts it until 'frontline editors revoke NAME'; the\n"+
			"audit log names the editor's writes editor:NAME. NAME is lowercase words joined by '-',\n"+
			"never reused. With --dataset the editor writes only those datasets (403 elsewhere; no\n"+
			"articles, which belong to no dataset) and the audit log says editor:NAME[A,B].")
	var datasets []string
	fs.Func("dataset", "scope the editor to these datasets (names joined by ',', or the flag repeated); default: every dataset", func(v string) error {
		if geo.ParseScope(v) == nil {
			return fmt.Errorf("want dataset names joined by ','")
		}
		datasets = append(datasets, v)
		return nil
	})
	name, err := parseName(fs, args)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	token, err := s.AddEditor(ctx, name, datasets...)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added editor %s of %s; their token (Authorization: Bearer TOKEN) follows.\n", name, scopeText(geo.ParseScope(strings.Join(datasets, ","))))
	fmt.Fprintf(e.stdout, "It will not be shown again: only its hash is kept. Give it to them privately.\n%s\n", token)
	return nil
}

func editorsList(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "editors list", "[--json]", "Lists the editors: name, the datasets they write (* for every dataset), when added,\nwhen revoked (- while their token is accepted).")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	eds, err := s.Editors(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if eds == nil {
			eds = []store.Editor{}
		}
		return writeJSON(e.stdout, eds)
	}
	if len(eds) == 0 {
		fmt.Fprintln(e.stdout, "no editors (add one with frontline editors add NAME)")
		return nil
	}
	fmt.Fprintf(e.stdout, "%-24s %-24s %-20s %s\n", "NAME", "DATASETS", "CREATED", "REVOKED")
	for _, ed := range eds {
		revoked := "-"
		if ed.Revoked != nil {
			revoked = ed.Revoked.Format(time.RFC3339)
		}
		scope := "*"
		if len(ed.Datasets) > 0 {
			scope = strings.Join(ed.Datasets, ",")
		}
		fmt.Fprintf(e.stdout, "%-24s %-24s %-20s %s\n", ed.Name, scope, ed.Created.Format(time.RFC3339), revoked)
	}
	return nil
}

// scopeText says which datasets an editor writes.
func scopeText(datasets []string) string {
	if len(datasets) == 0 {
		return "every dataset"
	}
	return "datasets " + strings.Join(datasets, ", ")
}

func editorsRevoke(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "editors revoke", "NAME",
		"Revokes an editor's token: every server over the database refuses it from the next\nrequest on. The editor's name stays in the list and in the audit log.")
	name, err := parseName(fs, args)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	eds, err := s.Editors(ctx)
	if err != nil {
		return err
	}
	for _, ed := range eds {
		if ed.Name == name && ed.Revoked != nil {
			fmt.Fprintf(e.stdout, "editor %s was revoked already, at %s\n", name, ed.Revoked.Format(time.RFC3339))
			return nil
		}
	}
	if err := s.RevokeEditor(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "revoked editor %s: their token is refused from now on\n", name)
	return nil
}
