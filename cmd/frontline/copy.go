package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/frontline-map/frontline/data/store"
	"github.com/frontline-map/frontline/data/storecopy"
)

// runCopy copies a whole store into another: SQLite to PostgreSQL and back,
// or a backup and its restore (storecopy.Copy).
func runCopy(ctx context.Context, e *env, args []string) error {
	fset := flag.NewFlagSet("copy", flag.ContinueOnError)
	fset.SetOutput(e.stderr)
	from := fset.String("from", "", "the source: a SQLite file or a postgres:// URL (required)")
	to := fset.String("to", "", "the destination: a SQLite file (created if missing, without the seed) or a postgres:// URL (required)")
	replace := fset.Bool("replace", false, "replace the destination's versions of a dataset that differ from the source's, and update regions, articles, editors and settings that differ")
	asJSON := fset.Bool("json", false, "print the result as JSON")
	fset.Usage = func() {
		fmt.Fprint(fset.Output(), `Usage: frontline copy --from SRC --to DST [--replace] [--json]

Copies a whole store into another: datasets, regions, versions, articles,
settings, editors (their tokens keep working) and the audit log. SRC and DST
are each a SQLite file or a postgres:// URL: this moves a database to
PostgreSQL (or back), and makes and restores backups. It takes no --db.

The source is read in one snapshot; the destination is written in one
transaction, checked against the source (rows per table and a content
checksum) before it commits, and a new SQLite file is created without the
seed, so a copy into a new database is exactly the source. Rows are matched
by name, slug, URL and day, never by id. Copying again changes nothing. A
destination that holds other versions of one of the source's datasets is
refused (exit 3, nothing written) unless --replace; what the source does not
have (other datasets, articles, editors) is left as it is.

Flags:
`)
		fset.PrintDefaults()
	}
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 0 {
		return usagef("unexpected argument %q (SRC and DST go in --from and --to)", fset.Arg(0))
	}
	if *from == "" || *to == "" {
		return usagef("give both --from SRC and --to DST (each a SQLite file or a postgres:// URL)")
	}
	if sameDatabase(*from, *to) {
		return usagef("--from and --to name the same database (%s)", dbName(*to))
	}
	res, took, err := copyStores(ctx, e, *from, *to, *replace)
	if err != nil {
		return redact(err, *from, *to)
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			From    string  `json:"from"`
			To      string  `json:"to"`
			Changed bool    `json:"changed"`
			Seconds float64 `json:"seconds"`
			storecopy.Result
		}{dbName(*from), dbName(*to), res.Changed(), took.Seconds(), res})
	}
	printCopy(e.stdout, dbName(*from), dbName(*to), res, took)
	return nil
}

func copyStores(ctx context.Context, e *env, from, to string, replace bool) (storecopy.Result, time.Duration, error) {
	var res storecopy.Result
	// A source that is not there is a mistake, not an empty store to copy.
	if !store.IsPostgres(from) {
		if st, err := os.Stat(from); err != nil || st.IsDir() {
			return res, 0, fmt.Errorf("source: no database file at %s", from)
		}
	}
	actor := "cli:" + currentUser()
	src, err := store.Open(ctx, store.Config{Path: from, NoSeed: true, Actor: actor})
	if err != nil {
		return res, 0, fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	created := false
	if !store.IsPostgres(to) {
		_, err := os.Stat(to)
		created = errors.Is(err, fs.ErrNotExist)
	}
	dst, err := store.Open(ctx, store.Config{Path: to, NoSeed: true, Actor: actor})
	if err != nil {
		if created {
			removeSQLite(to)
		}
		return res, 0, fmt.Errorf("destination: %w", err)
	}
	p := newProgress(e, "copying versions")
	start := time.Now()
	res, err = storecopy.Copy(ctx, src, dst, storecopy.Options{Replace: replace, Progress: p.update, Waiting: func() {
		fmt.Fprintln(e.stderr, "frontline copy: an import or a copy into the destination is running; waiting for it to finish")
	}})
	took := time.Since(start)
	p.finish()
	if cerr := dst.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("destination: %w", cerr)
	}
	if err != nil && created {
		// Nothing was committed: leave no empty database behind.
		removeSQLite(to)
	}
	return res, took, err
}

// removeSQLite removes a SQLite database file and its WAL files.
func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

func printCopy(w io.Writer, from, to string, res storecopy.Result, took time.Duration) {
	fmt.Fprintf(w, "copied %s to %s in %s\n\n", from, to, took.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tsource\tinserted\tupdated\tdeleted\tunchanged\tkept\tdestination\t")
	var kept []string
	for _, t := range res.Tables {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", t.Table, t.Source, t.Inserted, t.Updated, t.Deleted, t.Unchanged, t.Kept, t.Destination)
		if t.Kept > 0 {
			kept = append(kept, fmt.Sprintf("%d %s", t.Kept, t.Table))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	if len(res.Replaced) > 0 {
		fmt.Fprintf(w, "replaced the destination's versions of: %s\n", strings.Join(res.Replaced, ", "))
	}
	if len(kept) > 0 {
		fmt.Fprintf(w, "kept rows that differ in the destination (%s); --replace updates them\n", strings.Join(kept, ", "))
	}
	if !res.Changed() {
		fmt.Fprintln(w, "nothing changed")
	}
	fmt.Fprintf(w, "checksum %s (source and destination)\n", res.SourceChecksum)
}

// dbName is a database for messages: a file path, or a URL without its
// password.
func dbName(db string) string {
	if !store.IsPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "the PostgreSQL database"
	}
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.Redacted()
}

// sameDatabase reports whether two --from/--to values name one database:
// the same file, or the same host, port and database name.
func sameDatabase(a, b string) bool {
	if a == b {
		return true
	}
	if store.IsPostgres(a) != store.IsPostgres(b) {
		return false
	}
	if !store.IsPostgres(a) {
		sa, ea := os.Stat(a)
		sb, eb := os.Stat(b)
		if ea == nil && eb == nil {
			return os.SameFile(sa, sb)
		}
		aa, _ := filepath.Abs(a)
		ab, _ := filepath.Abs(b)
		return aa == ab
	}
	key := func(s string) string {
		u, err := url.Parse(s)
		if err != nil {
			return s
		}
		host, port := strings.ToLower(u.Hostname()), u.Port()
		if h := u.Query().Get("host"); host == "" && h != "" {
			host = h
		}
		if port == "" {
			port = "5432"
		}
		db := strings.TrimPrefix(u.Path, "/")
		if db == "" {
			db = u.User.Username()
		}
		return host + ":" + port + "/" + db
	}
	return key(a) == key(b)
}

// redact takes the passwords of the databases' URLs out of an error's
// message, keeping what it wraps (for the exit code).
func redact(err error, dbs ...string) error {
	msg := err.Error()
	for _, db := range dbs {
		if !store.IsPostgres(db) {
			continue
		}
		u, perr := url.Parse(db)
		if perr != nil {
			continue
		}
		var secrets []string
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p, url.PathEscape(p), url.QueryEscape(p))
		}
		for _, k := range []string{"password", "sslpassword"} {
			if p := u.Query().Get(k); p != "" {
				secrets = append(secrets, p, url.QueryEscape(p))
			}
		}
		for _, s := range secrets {
			if len(s) >= 4 {
				msg = strings.ReplaceAll(msg, s, "xxxxx")
			} else if s != "" { // too short to replace everywhere: where a URL holds it
				for _, f := range []string{":%s@", "password=%s"} {
					msg = strings.ReplaceAll(msg, fmt.Sprintf(f, s), fmt.Sprintf(f, "xxxxx"))
				}
			}
		}
	}
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg, err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
