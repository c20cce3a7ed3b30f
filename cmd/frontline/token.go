package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// adminTokenFlags are serve's ways to the administrator's bearer token: a
// file (--token-file PATH), the environment (FRONTLINE_TOKEN), or, kept
// for compatibility, the command line (--token), which every user of the
// machine reads in ps and /proc/PID/cmdline: serve warns of it at start.
type adminTokenFlags struct {
	token, file *string
}

func addAdminTokenFlags(fs *flag.FlagSet) adminTokenFlags {
	return adminTokenFlags{
		file:  fs.String("token-file", "", "read the administrator's bearer token for writes from this file (its first line; keep it mode 0600); else env FRONTLINE_TOKEN. Editors write with their own tokens (frontline editors)"),
		token: fs.String("token", "", "the administrator's bearer token (deprecated: visible to every user of the machine in ps; use --token-file or FRONTLINE_TOKEN)"),
	}
}

// resolve returns the administrator's token ("" for none: only editors
// write) and what serve warns of at start: a token given with --token, or
// a token file that others than its owner may read ("" for nothing).
func (f adminTokenFlags) resolve(e *env) (token, warning string, err error) {
	switch {
	case *f.token != "" && *f.file != "":
		return "", "", usagef("give --token-file or --token, not both")
	case *f.token != "":
		return *f.token, tokenWarning, nil
	case *f.file != "":
		return readTokenFile(*f.file)
	}
	return e.getenv("FRONTLINE_TOKEN"), "", nil
}

// readTokenFile reads the token on the first line of a file, and warns if
// the file's group or others may read it.
func readTokenFile(path string) (token, warning string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", usagef("--token-file: %v", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	if token = strings.TrimSpace(line); token == "" {
		return "", "", usagef("--token-file %s: no token on its first line", path)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		warning = fmt.Sprintf("--token-file %s has mode %04o: others than its owner may read the administrator's token (chmod 600 it)", path, st.Mode().Perm())
	}
	return token, warning, nil
}

// tokenWarning is what serve says at start of a token given with --token.
const tokenWarning = "--token is visible to every user of this machine (ps, /proc/PID/cmdline): give the administrator's token with --token-file PATH or FRONTLINE_TOKEN instead"
