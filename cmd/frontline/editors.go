package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/frontline-map/frontline/data/store"
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
	fs, db := flags(e, "editors add", "NAME",
		"Adds an editor and prints their bearer token for writes over HTTP (POST /api/import,\n"+
			"/api/articles), once: the database keeps only its SHA-256. Every server over the\n"+
			"database accepts it until 'frontline editors revoke NAME'; the audit log names the\n"+
			"editor's writes editor:NAME. NAME is lowercase words joined by '-', never reused.")
	name, err := parseName(fs, args)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	token, err := s.AddEditor(ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added editor %s; their token (Authorization: Bearer TOKEN) follows.\n", name)
	fmt.Fprintf(e.stdout, "It will not be shown again: only its hash is kept. Give it to them privately.\n%s\n", token)
	return nil
}

func editorsList(ctx context.Context, e *env, args []string) error {
	fs, db := flags(e, "editors list", "[--json]", "Lists the editors: name, when added, when revoked (- while their token is accepted).")
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
	fmt.Fprintf(e.stdout, "%-24s %-20s %s\n", "NAME", "CREATED", "REVOKED")
	for _, ed := range eds {
		revoked := "-"
		if ed.Revoked != nil {
			revoked = ed.Revoked.Format(time.RFC3339)
		}
		fmt.Fprintf(e.stdout, "%-24s %-20s %s\n", ed.Name, ed.Created.Format(time.RFC3339), revoked)
	}
	return nil
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
