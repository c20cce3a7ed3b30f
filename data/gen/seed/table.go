package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/frontline-map/frontline/geo"
)

// writeTable writes the area of every version, then per key date the
// Russian-held area inside Ukraine, so that the drawn areas can be checked
// against the reported ones.
func writeTable(w io.Writer, vs []version, ukraineKm2 float64) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "region\tside\tstatus\tvalid_from\tvalid_to\tkm²\tpoints\t")
	for _, v := range vs {
		to := v.To
		if to == "" {
			to = "open"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%.0f\t%d\t\n", v.Region, v.Side, v.Status, v.From, to, v.AreaKm2(), points(v))
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "day\tmainland km²\tCrimea+Sevastopol km²\ttotal km²\tshare of Ukraine\tKursk incursion km²\t")
	for _, day := range changeDays(vs) {
		var mainland, crimea, kursk float64
		for _, v := range validOn(vs, day) {
			switch {
			case v.Status != "occupied":
			case v.Region == "kursk-incursion":
				kursk += v.AreaKm2()
			case v.Region == "crimea" || v.Region == "sevastopol":
				crimea += v.AreaKm2()
			default:
				mainland += v.AreaKm2()
			}
		}
		total := mainland + crimea
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.0f\t%.1f%%\t%.0f\t\n", day, mainland, crimea, total, 100*total/ukraineKm2, kursk)
	}
	fmt.Fprintf(tw, "Ukraine (27 Natural Earth units)\t%.0f\t\t\t\t\t\n", ukraineKm2)
	return tw.Flush()
}

func points(v version) int {
	n := 0
	for _, p := range v.Shape {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// changeDays returns the days on which some version starts or ends, in
// order.
func changeDays(vs []version) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		for _, d := range []string{v.From, v.To} {
			if d != "" && !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}

// validOn returns the versions valid on day (YYYY-MM-DD strings sort as days).
func validOn(vs []version, day string) []version {
	var out []version
	for _, v := range vs {
		if v.From <= day && (v.To == "" || day < v.To) {
			out = append(out, v)
		}
	}
	return out
}

// ukraineKm2 is the area of Ukraine: the sum of its 27 units, which tile it.
func ukraineKm2(us units) float64 {
	var isos []string
	for iso := range us {
		if strings.HasPrefix(iso, "UA-") {
			isos = append(isos, iso)
		}
	}
	sort.Strings(isos) // a fixed order keeps the sum's last digit stable
	var a float64
	for _, iso := range isos {
		a += geo.AreaKm2(us[iso].Shape)
	}
	return a
}
