package deepstate

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/frontline-map/frontline/geo"
)

// historySample is the sample of DeepStateMap's raw history beside the
// project (22 files of 11 days; never committed here); the tests that need
// it skip where it is absent.
const historySample = "../../../shared/data/deepstate-history/deepstate-history-sample.tar.gz"

func needHistory(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(historySample); err != nil {
		t.Skipf("DeepStateMap history sample not found at %s: skipping", historySample)
	}
}

const (
	dsUnclassified = Unclassified
	dsSkip         = Skip
	dsOccupied     = Occupied
	dsContested    = Contested
	dsLiberated    = Liberated
)

// sampleNames is every polygon name of the sample (all 22 files,
// not only the last of each day), as it is written there, with its class.
// Unclassified on purpose: "Багатокутник 11" ("Polygon 11", an editor's
// unnamed shape; only in two early snapshots of 2022-04-03 that a later
// one of the day replaces).
var sampleNames = []struct {
	name  string
	class Class
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

// TestSampleNames: every polygon name of the sample has the class
// the table gives, and the table lists exactly the sample's names.
func TestSampleNames(t *testing.T) {
	needHistory(t)
	f, err := os.Open(historySample)
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
		polys, ps, err := parseFile(h.Name, body)
		if err != nil {
			t.Fatal(err)
		}
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
	want := map[string]Class{}
	for _, c := range sampleNames {
		want[c.name] = c.class
		if got := Classify(c.name); got != c.class {
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

// TestRules: the tags win over the words, an unknown tag is
// unclassified whatever the words, white space and case do not matter.
func TestRules(t *testing.T) {
	for name, want := range map[string]Class{
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
		if got := Classify(name); got != want {
			t.Errorf("%q: got %s, want %s", name, got, want)
		}
	}
}

// TestDates: the days a name gives, and their year.
func TestDates(t *testing.T) {
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
		for _, dt := range datesOf(c.name) {
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

func TestStamp(t *testing.T) {
	for name, want := range map[string]bool{
		"1737410164.geojson": true, "deepstate-history/1737410164.geojson": true, "1648989208.json": true,
		"latest.geojson": false, "2025-01-20.geojson": false, "99.geojson": false, "1737410164a.geojson": false,
	} {
		if _, got := Stamp(name); got != want {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
}
