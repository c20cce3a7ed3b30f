package main

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestGroup checks how a group picks the subcommand an argument names.
func TestGroup(t *testing.T) {
	ran := func(name string) runFunc {
		return func(_ context.Context, _ *env, args []string) error { return fmt.Errorf("%s %q", name, args) }
	}
	subs := []subcommand{{"list", ran("list")}, {"show", ran("show")}, {"add", ran("add")}}
	type tcase struct {
		defTakesArgs bool
		args         []string
		want         string
		usage        bool
	}
	tcases := map[string]tcase{
		"named":               {args: []string{"show", "1", "--json"}, want: `show ["1" "--json"]`},
		"none":                {args: nil, want: `def []`},
		"flag first":          {args: []string{"--json"}, want: `def ["--json"]`},
		"unknown":             {args: []string{"frob"}, want: `unknown things command "frob": want list, show or add`, usage: true},
		"unknown to the def":  {defTakesArgs: true, args: []string{"frob"}, want: `def ["frob"]`},
		"named, def has args": {defTakesArgs: true, args: []string{"add", "x"}, want: `add ["x"]`},
	}
	for name, tc := range tcases {
		t.Run(name, func(t *testing.T) {
			g := group{name: "things", subs: subs, def: ran("def"), defTakesArgs: tc.defTakesArgs}
			err := g.run(context.Background(), &env{}, tc.args)
			var ue *usageError
			if got := fmt.Sprint(err); got != tc.want || errors.As(err, &ue) != tc.usage {
				t.Errorf("got %v (usage error %v), want %s (usage error %v)", err, errors.As(err, &ue), tc.want, tc.usage)
			}
		})
	}
}
