package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/frontline-map/frontline/data/gen/internal/gendir"
	"github.com/frontline-map/frontline/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// townName is a line of townNamesTable: the Ukrainian and Russian names of
// a town of rank 2 or 3, entered by hand.
type townName struct {
	Name   string   // the town's name: KMU 2010 of UK in Ukraine, GeoNames' in Russia
	Admin1 string   // the town's unit, given only where two towns share Name
	UK, RU string   // the Cyrillic names
	Also   []string // older and other spellings, Latin or Cyrillic; GeoNames' spelling where Name differs
}

// parseTownNames reads lines "Name[@ADMIN1] | uk | ru [| also, also]";
// blank lines and lines starting with # are skipped.
func parseTownNames(table string) ([]townName, error) {
	var out []townName
	for i, line := range strings.Split(table, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) < 3 || len(f) > 4 {
			return nil, fmt.Errorf("town names line %d: %q: want Name | uk | ru [| also]", i+1, line)
		}
		for j := range f {
			f[j] = strings.TrimSpace(f[j])
		}
		n := townName{Name: f[0], UK: f[1], RU: f[2]}
		n.Name, n.Admin1, _ = strings.Cut(n.Name, "@")
		if len(f) == 4 {
			for _, a := range strings.Split(f[3], ",") {
				n.Also = append(n.Also, strings.TrimSpace(a))
			}
		}
		out = append(out, n)
	}
	return out, nil
}

// nameTowns gives the towns of rank 2 and 3 their names of the table,
// renaming a town known by one of the line's other spellings (GeoNames'
// Odessa is Odesa), and the others those of places.json (the same name
// within 5 km) and Natural Earth's Russian names (the same GeoNames id).
func nameTowns(ts []town, names []townName, places []geo.Place, ne map[int]string) error {
	for _, n := range names {
		var hit []int
		for i, t := range ts {
			if t.Rank <= 3 && (n.Admin1 == "" || t.Admin1 == n.Admin1) && (t.Name == n.Name || contains(n.Also, t.Name)) {
				hit = append(hit, i)
			}
		}
		if len(hit) == 0 {
			return fmt.Errorf("town names: %s@%s names no town of rank 2 or 3", n.Name, n.Admin1)
		}
		for _, i := range hit { // GeoNames has a few towns twice (Rossosh), the seed's list one (Zaporizhzhia)
			t := &ts[i]
			if d := distanceKm(orb.Point{t.Lon, t.Lat}, orb.Point{ts[hit[0]].Lon, ts[hit[0]].Lat}); d > sameTownKm {
				return fmt.Errorf("town names: %s@%s names towns %.0f km apart: give the admin-1 unit", n.Name, n.Admin1, d)
			}
			t.Name, t.NameUK, t.NameRU, t.Variants = n.Name, n.UK, n.RU, n.Also
		}
	}
	for i := range ts {
		t := &ts[i]
		for _, p := range places {
			if t.NameUK == "" && p.Name == t.Name && distanceKm(orb.Point{t.Lon, t.Lat}, p.Point()) <= 5 {
				t.NameUK, t.NameRU = p.NameUK, p.NameRU
			}
		}
		if ru := ne[t.geonameid]; t.NameRU == "" && ru != "" {
			t.NameRU = ru
		}
	}
	return nil
}

// sameTownKm is how close two towns of one name are the same town.
const sameTownKm = 10

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// readSeedPlaces reads data/seed/places.json, the major places' names.
func readSeedPlaces() ([]geo.Place, error) {
	b, err := os.ReadFile(filepath.Join(gendir.Seed(), "places.json"))
	if err != nil {
		return nil, err
	}
	var ps []geo.Place
	return ps, json.Unmarshal(b, &ps)
}

// naturalEarthRU reads the Russian names of Natural Earth's populated
// places (public domain) from the extracts, by GeoNames id.
func naturalEarthRU(fc *geojson.FeatureCollection) map[int]string {
	out := map[int]string{}
	for _, f := range fc.Features {
		id, ru := f.Properties.MustFloat64("GEONAMEID", 0), f.Properties.MustString("NAME_RU", "")
		if id > 0 && ru != "" {
			out[int(id)] = ru
		}
	}
	return out
}

// townNamesTable is the Cyrillic names of the towns of rank 2 and 3 that
// places.json does not name, entered by hand (see parseTownNames). A
// Ukrainian town's name is the romanisation of its Ukrainian one
// (geo.Romanize), which TestTownNames checks.
const townNamesTable = `
# Ukraine: the oblast centres and towns of the front places.json names,
# with their older and other spellings
Kyiv | Київ | Киев | Kiev
Kharkiv | Харків | Харьков | Kharkov
Dnipro | Дніпро | Днепр | Dnipropetrovsk, Dnepropetrovsk, Дніпропетровськ, Днепропетровск
Lviv | Львів | Львов | Lvov
Mykolaiv@UA-48 | Миколаїв | Николаев | Nikolaev, Nikolayev
Luhansk | Луганськ | Луганск | Lugansk
Chernihiv | Чернігів | Чернигов | Chernigov
Rivne | Рівне | Ровно | Rovno
Kremenchuk | Кременчук | Кременчуг | Kremenchug
Kropyvnytskyi | Кропивницький | Кропивницкий | Kirovohrad, Kirovograd, Кіровоград, Кировоград
Horlivka | Горлівка | Горловка | Gorlovka
Sievierodonetsk | Сєвєродонецьк | Северодонецк | Severodonetsk, Sieverodonetsk
Sloviansk | Слов'янськ | Славянск | Slavyansk, Slovyansk
Lysychansk | Лисичанськ | Лисичанск | Lisichansk
Kostiantynivka | Костянтинівка | Константиновка | Kostyantynivka, Konstantinovka
Bakhmut | Бахмут | Бахмут | Artemivsk, Artemovsk, Артемівськ, Артёмовск
Pokrovsk@UA-14 | Покровськ | Покровск | Krasnoarmiisk, Krasnoarmeysk, Красноармійськ, Красноармейск
Toretsk | Торецьк | Торецк | Dzerzhynsk, Dzerzhinsk, Дзержинськ, Дзержинск
Avdiivka | Авдіївка | Авдеевка | Avdeevka, Avdeyevka
Kupiansk | Куп'янськ | Купянск | Kupyansk
Debaltseve | Дебальцеве | Дебальцево | Debaltsevo
Lyman@UA-14 | Лиман | Лиман | Krasnyi Lyman, Krasny Liman, Красний Лиман, Красный Лиман
Kreminna | Кремінна | Кременная | Kremennaya
Kurakhove | Курахове | Курахово | Kurakhovo
Vovchansk | Вовчанськ | Волчанск | Volchansk
Svatove | Сватове | Сватово | Svatovo
Huliaipole | Гуляйполе | Гуляйполе | Hulyaypole, Gulyaypole
Chasiv Yar | Часів Яр | Часов Яр | Chasov Yar
Orikhiv | Оріхів | Орехов | Orekhov
Robotyne | Роботине | Работино | Rabotino
Vuhledar | Вугледар | Угледар | Ugledar
Enerhodar | Енергодар | Энергодар | Energodar
Izium | Ізюм | Изюм | Izyum
Berdiansk | Бердянськ | Бердянск | Berdyansk
Chornobyl | Чорнобиль | Чернобыль | Chernobyl
Zaporizhzhia | Запоріжжя | Запорожье | Zaporizhia, Zaporozhye, Zaporozhe

# Ukraine: the other towns of rank 2 and 3
Odesa | Одеса | Одесса | Odessa
Makiivka | Макіївка | Макеевка | Makiyivka, Makeevka, Makeyevka
Kamianske | Кам'янське | Каменское | Dniprodzerzhynsk, Dneprodzerzhinsk, Дніпродзержинськ, Днепродзержинск
Bila Tserkva | Біла Церква | Белая Церковь
Uzhhorod | Ужгород | Ужгород | Uzhgorod
Alchevsk | Алчевськ | Алчевск | Kommunarsk
Pavlohrad | Павлоград | Павлоград | Pavlograd
Yevpatoriia | Євпаторія | Евпатория | Yevpatoriya, Evpatoria
Yenakiieve | Єнакієве | Енакиево | Yenakiyeve, Yenakiyevo, Enakievo
Oleksandriia | Олександрія | Александрия | Oleksandriya, Aleksandriya
Kamianets-Podilskyi | Кам'янець-Подільський | Каменец-Подольский
Konotop | Конотоп | Конотоп
Khrustalnyi | Хрустальний | Хрустальный | Krasnyy Luch, Krasnyi Luch, Красний Луч, Красный Луч
Brovary | Бровари | Бровары
Uman | Умань | Умань
Berdychiv | Бердичів | Бердичев | Berdichev
Shostka | Шостка | Шостка
Kadiivka | Кадіївка | Кадиевка | Kadiyivka, Stakhanov, Стаханов
Sheptytskyi | Шептицький | Шептицкий | Chervonohrad, Chervonograd, Червоноград
Mukachevo | Мукачево | Мукачево | Mukacheve, Мукачеве
Drohobych | Дрогобич | Дрогобыч
Yalta | Ялта | Ялта
Nizhyn | Ніжин | Нежин
Samar | Самар | Самар | Novomoskovsk, Новомосковськ, Новомосковск
Shakhtarsk | Шахтарськ | Шахтёрск
Pervomaisk@UA-48 | Первомайськ | Первомайск | Pervomaysk
Feodosiia | Феодосія | Феодосия | Feodosiya, Feodosia
Chystiakove | Чистякове | Чистяково | Chystyakove, Torez, Торез
Dovzhansk | Довжанськ | Довжанск | Sverdlovsk, Свердловськ, Свердловск
Kalush | Калуш | Калуш
Smila | Сміла | Смела
Kovel | Ковель | Ковель
Korosten | Коростень | Коростень
Khartsyzk | Харцизьк | Харцызск
Rubizhne | Рубіжне | Рубежное | Rubezhnoye
Pryluky | Прилуки | Прилуки
Druzhkivka | Дружківка | Дружковка
Lozova | Лозова | Лозовая
Kolomyia | Коломия | Коломыя
Antratsyt | Антрацит | Антрацит
Stryi | Стрий | Стрый
Novovolynsk | Нововолинськ | Нововолынск
Zviahel | Звягель | Звягель | Novohrad-Volynskyi, Новоград-Волинський, Новоград-Волынский
Snizhne | Сніжне | Снежное
Boryspil | Бориспіль | Борисполь
Chornomorsk | Чорноморськ | Черноморск | Illichivsk, Іллічівськ, Ильичёвск
Rovenky | Ровеньки | Ровеньки
Lubny | Лубни | Лубны
Brianka | Брянка | Брянка | Bryanka
Horishni Plavni | Горішні Плавні | Горишние Плавни | Komsomolsk, Комсомольськ
Zhovti Vody | Жовті Води | Жёлтые Воды
Fastiv | Фастів | Фастов
Marhanets | Марганець | Марганец
Bilhorod-Dnistrovskyi | Білгород-Дністровський | Белгород-Днестровский
Okhtyrka | Охтирка | Ахтырка
Myrnohrad | Мирноград | Мирноград | Dymytrov, Димитров
Sorokyne | Сорокине | Сорокино | Krasnodon, Краснодон
Romny | Ромни | Ромны
Svitlovodsk | Світловодськ | Светловодск
Shepetivka | Шепетівка | Шепетовка
Voznesensk | Вознесенськ | Вознесенск
Varash | Вараш | Вараш | Kuznetsovsk, Кузнецовськ
Dzhankoi | Джанкой | Джанкой | Dzhankoy
Pervomaisk@UA-09 | Первомайськ | Первомайск
Myrhorod | Миргород | Миргород
Irpin | Ірпінь | Ирпень
Podilsk | Подільськ | Подольск | Kotovsk, Котовськ
Holubivka | Голубівка | Голубовка | Kirovsk, Кіровськ, Кировск
Vasylkiv | Васильків | Васильков
Pivdennoukrainsk | Південноукраїнськ | Южноукраинск | Yuzhnoukrainsk, Южноукраїнськ
Volodymyr | Володимир | Владимир | Volodymyr-Volynskyi, Володимир-Волинський, Владимир-Волынский
Dubno | Дубно | Дубно
Yasynuvata | Ясинувата | Ясиноватая
Kakhovka | Каховка | Каховка
Boryslav | Борислав | Борислав
Pereiaslav | Переяслав | Переяслав | Pereiaslav-Khmelnytskyi, Переяслав-Хмельницький, Переяслав-Хмельницкий
Chuhuiv | Чугуїв | Чугуев
Dobropillia | Добропілля | Доброполье | Dobropillya
Zhmerynka | Жмеринка | Жмеринка
Hlukhiv | Глухів | Глухов
Sambir | Самбір | Самбор
Boiarka | Боярка | Боярка | Boyarka
Dolynska | Долинська | Долинская
Starokostiantyniv | Старокостянтинів | Староконстантинов
Vyshneve | Вишневе | Вишнёвое
Slavuta | Славута | Славута
Netishyn | Нетішин | Нетешин
Mohyliv-Podilskyi | Могилів-Подільський | Могилёв-Подольский
Synelnykove | Синельникове | Синельниково
Obukhiv | Обухів | Обухов
Balakliia | Балаклія | Балаклея
Yany Kapu | Яни Капу | Красноперекопск | Krasnoperekopsk, Красноперекопськ
Kostopil | Костопіль | Костополь
Pervomaiskyi | Первомайський | Первомайский | Pervomayskyy
Oleshky | Олешки | Алёшки | Tsiurupynsk, Цюрупинськ
Lebedyn | Лебедин | Лебедин
Popasna | Попасна | Попасная
Selydove | Селидове | Селидово
Dokuchaievsk | Докучаєвськ | Докучаевск
Volnovakha | Волноваха | Волноваха
Vyshhorod | Вишгород | Вышгород
Starobilsk | Старобільськ | Старобельск
Polohy | Пологи | Пологи
Ochakiv | Очаків | Очаков
Hola Prystan | Гола Пристань | Голая Пристань
Vasylivka | Василівка | Васильевка
Beryslav | Берислав | Берислав
Snihurivka | Снігурівка | Снигирёвка
Siversk | Сіверськ | Северск
Shchastia | Щастя | Счастье
Stanytsia Luhanska | Станиця Луганська | Станица Луганская
Soledar | Соледар | Соледар
Hostomel | Гостомель | Гостомель
Svitlodarsk | Світлодарськ | Светлодарск
Novoazovsk | Новоазовськ | Новоазовск
Borodianka | Бородянка | Бородянка
Makariv | Макарів | Макаров
Rodynske | Родинське | Родинское
Ivankiv | Іванків | Иванков
Marinka | Мар'їнка | Марьинка
Velyka Lepetykha | Велика Лепетиха | Великая Лепетиха
Kozelets | Козелець | Козелец
Trostianets | Тростянець | Тростянец
Novovorontsovka | Нововоронцовка | Нововоронцовка
Borova | Борова | Боровая
Sviatohirsk | Святогірськ | Святогорск
Velykyi Burluk | Великий Бурлук | Великий Бурлук
Vysokopillia | Високопілля | Высокополье
Dvorichna | Дворічна | Двуречная
Staryi Saltiv | Старий Салтів | Старый Салтов
Mala Tokmachka | Мала Токмачка | Малая Токмачка
Bilohorivka | Білогорівка | Белогоровка
Kozacha Lopan | Козача Лопань | Казачья Лопань
Krasnohorivka | Красногорівка | Красногоровка
Novoaidar | Новоайдар | Новоайдар
Shyrokyne | Широкине | Широкино
Stepnohirsk | Степногірськ | Степногорск
Velyka Novosilka | Велика Новосілка | Великая Новосёлка
Zaporizke | Запорізьке | Запорожское
Zolote | Золоте | Золотое

# Russia: GeoNames' names; the Ukrainian names are the exonyms
Rostov-na-Donu | Ростов-на-Дону | Ростов-на-Дону | Rostov-on-Don
Lipetsk | Липецьк | Липецк
Orël | Орел | Орёл | Oryol, Orel
Novorossiysk | Новоросійськ | Новороссийск
Staryy Oskol | Старий Оскол | Старый Оскол | Stary Oskol
Shakhty | Шахти | Шахты
Novocherkassk | Новочеркаськ | Новочеркасск
Maykop | Майкоп | Майкоп
Yelets | Єлець | Елец
Bataysk | Батайськ | Батайск
Novoshakhtinsk | Новошахтинськ | Новошахтинск
Zheleznogorsk | Залізногорськ | Железногорск
Michurinsk | Мічурінськ | Мичуринск
Yeysk | Єйськ | Ейск
Gubkin | Губкін | Губкин
Azov | Азов | Азов
Kropotkin | Кропоткін | Кропоткин
Kamensk-Shakhtinskiy | Каменськ-Шахтинський | Каменск-Шахтинский
Klintsy | Клинці | Клинцы
Gukovo | Гуково | Гуково
Slavyansk-na-Kubani | Слов'янськ-на-Кубані | Славянск-на-Кубани
Tikhoretsk | Тихорецьк | Тихорецк
Rossosh | Россош | Россошь
Tuapse | Туапсе | Туапсе
Labinsk | Лабінськ | Лабинск
Krymsk | Кримськ | Крымск
Liski | Лиски | Лиски
Belorechensk | Білореченськ | Белореченск
Timashëvsk | Тимашевськ | Тимашёвск | Timashevsk
Anapa | Анапа | Анапа
Livny | Лівни | Ливны
Donetsk@RU-ROS | Донецьк | Донецк
Gelendzhik | Геленджик | Геленджик
Kurganinsk | Курганінськ | Курганинск
Belaya Kalitva | Біла Калитва | Белая Калитва
Gryazi | Грязі | Грязи
Kurchatov | Курчатов | Курчатов
Kanevskaya | Канівська | Каневская
Shebekino | Шебекіно | Шебекино
Krasnyy Sulin | Красний Сулин | Красный Сулин
Ust-Labinsk | Усть-Лабінськ | Усть-Лабинск
Novozybkov | Новозибков | Новозыбков
Korenovsk | Кореновськ | Кореновск
Apsheronsk | Апшеронськ | Апшеронск
Alekseyevka@RU-BEL | Олексіївка | Алексеевка
Aksay | Аксай | Аксай
Leningradskaya | Ленінградська | Ленинградская
Millerovo | Міллерово | Миллерово
Novovoronezh | Нововоронеж | Нововоронеж
Temryuk | Темрюк | Темрюк
Valuyki | Валуйки | Валуйки
Gulkevichi | Гулькевичі | Гулькевичи
Abinsk | Абінськ | Абинск
Dinskaya | Дінська | Динская
Ostrogozhsk | Острогозьк | Острогожск
Yablonovskiy | Яблоновський | Яблоновский
Primorsko-Akhtarsk | Приморсько-Ахтарськ | Приморско-Ахтарск
Pavlovskaya | Павловська | Павловская
Starominskaya | Старомінська | Староминская
`
