package store

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
)

// deepstateHistory is the sample of DeepStateMap's raw history beside the
// project (22 files of 11 days; never committed here); the tests that need
// it skip where it is absent.
const deepstateHistory = "../../../shared/data/deepstate-history/deepstate-history-sample.tar.gz"

func needHistory(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(deepstateHistory); err != nil {
		t.Skipf("DeepStateMap history sample not found at %s: skipping", deepstateHistory)
	}
}

const (
	dsUnclassified = DeepStateUnclassified
	dsSkip         = DeepStateSkip
	dsOccupied     = DeepStateOccupied
	dsContested    = DeepStateContested
	dsLiberated    = DeepStateLiberated
)

// deepStateSampleNames is every polygon name of the sample (all 22 files,
// not only the last of each day), as it is written there, with its class.
// Unclassified on purpose: "Багатокутник 11" ("Polygon 11", an editor's
// unnamed shape; only in two early snapshots of 2022-04-03 that a later
// one of the day replaces).
var deepStateSampleNames = []struct {
	name  string
	class DeepStateClass
}{
	{"24.03", dsLiberated},
	{"28.05 Під питанням /// 26.05 Contested", dsContested},
	{"Ізюм. Окуповано\u00a0", dsOccupied},
	{"Аннексовані у Естонії території /// Annexed from Estonia territories\n", dsSkip},
	{"Багатокутник 11", dsUnclassified},
	{"Ворога відкинуто///The enemy was pushed back\n", dsLiberated},
	{"Дорога Тростянець-Суми 31.03", dsLiberated},
	{"Звільнено", dsLiberated},
	{"Звільнено /// Liberated", dsLiberated},
	{"Звільнено /// Liberated\n", dsLiberated},
	{"Звільнено /// Liberated /// geoJSON.status.dismissed\n", dsLiberated},
	{"Звільнено /// Liberated\u00a0", dsLiberated},
	{"Звільнено /// Liberated\u00a0\n", dsLiberated},
	{"Звільнено /// Liberated\u00a0/// geoJSON.status.dismissed", dsLiberated},
	{"Звільнено /// Liberated\u00a0/// geoJSON.status.dismissed\n", dsLiberated},
	{"Звільнено /// Liberated\u00a0/// geoJSON.status.dismissed_at {{at:19.09}}", dsLiberated},
	{"Звільнено /// Liberated\u00a0\u00a0/// geoJSON.status.dismissed", dsLiberated},
	{"Звільнено /// Recaptured\n", dsLiberated},
	{"Звільнено /// Taken back", dsLiberated},
	{"Звільнено ///Taken back\n", dsLiberated},
	{"Звільнено 01.04", dsLiberated},
	{"Звільнено 02.04.2022", dsLiberated},
	{"Звільнено 02.07 /// Liberated 02.07", dsLiberated},
	{"Звільнено 02.07 /// Liberated 02.07\n", dsLiberated},
	{"Звільнено 02.07 /// Liberated 02.07\u00a0/// geoJSON.status.dismissed_at {{at:02.07}}", dsLiberated},
	{"Звільнено 02.07 /// Taken back 02.07\n", dsLiberated},
	{"Звільнено 04.09 /// Liberated 04.09", dsLiberated},
	{"Звільнено 04.09 /// Liberated 04.09\u00a0/// geoJSON.status.dismissed_at {{at:04.09}}", dsLiberated},
	{"Звільнено 04.09 /// Recaptured 04.09", dsLiberated},
	{"Звільнено 05.04 /// Liberated 05.04", dsLiberated},
	{"Звільнено 05.04 /// Liberated 05.04\u00a0 /// geoJSON.status.dismissed_at {{at:05.04}}", dsLiberated},
	{"Звільнено 05.04 /// Liberated\u00a005.04", dsLiberated},
	{"Звільнено 05.04 /// Taken back 05.04", dsLiberated},
	{"Звільнено 10.05 /// Liberated 10.05", dsLiberated},
	{"Звільнено 10.05 /// Taken back 10.05", dsLiberated},
	{"Звільнено 16.03-17.03", dsLiberated},
	{"Звільнено 16.03-17.03 /// Liberated 16.03-17.03", dsLiberated},
	{"Звільнено 16.03-17.03 /// Liberated 16.03-17.03\u00a0/// geoJSON.status.dismissed_at {{at:16.03 -17.03}}", dsLiberated},
	{"Звільнено 16.03-17.03 /// Taken back 16.03-17.03", dsLiberated},
	{"Звільнено 16.04 /// Liberated 16.04", dsLiberated},
	{"Звільнено 16.04 /// Taken back16.04", dsLiberated},
	{"Звільнено 17.03", dsLiberated},
	{"Звільнено 22.05 /// Liberated 22.05", dsLiberated},
	{"Звільнено 22.05 /// Taken back22.05", dsLiberated},
	{"Звільнено 23.03 /// Liberated 23.03", dsLiberated},
	{"Звільнено 23.03 /// Liberated 23.03\u00a0/// geoJSON.status.dismissed_at {{at:23.03}}", dsLiberated},
	{"Звільнено 23.03 /// Taken back 23.03", dsLiberated},
	{"Звільнено 23.03-26.03", dsLiberated},
	{"Звільнено 23.03.2022", dsLiberated},
	{"Звільнено 23.06 /// Liberated 23.06", dsLiberated},
	{"Звільнено 23.06 /// Taken back 23.06", dsLiberated},
	{"Звільнено 25.03", dsLiberated},
	{"Звільнено 25.03 /// Liberated 25.03", dsLiberated},
	{"Звільнено 25.03 /// Liberated 25.03\u00a0/// geoJSON.status.dismissed_at {{at:25.03}}", dsLiberated},
	{"Звільнено 25.03 /// Taken back 25.03", dsLiberated},
	{"Звільнено 25.03.2022", dsLiberated},
	{"Звільнено 26.03", dsLiberated},
	{"Звільнено 26.03 /// Liberated 26.03", dsLiberated},
	{"Звільнено 26.03 /// Liberated 26.03\u00a0/// geoJSON.status.dismissed_at {{at:26.03}}", dsLiberated},
	{"Звільнено 26.03 /// Taken back 26.03", dsLiberated},
	{"Звільнено 26.03-31.03", dsLiberated},
	{"Звільнено 26.06\u00a0/// Liberated 23.06", dsLiberated},
	{"Звільнено 26.06\u00a0/// Liberated 26.06\u00a0/// geoJSON.status.dismissed_at {{at:26.06}}", dsLiberated},
	{"Звільнено 26.06\u00a0/// Taken back 23.06", dsLiberated},
	{"Звільнено 27-29.03.2022", dsLiberated},
	{"Звільнено 27-31.03.2022", dsLiberated},
	{"Звільнено 27-31.03/// Liberated 27-31.03", dsLiberated},
	{"Звільнено 27-31.03/// Liberated 27-31.03\u00a0/// geoJSON.status.dismissed_at {{at:27.03 - 31.03}}", dsLiberated},
	{"Звільнено 27-31.03/// Liberated\u00a027-31.03", dsLiberated},
	{"Звільнено 27-31.03/// Taken back 27-31.03", dsLiberated},
	{"Звільнено 30.03", dsLiberated},
	{"Звільнено 30.03 /// Liberated 30.03", dsLiberated},
	{"Звільнено 30.03 /// Liberated 30.03\u00a0/// geoJSON.status.dismissed_at {{at:30.03}}", dsLiberated},
	{"Звільнено 30.03 /// Taken back 30.03", dsLiberated},
	{"Звільнено 30.05 /// Liberated 30.05", dsLiberated},
	{"Звільнено 30.05 /// Liberated 30.05\u00a0/// geoJSON.status.dismissed_at {{at:30.05}}", dsLiberated},
	{"Звільнено 30.05 /// Taken back 30.05", dsLiberated},
	{"Звільнено 31.03", dsLiberated},
	{"Звільнено 31.03 - 02.04 /// Liberated 31.03 - 02.04", dsLiberated},
	{"Звільнено 31.03 - 02.04 /// Liberated 31.03 - 02.04\u00a0/// geoJSON.status.dismissed_at {{at:31.03 - 02.04}}", dsLiberated},
	{"Звільнено 31.03 - 02.04/// Liberated 31.03 - 02.04", dsLiberated},
	{"Звільнено 31.03 - 02.04/// Taken back 31.03 - 02.04", dsLiberated},
	{"Звільнено 31.03 /// Liberated 31.03", dsLiberated},
	{"Звільнено 31.03 /// Liberated 31.03\n", dsLiberated},
	{"Звільнено 31.03 /// Liberated 31.03\u00a0/// geoJSON.status.dismissed_at {{at:31.03}}", dsLiberated},
	{"Звільнено 31.03 /// Taken back 31.03\n", dsLiberated},
	{"Звільнено 31.03-02.04", dsLiberated},
	{"Звільнено Миколаївський аеропорт", dsLiberated},
	{"Звільнено Чугуїв 07.03", dsLiberated},
	{"Звільнено/// Liberated", dsLiberated},
	{"Звільнено/// Liberated\u00a0/// geoJSON.status.dismissed", dsLiberated},
	{"Звільнено/// Taken back\n", dsLiberated},
	{"Звільнено\u00a0/// Liberated", dsLiberated},
	{"Звільнено\u00a0/// Liberated\u00a0/// geoJSON.status.dismissed", dsLiberated},
	{"Звільнено\u00a016.03-17.03 /// Liberated\u00a016.03-17.03", dsLiberated},
	{"Звільнено\u00a016.03-17.03 /// Taken back 16.03-17.03", dsLiberated},
	{"Звільнено\u00a026.03-31.03 /// Liberated 26.03-31.03", dsLiberated},
	{"Звільнено\u00a026.03-31.03 /// Liberated\u00a026.03-31.03", dsLiberated},
	{"Звільнено\u00a026.03-31.03 /// Taken back 26.03-31.03", dsLiberated},
	{"Звільнено\u00a027-29.03 /// Liberated 27-29.03", dsLiberated},
	{"Звільнено\u00a027-29.03 /// Liberated 27-29.03\u00a0/// geoJSON.status.dismissed_at {{at:27.03 - 29.03}}", dsLiberated},
	{"Звільнено\u00a027-29.03 /// Liberated\u00a027-29.03", dsLiberated},
	{"Звільнено\u00a027-29.03 /// Taken back 27-29.03", dsLiberated},
	{"Зміїний", dsSkip},
	{"Зміїний ///\u00a0Snake Island", dsSkip},
	{"Зміїний ///\u00a0Snake Island /// geoJSON.zmiinyi_island", dsSkip},
	{"Крим", dsOccupied},
	{"Начебто звільнено 26.03. Читайте опис. Треба уточнення", dsLiberated},
	{"Невідомо точно при вихід", dsContested},
	{"ОРДЛО", dsOccupied},
	{"ОРДЛО /// CADR and CALR", dsOccupied},
	{"ОРДЛО /// CADR and CALR\n", dsOccupied},
	{"ОРДЛО /// CADR and CALR\u00a0/// geoJSON.territories.ordlo", dsOccupied},
	{"Окупована Абхазія /// Occupied Abkhazia\n", dsSkip},
	{"Окупована Абхазія.\n///\nOccupied Abkhazia.", dsSkip},
	{"Окупована Абхазія.\n///\nOccupied Abkhazia.\n/// geoJSON.territories.abkhazia\n", dsSkip},
	{"Окупована область Петсамо\n///\nOccupied Petsamo", dsSkip},
	{"Окупована область Петсамо\n///\nOccupied Petsamo\n/// geoJSON.territories.petsamo\n", dsSkip},
	{"Окупована область Петсамо /// Occupied Petsamo\n", dsSkip},
	{"Окупована область Салла\n///\nOccupied Salla", dsSkip},
	{"Окупована область Салла\n///\nOccupied Salla\n/// geoJSON.territories.salla\n", dsSkip},
	{"Окупована область Салла /// Occupied Salla\n", dsSkip},
	{"Окупований Крим /// Occupied Crimea", dsOccupied},
	{"Окупований Крим /// Occupied Crimea\u00a0/// geoJSON.territories.crimea", dsOccupied},
	{"Окупований Печорський район (Саатсеський чобіт) /// Occupied Pechorsky district (Saaste Boot)\n", dsSkip},
	{"Окупований Печорський район (Саатсеський чобіт).\n///\nOccupied Pechorsky district (Saaste Boot).", dsSkip},
	{"Окупований Печорський район (Саатсеський чобіт).\n///\nOccupied Pechorsky district (Saaste Boot).\n/// geoJSON.territories.pechorsky-district\n", dsSkip},
	{"Окупований Цхінвальський район\n///\nOccupied Tskhinvali district", dsSkip},
	{"Окупований Цхінвальський район\n///\nOccupied Tskhinvali district /// geoJSON.territories.tskhinvali-district\n", dsSkip},
	{"Окупований Цхінвальський район /// Occupied Tskhinval district\n", dsSkip},
	{"Окуповано", dsOccupied},
	{"Окуповано /// Occupied", dsOccupied},
	{"Окуповано /// Occupied\n", dsOccupied},
	{"Окуповано /// Occupied /// geoJSON.status.occupied", dsOccupied},
	{"Окуповано /// Occupied /// geoJSON.status.occupied\n", dsOccupied},
	{"Окуповано /// Occupied\u00a0/// geoJSON.status.occupied", dsOccupied},
	{"Окуповано /// Occupied\u00a0/// geoJSON.status.occupied\n", dsOccupied},
	{"Окуповано. 01.04", dsOccupied},
	{"Окуповано/// Occupied\n", dsOccupied},
	{"Окуповані Південні Курильські острови.\n///\nOccupied Southern Kuril islands.", dsSkip},
	{"Окуповані Південні Курильські острови.\n///\nOccupied Southern Kuril islands.\n/// geoJSON.territories.kuril\n", dsSkip},
	{"Окуповані Циркуни", dsOccupied},
	{"Окуповані території Латвії /// Occupied territories of Latvia\n", dsSkip},
	{"Окуповані території Латвії.\n///\nOccupied Latvia territories.", dsSkip},
	{"Окуповані території Латвії.\n///\nOccupied Latvia territories.\n/// geoJSON.territories.latvia\n", dsSkip},
	{"Окуповані у Естонії території.\n///\noccupied Estonia territories.", dsSkip},
	{"Окуповані у Естонії території.\n///\noccupied Estonia territories.\n/// geoJSON.territories.estonia\n", dsSkip},
	{"Орки відсутні 30.03", dsLiberated},
	{"Острів Тузла /// Occupied Tuzla Island", dsOccupied},
	{"Острів Тузла /// Occupied Tuzla Island\u00a0/// geoJSON.territories.tuzla", dsOccupied},
	{"Придністров'я", dsSkip},
	{"Придністров'я /// Transnistria", dsSkip},
	{"Придністров'я ///\u00a0Transnistria", dsSkip},
	{"Придністров'я.\n///\nTransnistria.", dsSkip},
	{"Придністров'я/// Transnistria /// geoJSON.territories.transnistria", dsSkip},
	{"Під контролем бойовиків-повстанців пвк \"вагнер\" /// Under the control of rebels-militants wagner", dsSkip},
	{"Під контролем бойовиків-повстанців пвк \"вагнер\" /// Under the control of rebels-militants wagner\n", dsSkip},
	{"Під питанням", dsContested},
	{"Під питанням /// Contensed", dsContested},
	{"Під питанням /// Contensed\n", dsContested},
	{"Під питанням /// Contested", dsContested},
	{"Під питанням /// Contested\n", dsContested},
	{"Під питанням\u00a0/// Contensed", dsContested},
	{"Рубіжне. Території зайняті ворогом", dsOccupied},
	{"Рубіжне. Території зайняті ворогом. \n\n12.05 був відхід з Південної, та ймовірно, Забіркіно.\n // Rubizhne. Territory, which is under occupation.\n\n12.05 Southern, and probably, Zabirkino, were left\n", dsOccupied},
	{"Статус невідомий /// Unknown status", dsContested},
	{"Статус невідомий /// Unknown status\n", dsContested},
	{"Статус невідомий /// Unknown status /// geoJSON.status.unknown", dsContested},
	{"Статус невідомий /// Unknown status /// geoJSON.status.unknown\n", dsContested},
	{"Статус невідомий /// Unknown status\u00a0/// geoJSON.status.unknown", dsContested},
	{"Статус невідомий /// Unknown status\u00a0/// geoJSON.status.unknown\n", dsContested},
	{"Сєвєродонецьк. Території, відбиті у орків.\n\n/// Sieverodonetsk. Recaptured territories.\n", dsLiberated},
	{"Сєвєродонецьк. Території, що окуповано.\n04.06 ведуться бої за повне витіснення орків.\n\n/// Sieverodonetsk. Territories, which are under occupation.\n04.06 battles are being fought for the complete ousting of orcs.", dsOccupied},
	{"Тимчасово окупована східна Пруссія.\n///\nEast Prussia is temporarily occupied.", dsSkip},
	{"Тимчасово окупована східна Пруссія.\n///\nEast Prussia is temporarily occupied.\n/// geoJSON.territories.prussia\n", dsSkip},
	{"Тимчасово окупована східна Пруссія///East Prussia is temporarily occupied", dsSkip},
	{"Тимчасово окупована територія Карелії.\n///\nThe temporarily occupied territory of Karelia.", dsSkip},
	{"Тимчасово окупована територія Карелії.\n///\nThe temporarily occupied territory of Karelia.\n/// geoJSON.territories.karelia\n", dsSkip},
	{"Тимчасово окупована територія Карелії.///\u00a0The temporarily occupied territory of Karelia.", dsSkip},
	{"Тимчасово окупована територія республіки Ічкерія.\n///\nThe temporarily occupied territory of the Republic of Ichkeria.", dsSkip},
	{"Тимчасово окупована територія республіки Ічкерія.\n///\nThe temporarily occupied territory of the Republic of Ichkeria.\n/// geoJSON.territories.ichkeria\n", dsSkip},
	{"Тимчасово окупована територія республіки Ічкерія./// The temporarily occupied territory of the Republic of Ichkeria.", dsSkip},
	{"звільнено 26.03.2022", dsLiberated},
}

// TestDeepStateSampleNames: every polygon name of the sample has the class
// the table gives, and the table lists exactly the sample's names.
func TestDeepStateSampleNames(t *testing.T) {
	needHistory(t)
	f, err := os.Open(deepstateHistory)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	seen := map[string]int{}
	files := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(h.Name, ".geojson") {
			continue
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		polys, ps := parseDeepStateFile(h.Name, body)
		if len(ps) > 0 {
			t.Errorf("%s: %v", h.Name, ps)
		}
		for _, p := range polys {
			seen[p.Name]++
		}
		files++
	}
	if files != 22 {
		t.Errorf("read %d files, want 22", files)
	}
	want := map[string]DeepStateClass{}
	for _, c := range deepStateSampleNames {
		want[c.name] = c.class
		if got := ClassifyDeepState(c.name); got != c.class {
			t.Errorf("%q: got %s, want %s", c.name, got, c.class)
		}
	}
	for n, count := range seen {
		if _, ok := want[n]; !ok {
			t.Errorf("name %q (%d polygons) of the sample is not in the table", n, count)
		}
	}
	for n := range want {
		if seen[n] == 0 {
			t.Errorf("name %q of the table is not in the sample", n)
		}
	}
}

// TestDeepStateRules: the tags win over the words, an unknown tag is
// unclassified whatever the words, white space and case do not matter.
func TestDeepStateRules(t *testing.T) {
	for name, want := range map[string]DeepStateClass{
		"Окуповано /// Occupied /// geoJSON.status.occupied":                   dsOccupied,
		"ОКУПОВАНО\u00a0\n///\ngeoJSON.status.occupied\n":                      dsOccupied,
		"Звільнено /// Liberated ///geoJSON.status.dismissed":                  dsLiberated,
		"Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:01.02}}": dsLiberated,
		"Окуповано /// Occupied /// geoJSON.status.something_new":              dsUnclassified,
		"Окупований Крим /// geoJSON.territories.crimea":                       dsOccupied,
		"x /// geoJSON.territories.transnistria":                               dsSkip,
		"x /// geoJSON.territories.kursk":                                      dsUnclassified,
		"Сіра зона":                                                            dsContested,
		"Grey zone":                                                            dsContested,
		"Liberated 25.03":                                                      dsLiberated,
		"Taken back 16.03-17.03":                                               dsLiberated,
		"":                                                                     dsUnclassified,
		"Щось нове /// Something new":                                          dsUnclassified,
		// Names of the whole archive (2022) that the sample lacks.
		"Ситуація невідома /// Situation is unknown\n":                                  dsContested,
		"Фактично контролюється ворогом, але немає інформації про його перебування тут": dsContested,
		"Повідомляється про відхід орків":                                               dsContested,
		"Повідомляється, про відстуність орків в н.п":                                   dsContested,
		"Під контролем ЗСУ":                                                             dsLiberated,
		"Захоплено":                                                                     dsOccupied,
		"Вологі мрії одного з адмінів":                                                  dsSkip,
		"Багатокутник 12":                                                               dsUnclassified, // "Polygon 12": an editor's unnamed shape
	} {
		if got := ClassifyDeepState(name); got != want {
			t.Errorf("%q: got %s, want %s", name, got, want)
		}
	}
}

// TestDeepStateDates: the days a name gives, and their year.
func TestDeepStateDates(t *testing.T) {
	for _, c := range []struct {
		name, seen string
		want       []string
	}{
		{"Звільнено 25.03 /// Liberated 25.03", "2022-04-03", []string{"2022-03-25", "2022-03-25"}},
		{"Звільнено 16.03-17.03 /// Taken back 16.03-17.03", "2022-04-03", []string{"2022-03-16", "2022-03-17", "2022-03-16", "2022-03-17"}},
		{"Звільнено\u00a027-29.03 /// Liberated 27-29.03\u00a0/// geoJSON.status.dismissed_at {{at:27.03 - 29.03}}", "2022-05-23", []string{"2022-03-27", "2022-03-29"}},
		{"Звільнено 27-31.03.2022", "2023-06-24", []string{"2022-03-27", "2022-03-31"}},
		{"Начебто звільнено 26.03. Читайте опис.", "2022-04-03", []string{"2022-03-26"}},
		{"Liberated 19.09", "2024-04-12", []string{"2023-09-19"}}, // after the day seen: the year before
		{"Звільнено /// Liberated", "2022-04-03", nil},
	} {
		var got []string
		for _, dt := range deepStateDates(c.name) {
			d, ok := dt.day(geo.MustParseDay(c.seen))
			if !ok {
				t.Errorf("%q: bad date %+v", c.name, dt)
				continue
			}
			got = append(got, d.String())
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%q: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDeepStateStamp(t *testing.T) {
	for name, want := range map[string]bool{
		"1737410164.geojson": true, "deepstate-history/1737410164.geojson": true, "1648989208.json": true,
		"latest.geojson": false, "2025-01-20.geojson": false, "99.geojson": false, "1737410164a.geojson": false,
	} {
		if _, got := deepStateStamp(name); got != want {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
}

// Squares of the fixture: Kharkiv oblast, Donetsk oblast, Kursk oblast
// (Russia), and Transnistria.
var (
	dsKharkiv = dsSquare(36.5, 49.5, 0.1)
	dsDonetsk = dsSquare(37.8, 48.0, 0.2)
	dsDonBig  = dsSquare(37.8, 48.0, 0.3)
	dsGrey    = dsSquare(38.2, 48.3, 0.05)
	dsKursk   = dsSquare(35.3, 51.3, 0.1)
	dsTransn  = dsSquare(29.5, 47.2, 0.1)
)

func dsSquare(lon, lat, r float64) string {
	return "[[[" + ftoa(lon-r) + "," + ftoa(lat-r) + ",0],[" + ftoa(lon+r) + "," + ftoa(lat-r) + ",0],[" + ftoa(lon+r) + "," + ftoa(lat+r) + ",0],[" +
		ftoa(lon-r) + "," + ftoa(lat+r) + ",0],[" + ftoa(lon-r) + "," + ftoa(lat-r) + ",0]]]"
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func dsPolygon(name, coords string) string {
	return `{"type":"Feature","properties":{"name":` + jsonString(name) + `,"fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":` + coords + `}}`
}

func dsCollection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

const dsPoint = `{"type":"Feature","properties":{"name":"Direction of attack"},"geometry":{"type":"Point","coordinates":[37.5,48.1,0]}}`

// deepStateFixture writes a small history made by the test: two files of
// 2025-01-20 (the later one is the day's map), one of 2025-01-21 on which
// the grey zone and the name no rule knows are gone, and a README that is
// not GeoJSON. With unknown, the map of 2025-01-20 has a polygon whose
// name no rule knows.
func deepStateFixture(t *testing.T, unknown bool) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	last := []string{
		dsPolygon("Окуповано /// Occupied\u00a0/// geoJSON.status.occupied\n", dsDonetsk),
		dsPolygon("Статус невідомий /// Unknown status /// geoJSON.status.unknown", dsGrey),
		dsPolygon("Звільнено /// Liberated /// geoJSON.status.dismissed", dsKharkiv),
		dsPolygon("Звільнено /// Liberated /// geoJSON.status.dismissed", dsKursk),
		dsPolygon("Придністров'я/// Transnistria /// geoJSON.territories.transnistria", dsTransn),
		dsPoint,
		`{"type":"Feature","properties":{"name":"Звільнено 25.03 /// Liberated 25.03 /// geoJSON.status.dismissed_at {{at:25.03}}"},"geometry":{"type":"GeometryCollection","geometries":[` +
			`{"type":"Polygon","coordinates":` + dsSquare(36.9, 49.9, 0.05) + `},{"type":"Point","coordinates":[36.9,49.9]}]}}`,
	}
	// In the Dnipro-Buh estuary, outside Natural Earth's Ukraine and not in Russia.
	last = append(last, dsPolygon("Звільнено /// Liberated\n", dsSquare(32.33, 46.53, 0.02)))
	if unknown {
		last = append(last, dsPolygon("Щось нове /// Something new", dsSquare(37, 47, 0.05)))
	}
	write("1737331200.geojson", dsCollection(dsPolygon("Окуповано /// Occupied /// geoJSON.status.occupied", dsDonBig))) // 2025-01-20 00:00
	write("1737410164.geojson", dsCollection(last...))                                                                   // 2025-01-20 21:56
	write("1737496564.geojson", dsCollection(last[0], last[2], last[3], last[5]))                                        // 2025-01-21 21:56
	write("README.txt", "not a snapshot")
	return dir
}

func mustImportDeepState(t *testing.T, s *Store, src string, cfg DeepStateConfig) DeepStateResult {
	t.Helper()
	h, err := ReadDeepState(context.Background(), src, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ImportDeepState(context.Background(), h, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDeepStateFixture: the last file of a day is its map; each class is
// its region with its side and status; a region missing from a day's map
// ends; the name no rule knows is reported, not silently dropped; a second
// import writes nothing.
func TestDeepStateFixture(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	src := deepStateFixture(t, true)
	cfg := DeepStateConfig{ImportConfig: ImportConfig{Dataset: "ds"}}
	res := mustImportDeepState(t, s, src, cfg)
	if res.Files != 3 || res.Snapshots != 2 || res.Skipped != 1 {
		t.Errorf("files %d, snapshots %d, skipped %d; want 3, 2, 1", res.Files, res.Snapshots, res.Skipped)
	}
	if len(res.Unclassified) != 1 || res.Unclassified[0].Name != "Щось нове /// Something new" || res.Unclassified[0].Polygons != 1 {
		t.Errorf("unclassified: got %+v, want the one new name once", res.Unclassified)
	}
	type want struct {
		side   geo.Side
		status geo.Status
		km2    float64
	}
	check := func(day string, wants map[string]want) {
		t.Helper()
		vs, err := s.VersionsAt(ctx, "ds", geo.MustParseDay(day), orb.Bound{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]geo.Version{}
		for _, v := range vs {
			got[v.Region] = v
		}
		if len(got) != len(wants) {
			t.Errorf("%s: got regions %v, want %d", day, got, len(wants))
		}
		for r, w := range wants {
			v, ok := got[r]
			if !ok {
				t.Errorf("%s: no version of %s", day, r)
				continue
			}
			if a := geo.AreaKm2(v.Geometry); v.Side != w.side || v.Status != w.status || math.Abs(a-w.km2) > w.km2*0.01 {
				t.Errorf("%s %s: got %s %s %.0f km², want %s %s %.0f", day, r, v.Side, v.Status, a, w.side, w.status, w.km2)
			}
		}
	}
	kharkiv := geo.AreaKm2(dsMP(36.5, 49.5, 0.1)) + geo.AreaKm2(dsMP(36.9, 49.9, 0.05)) + geo.AreaKm2(dsMP(32.33, 46.53, 0.02))
	check("2025-01-20", map[string]want{
		DeepStateOccupiedRegion:  {geo.SideRU, geo.StatusOccupied, geo.AreaKm2(dsMP(37.8, 48.0, 0.2))}, // the later file's, not dsDonBig
		DeepStateContestedRegion: {geo.SideNone, geo.StatusContested, geo.AreaKm2(dsMP(38.2, 48.3, 0.05))},
		DeepStateLiberatedRegion: {geo.SideUA, geo.StatusLiberated, kharkiv},
		DeepStateUAInRussia:      {geo.SideUA, geo.StatusOccupied, geo.AreaKm2(dsMP(35.3, 51.3, 0.1))},
	})
	check("2025-01-21", map[string]want{
		DeepStateOccupiedRegion:  {geo.SideRU, geo.StatusOccupied, geo.AreaKm2(dsMP(37.8, 48.0, 0.2))},
		DeepStateLiberatedRegion: {geo.SideUA, geo.StatusLiberated, geo.AreaKm2(dsMP(36.5, 49.5, 0.1))},
		DeepStateUAInRussia:      {geo.SideUA, geo.StatusOccupied, geo.AreaKm2(dsMP(35.3, 51.3, 0.1))},
	})
	h, err := s.History(ctx, "ds", DeepStateLiberatedRegion)
	if err != nil || len(h) != 2 {
		t.Fatalf("liberated history: %d versions, %v", len(h), err)
	}
	// 25.03 would be after the snapshot of 2025-01-20: the year before.
	if src := h[0].Source; !strings.Contains(src, "1737410164.geojson") || !strings.Contains(src, "liberated on (by the names) 2024-03-25") {
		t.Errorf("liberated source %q: want the file and the day 2024-03-25", src)
	}
	if r, err := s.Region(ctx, DeepStateUAInRussia); err != nil || r.Kind != geo.KindIncursion || r.Country != "RU" {
		t.Errorf("region %s: %+v, %v", DeepStateUAInRussia, r, err)
	}
	st, err := s.Stats(ctx, "ds", geo.MustParseDay("2025-01-20"))
	if err != nil {
		t.Fatal(err)
	}
	var grey bool
	for _, f := range st.Figures {
		if f.Side == geo.SideNone && f.Status == geo.StatusContested && f.InsideKm2 > 0 {
			grey = true
		}
	}
	if !grey {
		t.Errorf("stats: no grey zone of no side: %+v", st.Figures)
	}
	// The observed range: the days of the snapshots read.
	if d, err := s.Dataset(ctx, "ds"); err != nil || d.ObservedFrom != geo.MustParseDay("2025-01-20") || d.ObservedTo != geo.MustParseDay("2025-01-21") {
		t.Errorf("observed range: got %s..%s, %v; want 2025-01-20..2025-01-21", d.ObservedFrom, d.ObservedTo, err)
	}
	again := mustImportDeepState(t, s, src, cfg)
	if again.Changed() {
		t.Errorf("second import: %+v; want nothing written", again.ImportResult)
	}
}

func dsMP(lon, lat, r float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{lon - r, lat - r}, {lon + r, lat - r}, {lon + r, lat + r}, {lon - r, lat + r}, {lon - r, lat - r}}}}
}

// TestDeepStateStrict: with Strict, a name no rule knows rejects the
// import and nothing is written.
func TestDeepStateStrict(t *testing.T) {
	ctx := context.Background()
	s := empty(t)
	h, err := ReadDeepState(ctx, deepStateFixture(t, true), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportDeepState(ctx, h, DeepStateConfig{ImportConfig: ImportConfig{Dataset: "ds"}, Strict: true})
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "Щось нове") {
		t.Fatalf("strict: got %v, want a rejection naming the name", err)
	}
	if vs, err := s.VersionsAt(ctx, "ds", geo.MustParseDay("2025-01-20"), orb.Bound{}); err == nil && len(vs) > 0 {
		t.Errorf("strict: %d versions written", len(vs))
	}
	// Without the unknown name, strict imports.
	h, err = ReadDeepState(ctx, deepStateFixture(t, false), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := s.ImportDeepState(ctx, h, DeepStateConfig{ImportConfig: ImportConfig{Dataset: "ds"}, Strict: true}); err != nil || !res.Changed() {
		t.Errorf("strict, every name known: %+v, %v", res, err)
	}
}

// TestDeepStateBadInput: a file whose name is not a Unix time, and a
// broken polygon in a day's map, are problems; limits hold.
func TestDeepStateBadInput(t *testing.T) {
	ctx := context.Background()
	dir := deepStateFixture(t, false)
	os.WriteFile(filepath.Join(dir, "latest.geojson"), []byte(dsCollection()), 0o644)
	if _, err := ReadDeepState(ctx, dir, ReadOptions{}); !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), "latest.geojson") {
		t.Errorf("file name: got %v", err)
	}
	dir = deepStateFixture(t, false)
	os.WriteFile(filepath.Join(dir, "1737600000.geojson"), []byte(dsCollection(dsPolygon("Окуповано", "[[[37,48],[38,48],[38,49]]]"))), 0o644)
	if _, err := ReadDeepState(ctx, dir, ReadOptions{}); !errors.Is(err, geo.ErrInvalid) || !strings.Contains(err.Error(), "1737600000.geojson feature 0") {
		t.Errorf("broken polygon: got %v", err)
	}
	if _, err := ReadDeepState(ctx, deepStateFixture(t, false), ReadOptions{Limits: Limits{Files: 2}}); !errors.Is(err, geo.ErrTooLarge) {
		t.Errorf("limit of files: got %v", err)
	}
}

// TestDeepStateSample imports the sample: on 2025-01-20 the Russian-occupied
// area inside Ukraine is DeepStateMap's own figure (occupied, Crimea and
// ORDLO clipped to Ukraine's Natural Earth admin-1 units: 110,366 km²), the
// grey zone and the ground Ukraine holds in Russia are on the map, and a
// second import writes nothing.
func TestDeepStateSample(t *testing.T) {
	needHistory(t)
	ctx := context.Background()
	s := empty(t)
	cfg := DeepStateConfig{ImportConfig: ImportConfig{Dataset: "deepstate"}, Strict: true}
	res := mustImportDeepState(t, s, deepstateHistory, cfg)
	if res.Files != 22 || res.Snapshots != 11 || len(res.Unclassified) != 0 {
		t.Errorf("files %d, snapshots %d, unclassified %v; want 22, 11, none", res.Files, res.Snapshots, res.Unclassified)
	}
	st, err := s.Stats(ctx, "deepstate", geo.MustParseDay("2025-01-20"))
	if err != nil {
		t.Fatal(err)
	}
	fig := map[[2]string]geo.Figure{}
	for _, f := range st.Figures {
		fig[[2]string{f.Side.String(), f.Status.String()}] = f
	}
	t.Logf("2025-01-20: %+v", st.Figures)
	if got := fig[[2]string{"ru", "occupied"}].InsideKm2; math.Abs(got-110366) > 110366*0.001 {
		t.Errorf("ru occupied inside Ukraine: %.0f km², want 110,366 ± 0.1%%", got)
	}
	if f := fig[[2]string{"none", "contested"}]; f.AreaKm2 < 100 {
		t.Errorf("grey zone: %+v", f)
	}
	if f := fig[[2]string{"ua", "occupied"}]; f.AreaKm2 < 300 || f.InsideKm2 > 10 || len(f.Regions) != 1 || f.Regions[0] != DeepStateUAInRussia {
		t.Errorf("held by Ukraine in Russia: %+v", f)
	}
	if f := fig[[2]string{"ua", "liberated"}]; f.InsideKm2 < 30000 {
		t.Errorf("liberated: %+v", f)
	}
	// Kursk oblast (WGS84 areas of DeepStateMap's own polygons clipped to
	// Natural Earth's unit): ground Ukraine holds, 437 km² (liberated
	// polygons that cross the border are cut there), and the grey zone,
	// 187 km².
	by, err := s.StatsByOblast(ctx, "deepstate", geo.MustParseDay("2025-01-20"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range by.Areas {
		if a.ISO != "RU-KRS" {
			continue
		}
		in := map[[2]string]float64{}
		for _, f := range a.Figures {
			in[[2]string{f.Side.String(), f.Status.String()}] = f.InsideKm2
		}
		if got := in[[2]string{"ua", "occupied"}]; math.Abs(got-437) > 437*0.01 {
			t.Errorf("held by Ukraine in Kursk oblast: %.1f km², want 437 ± 1%%", got)
		}
		if got := in[[2]string{"none", "contested"}]; math.Abs(got-187) > 187*0.01 {
			t.Errorf("grey zone in Kursk oblast: %.1f km², want 187 ± 1%%", got)
		}
	}
	again := mustImportDeepState(t, s, deepstateHistory, cfg)
	if again.Changed() {
		t.Errorf("second import: %+v; want nothing written", again.ImportResult)
	}
}
