package geo

import (
	"errors"
	"reflect"
	"testing"
)

func TestRomanize(t *testing.T) {
	for in, want := range map[string]string{
		"Харків": "Kharkiv", "Запоріжжя": "Zaporizhzhia", "Гуляйполе": "Huliaipole", "Куп'янськ": "Kupiansk",
		"Купʼянськ": "Kupiansk", "Єнакієве": "Yenakiieve", "Ясинувата": "Yasynuvata", "Згурівка": "Zghurivka",
		"Щастя": "Shchastia", "Біла Церква": "Bila Tserkva", "Юріївка": "Yuriivka", "Київ": "Kyiv",
		"Ґорґани": "Gorgany", "ЩАСТЯ": "SHCHASTIA", "Купянск": "Kupiansk", "Kyiv 2": "Kyiv 2", "Яни Капу": "Yany Kapu",
	} {
		if got := Romanize(in); got != want {
			t.Errorf("Romanize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaceKey(t *testing.T) {
	same := [][]string{
		{"Kupiansk", "Kupyansk", "Kupjansk", "KUPIANSK", "Куп'янськ", "Купянск"},
		{"Huliaipole", "Hulyaypole", "Гуляйполе", "Gulyaypole"},
		{"Sievierodonetsk", "Severodonetsk", "Сєвєродонецьк", "Северодонецк"},
		{"Orël", "Orel", "Орёл"},
		{"Staryy Oskol", "Stary Oskol", "Старый Оскол", "Старий Оскол"},
		{"Rostov-na-Donu", "Rostov na Donu", "Ростов-на-Дону"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if PlaceKey(s) != PlaceKey(group[0]) {
				t.Errorf("PlaceKey(%q) = %q, PlaceKey(%q) = %q: want the same", s, PlaceKey(s), group[0], PlaceKey(group[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"Bakhmut", "Artemivsk"}, {"Kherson", "Khersones"}, {"Pervomaisk", "Pervomaiske"}} {
		if PlaceKey(pair[0]) == PlaceKey(pair[1]) {
			t.Errorf("%q and %q have the same key %q", pair[0], pair[1], PlaceKey(pair[0]))
		}
	}
}

// testTowns are a few towns as data/seed gives them: ranked, then by population.
var testTowns = []Place{
	{Name: "Kharkiv", NameUK: "Харків", NameRU: "Харьков", Rank: 2, Lon: 36.25, Lat: 49.98, Admin1: "UA-63", Oblast: "Kharkiv", Variants: []string{"Kharkov"}},
	{Name: "Donetsk", NameUK: "Донецьк", NameRU: "Донецк", Rank: 2, Lon: 37.80, Lat: 48.02, Admin1: "UA-14", Oblast: "Donetsk"},
	{Name: "Bakhmut", NameUK: "Бахмут", NameRU: "Бахмут", Rank: 3, Lon: 38.00, Lat: 48.59, Admin1: "UA-14", Oblast: "Donetsk", Variants: []string{"Artemivsk", "Артёмовск"}},
	{Name: "Kupiansk", NameUK: "Куп'янськ", NameRU: "Купянск", Rank: 3, Lon: 37.61, Lat: 49.71, Admin1: "UA-63", Oblast: "Kharkiv", Variants: []string{"Kupyansk"}},
	{Name: "Pervomaisk", NameUK: "Первомайськ", Rank: 3, Lon: 30.85, Lat: 48.04, Admin1: "UA-48", Oblast: "Mykolaiv"},
	{Name: "Pervomaisk", NameUK: "Первомайськ", Rank: 3, Lon: 38.55, Lat: 48.63, Admin1: "UA-09", Oblast: "Luhansk"},
	{Name: "Zaporizhzhia", Rank: 3, Lon: 35.14, Lat: 47.84, Admin1: "UA-23", Oblast: "Zaporizhzhia"},
	{Name: "Donetsk", Rank: 3, Lon: 40.03, Lat: 48.34, Admin1: "RU-ROS", Oblast: "Rostov", Country: "RU"},
	{Name: "Zaporizhzhia", Rank: 3, Lon: 35.18, Lat: 47.82, Admin1: "UA-23", Oblast: "Zaporizhzhia", Variants: []string{"Zaporizhia"}},
	{Name: "Oleksandrivka", Rank: 4, Lon: 32.23, Lat: 48.67, Admin1: "UA-35", Oblast: "Kirovohrad"},
	{Name: "Oleksandrivka", Rank: 4, Lon: 30.55, Lat: 46.70, Admin1: "UA-51", Oblast: "Odesa"},
	{Name: "Pokrovske", Rank: 4, Lon: 36.23, Lat: 47.98, Admin1: "UA-12", Oblast: "Dnipropetrovsk"},
}

func TestPlaceIndexResolve(t *testing.T) {
	ix := NewPlaceIndex(testTowns)
	for q, want := range map[string]int{
		"Kupiansk": 3, "kupyansk": 3, "Куп'янськ": 3, "Купянск": 3, "Kupjansk": 3,
		"Bakhmut": 2, "Artemivsk": 2, "Артёмовск": 2, "Артемовск": 2, "Бахмут": 2,
		"Kharkov": 0, "Харьков": 0, "Харків": 0,
		"Donetsk":             1, // the city of rank 2, not Russia's town of rank 3
		"Zaporizhzhia":        6, // the seed's and GeoNames' Zaporizhzhia, 3 km apart: one town
		"Pervomaisk, Luhansk": 5, "Pervomaisk, ua-48": 4, "Oleksandrivka, Odesa": 10,
		"Donetsk, Rostov": 7,
		"Покровське":      11, // no Cyrillic name given: romanised
	} {
		p, err := ix.Resolve(q)
		if err != nil || !reflect.DeepEqual(p, testTowns[want]) {
			t.Errorf("Resolve(%q) = %s (%s), %v; want %s (%s)", q, p.Name, p.Oblast, err, testTowns[want].Name, testTowns[want].Oblast)
		}
	}
	_, err := ix.Resolve("Pervomaisk")
	var amb *AmbiguousPlaceError
	if !errors.As(err, &amb) || !errors.Is(err, ErrInvalid) || len(amb.Candidates) != 2 || amb.Candidates[0].Oblast != "Mykolaiv" || amb.Candidates[1].Oblast != "Luhansk" {
		t.Errorf("Resolve(Pervomaisk): %v, want the two Pervomaisks", err)
	}
	_, err = ix.Resolve("Kupiansc")
	var unk *UnknownPlaceError
	if !errors.As(err, &unk) || !errors.Is(err, ErrNotFound) || len(unk.Nearest) == 0 || unk.Nearest[0] != "Kupiansk" {
		t.Errorf("Resolve(Kupiansc): %v, want unknown, nearest Kupiansk", err)
	}
	if _, err = ix.Resolve("Pervomaisk, Kherson"); !errors.As(err, &unk) {
		t.Errorf("Resolve(Pervomaisk, Kherson): %v, want unknown", err)
	}
	if _, err = ix.Resolve("Qwertyuiop"); !errors.As(err, &unk) || len(unk.Nearest) != 0 {
		t.Errorf("Resolve(Qwertyuiop): %v, want unknown with no spelling near", err)
	}
}

func TestPlaceIndexSearch(t *testing.T) {
	ix := NewPlaceIndex(testTowns)
	names := func(ms []PlaceMatch) (out []string) {
		for _, m := range ms {
			out = append(out, m.Name+"/"+m.Matched)
		}
		return out
	}
	for q, want := range map[string][]string{
		"don":     {"Donetsk/Donetsk", "Donetsk/Donetsk"},
		"Купя":    {"Kupiansk/Kupiansk"},
		"Хар":     {"Kharkiv/Kharkiv"},
		"pokrov":  {"Pokrovske/Pokrovske"},
		"tem":     {"Bakhmut/Artemivsk"}, // inside a name, three letters or more
		"donetsk": {"Donetsk/Donetsk", "Donetsk/Donetsk"},
		"":        nil,
		"xyz":     nil,
	} {
		if got := names(ix.Search(q, 10)); !reflect.DeepEqual(got, want) {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
		}
	}
	if got := ix.Search("p", 2); len(got) != 2 || got[0].Name != "Pervomaisk" {
		t.Errorf("Search(p, 2) = %v, want two, the Pervomaisks first", names(got))
	}
}

func TestPlaceAround(t *testing.T) {
	b := testTowns[3].Around(30)
	if h := (b.Max[1] - b.Min[1]) * kmPerDegree; h < 59.9 || h > 60.1 {
		t.Errorf("30 km around Kupiansk: %.1f km north to south, want 60", h)
	}
	if w := (b.Max[0] - b.Min[0]) * kmPerDegree * 0.6468; w < 59 || w > 61 { // cos 49.71°
		t.Errorf("30 km around Kupiansk: %.1f km west to east, want 60", w)
	}
}
