package main

// region is an entry of data/seed/regions.json.
type region struct {
	Slug    string   `json:"slug"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"` // admin, control, incursion or claim
	Country string   `json:"country"`
	ISO     string   `json:"iso,omitempty"` // the Natural Earth admin-1 unit whose outline the region has
	Aliases []string `json:"aliases"`
}

// oblast returns the admin region of a Ukrainian oblast. The aliases are
// nominative names: English spellings and transliterations, the Ukrainian and
// Russian names of the oblast and of its eponymous city. The gazetteer adds
// "X region" and the inflections.
func oblast(slug, name, iso string, aliases ...string) region {
	return region{Slug: slug, Name: name + " Oblast", Kind: "admin", Country: "UA", ISO: iso, Aliases: aliases}
}

// russian returns the admin region of a Russian oblast.
func russian(slug, name, iso string, aliases ...string) region {
	return region{Slug: slug, Name: name + " Oblast", Kind: "admin", Country: "RU", ISO: iso, Aliases: aliases}
}

// claim returns the region of a Russian annexation claim on a Ukrainian
// unit; it has no aliases so that the gazetteer links mentions to the unit.
func claim(slug, name, iso string) region {
	return region{Slug: slug, Name: "Russian annexation claim: " + name, Kind: "claim", Country: "UA", ISO: iso, Aliases: []string{}}
}

// regions lists the regions in the order of regions.json.
func regions() []region {
	return []region{
		{Slug: "crimea", Name: "Crimea", Kind: "admin", Country: "UA", ISO: "UA-43", Aliases: []string{
			"Crimea", "Crimean", "Krym", "Autonomous Republic of Crimea", "Republic of Crimea",
			"Крим", "Крым", "Республика Крым", "Автономна Республіка Крим", "Автономная Республика Крым"}},
		{Slug: "sevastopol", Name: "Sevastopol", Kind: "admin", Country: "UA", ISO: "UA-40", Aliases: []string{
			"Sevastopol", "Sebastopol", "Севастополь"}},
		{Slug: "kyiv-city", Name: "Kyiv", Kind: "admin", Country: "UA", ISO: "UA-30", Aliases: []string{
			"Kyiv", "Kiev", "Kyiv City", "City of Kyiv", "Київ", "Киев"}},
		oblast("kyiv-oblast", "Kyiv", "UA-32", "Kyiv Oblast", "Kiev Oblast", "Kyivska Oblast",
			"Kyiv region", "Kiev region", "Kyivshchyna", "Київська область", "Київщина", "Киевская область", "Киевщина"),
		oblast("cherkasy-oblast", "Cherkasy", "UA-71", "Cherkasy", "Cherkassy", "Cherkasy Oblast", "Cherkaska Oblast",
			"Черкаська область", "Черкащина", "Черкаси", "Черкасская область", "Черкассы"),
		oblast("chernihiv-oblast", "Chernihiv", "UA-74", "Chernihiv", "Chernigov", "Chernihiv Oblast", "Chernihivska Oblast",
			"Чернігівська область", "Чернігівщина", "Чернігів", "Черниговская область", "Чернигов"),
		oblast("chernivtsi-oblast", "Chernivtsi", "UA-77", "Chernivtsi", "Chernovtsy", "Czernowitz", "Chernivtsi Oblast",
			"Chernivetska Oblast", "Чернівецька область", "Чернівці", "Черновицкая область", "Черновцы"),
		oblast("dnipropetrovsk-oblast", "Dnipropetrovsk", "UA-12", "Dnipropetrovsk", "Dnepropetrovsk",
			"Dnipropetrovsk Oblast", "Dnipropetrovska Oblast", "Дніпропетровська область", "Дніпропетровщина",
			"Днепропетровская область", "Днепропетровщина"),
		oblast("donetsk-oblast", "Donetsk", "UA-14", "Donetsk", "Donetsk Oblast", "Donetska Oblast",
			"Donetsk People's Republic", "DPR", "DNR", "Донецька область", "Донеччина", "Донецьк",
			"Донецька Народна Республіка", "Донецкая область", "Донецк", "Донецкая Народная Республика", "ДНР"),
		oblast("ivano-frankivsk-oblast", "Ivano-Frankivsk", "UA-26", "Ivano-Frankivsk", "Ivano-Frankovsk",
			"Ivano-Frankivsk Oblast", "Ivano-Frankivska Oblast", "Prykarpattia", "Івано-Франківська область",
			"Прикарпаття", "Івано-Франківськ", "Ивано-Франковская область", "Ивано-Франковск"),
		oblast("kharkiv-oblast", "Kharkiv", "UA-63", "Kharkiv", "Kharkov", "Kharkiv Oblast", "Kharkivska Oblast",
			"Харківська область", "Харківщина", "Харків", "Харьковская область", "Харьков"),
		oblast("kherson-oblast", "Kherson", "UA-65", "Kherson", "Kherson Oblast", "Khersonska Oblast",
			"Херсонська область", "Херсонщина", "Херсон", "Херсонская область"),
		oblast("khmelnytskyi-oblast", "Khmelnytskyi", "UA-68", "Khmelnytskyi", "Khmelnytskyy", "Khmelnitsky",
			"Khmelnytskyi Oblast", "Khmelnytska Oblast", "Хмельницька область", "Хмельниччина", "Хмельницький",
			"Хмельницкая область", "Хмельницкий"),
		oblast("kirovohrad-oblast", "Kirovohrad", "UA-35", "Kirovohrad", "Kirovograd", "Kirovohrad Oblast",
			"Kirovohradska Oblast", "Kropyvnytskyi", "Кіровоградська область", "Кіровоградщина", "Кропивницький",
			"Кировоградская область", "Кропивницкий"),
		oblast("luhansk-oblast", "Luhansk", "UA-09", "Luhansk", "Lugansk", "Luhansk Oblast", "Lugansk Oblast",
			"Luhanska Oblast", "Luhansk People's Republic", "Lugansk People's Republic", "LPR", "LNR",
			"Луганська область", "Луганщина", "Луганськ", "Луганська Народна Республіка", "Луганская область",
			"Луганск", "Луганская Народная Республика", "ЛНР"),
		oblast("lviv-oblast", "Lviv", "UA-46", "Lviv", "Lvov", "Lwow", "Lemberg", "Lviv Oblast", "Lvivska Oblast",
			"Львівська область", "Львівщина", "Львів", "Львовская область", "Львов"),
		oblast("mykolaiv-oblast", "Mykolaiv", "UA-48", "Mykolaiv", "Mykolayiv", "Nikolaev", "Nikolayev",
			"Mykolaiv Oblast", "Mykolaivska Oblast", "Миколаївська область", "Миколаївщина", "Миколаїв",
			"Николаевская область", "Николаев"),
		oblast("odesa-oblast", "Odesa", "UA-51", "Odesa", "Odessa", "Odesa Oblast", "Odessa Oblast", "Odeska Oblast",
			"Одеська область", "Одещина", "Одеса", "Одесская область", "Одесса"),
		oblast("poltava-oblast", "Poltava", "UA-53", "Poltava", "Poltava Oblast", "Poltavska Oblast",
			"Полтавська область", "Полтавщина", "Полтава", "Полтавская область"),
		oblast("rivne-oblast", "Rivne", "UA-56", "Rivne", "Rovno", "Rivne Oblast", "Rivnenska Oblast",
			"Рівненська область", "Рівненщина", "Рівне", "Ровенская область", "Ровненская область", "Ровно"),
		oblast("sumy-oblast", "Sumy", "UA-59", "Sumy", "Sumy Oblast", "Sumska Oblast",
			"Сумська область", "Сумщина", "Суми", "Сумская область", "Сумы"),
		oblast("ternopil-oblast", "Ternopil", "UA-61", "Ternopil", "Ternopol", "Ternopil Oblast", "Ternopilska Oblast",
			"Тернопільська область", "Тернопільщина", "Тернопіль", "Тернопольская область", "Тернополь"),
		oblast("vinnytsia-oblast", "Vinnytsia", "UA-05", "Vinnytsia", "Vinnytsya", "Vinnitsa", "Vinnytsia Oblast",
			"Vinnytska Oblast", "Вінницька область", "Вінниччина", "Вінниця", "Винницкая область", "Винница"),
		oblast("volyn-oblast", "Volyn", "UA-07", "Volyn", "Volhynia", "Volyn Oblast", "Volynska Oblast",
			"Волинська область", "Волинь", "Волынская область", "Волынь"),
		oblast("zakarpattia-oblast", "Zakarpattia", "UA-21", "Zakarpattia", "Transcarpathia", "Zakarpattia Oblast",
			"Transcarpathian Oblast", "Zakarpatska Oblast", "Закарпатська область", "Закарпаття",
			"Закарпатская область", "Закарпатье"),
		oblast("zaporizhzhia-oblast", "Zaporizhzhia", "UA-23", "Zaporizhzhia", "Zaporizhia", "Zaporizhzhya",
			"Zaporozhye", "Zaporozhie", "Zaporizhzhia Oblast", "Zaporizhia Oblast", "Zaporizka Oblast",
			"Запорізька область", "Запоріжжя", "Запорожская область", "Запорожье"),
		oblast("zhytomyr-oblast", "Zhytomyr", "UA-18", "Zhytomyr", "Zhitomir", "Zhytomyr Oblast", "Zhytomyrska Oblast",
			"Житомирська область", "Житомирщина", "Житомир", "Житомирская область"),

		russian("kursk-oblast", "Kursk", "RU-KRS", "Kursk", "Kursk Oblast", "Kurskaya Oblast",
			"Курская область", "Курск", "Курська область", "Курщина"),
		russian("belgorod-oblast", "Belgorod", "RU-BEL", "Belgorod", "Belgorod Oblast", "Belgorodskaya Oblast",
			"Белгородская область", "Белгород", "Бєлгородська область", "Бєлгород"),
		russian("bryansk-oblast", "Bryansk", "RU-BRY", "Bryansk", "Bryansk Oblast", "Bryanskaya Oblast",
			"Брянская область", "Брянск", "Брянська область", "Брянськ"),
		russian("rostov-oblast", "Rostov", "RU-ROS", "Rostov", "Rostov-on-Don", "Rostov Oblast", "Rostovskaya Oblast",
			"Ростовская область", "Ростов", "Ростов-на-Дону", "Ростовська область"),
		russian("voronezh-oblast", "Voronezh", "RU-VOR", "Voronezh", "Voronezh Oblast", "Voronezhskaya Oblast",
			"Воронежская область", "Воронеж", "Воронезька область"),

		{Slug: "kursk-incursion", Name: "Kursk incursion", Kind: "incursion", Country: "RU", Aliases: []string{
			"Kursk incursion", "Kursk offensive", "Kursk operation", "Sudzha",
			"Курская операция", "Курське вторгнення", "Суджа"}},
		{Slug: "contested", Name: "Contested ground (fighting reported)", Kind: "control", Country: "UA", Aliases: []string{}},

		{Slug: "claim-crimea", Name: "Russian annexation claim: Crimea and Sevastopol", Kind: "claim", Country: "UA", Aliases: []string{}},
		claim("claim-donetsk-oblast", "Donetsk Oblast", "UA-14"),
		claim("claim-luhansk-oblast", "Luhansk Oblast", "UA-09"),
		claim("claim-zaporizhzhia-oblast", "Zaporizhzhia Oblast", "UA-23"),
		claim("claim-kherson-oblast", "Kherson Oblast", "UA-65"),
	}
}

// mainland lists the slugs and units of Ukraine's mainland oblasts that
// Russia held ground in since 2014; the drawn occupied areas are split over
// these (and only these) units. A local unit counts only the parts drawn
// for it alone (only(iso, ...)): the fronts' big polygons reach over
// Dnipropetrovsk oblast, which Russian forces first entered in 2025.
var mainland = []struct {
	slug, iso string
	local     bool
}{
	{"chernihiv-oblast", "UA-74", false},
	{"dnipropetrovsk-oblast", "UA-12", true},
	{"donetsk-oblast", "UA-14", false},
	{"kharkiv-oblast", "UA-63", false},
	{"kherson-oblast", "UA-65", false},
	{"kyiv-oblast", "UA-32", false},
	{"luhansk-oblast", "UA-09", false},
	{"mykolaiv-oblast", "UA-48", false},
	{"sumy-oblast", "UA-59", false},
	{"zaporizhzhia-oblast", "UA-23", false},
}
