package main

// The events of 2014-2015 and 2022. Coordinates are GeoNames' (the seed's
// towns.json) unless the note says "~": placed by hand, to about 2 km.
// A day the sources do not agree on to within 3 days says so in its note
// ("day uncertain").

// wikiTimeline is the English Wikipedia's timeline of the war in Donbas
// for a period, e.g. "April–June 2014".
func wikiTimeline(period string) source {
	return source{Outlet: "Wikipedia", Title: "Timeline of the war in Donbas (" + period + ")"}
}

func events2014() []event {
	return []event{
		ev("Sloviansk", 37.61667, 48.86667, kmCity, captured, "2014-04-12", wiki("Siege of Sloviansk"),
			"armed men led by Igor Girkin seized the town's police and security-service buildings on 12 April 2014"),
		ev("Kramatorsk", 37.55629, 48.72305, kmCity, captured, "2014-04-12", wikiTimeline("April–June 2014"),
			"the town's police headquarters seized on 12-13 April 2014, as in Sloviansk"),
		ev("Mariupol", 37.54131, 47.09514, kmCity, liberated, "2014-06-13", source{Outlet: "Wikipedia", Title: "Battle of Mariupol (2014)"},
			"Ukraine's forces retook the separatist-held buildings and the city on 13 June 2014"),
		ev("Sloviansk", 37.61667, 48.86667, kmCity, liberated, "2014-07-05", wiki("Siege of Sloviansk"),
			"the armed groups left overnight; Ukraine's president announced the town retaken on 5 July 2014"),
		ev("Kramatorsk", 37.55629, 48.72305, kmCity, liberated, "2014-07-05", wikiTimeline("July–September 2014"),
			"abandoned with Sloviansk on 5 July 2014, Ukraine's forces entered the same day"),
		ev("Sievierodonetsk", 38.49166, 48.94832, kmTown, liberated, "2014-07-22", wikiTimeline("July–September 2014"),
			"retaken by Ukraine's forces on 22 July 2014"),
		ev("Lysychansk", 38.44207, 48.90485, kmTown, liberated, "2014-07-24", wikiTimeline("July–September 2014"),
			"Ukraine's forces entered the city on 24 July 2014 (some accounts: 25 July)"),
		ev("Novoazovsk", 38.08599, 47.11389, kmTown, captured, "2014-08-27", source{Outlet: "Wikipedia", Title: "Novoazovsk offensive"},
			"taken by Russian and separatist forces advancing from the Russian border on 27 August 2014"),
		ev("Donetsk Airport", 37.7397, 48.0736, kmVillage, captured, "2015-01-22", wiki("Second Battle of Donetsk Airport"),
			"~ the new terminal; Ukraine's last defenders withdrew on 21-22 January 2015 after the terminal was blown up"),
		ev("Debaltseve", 38.4049, 48.34072, kmTown, captured, "2015-02-18", wiki("Battle of Debaltseve"),
			"Ukraine's president announced the withdrawal from the encircled town on 18 February 2015"),
	}
}

func events2022() []event {
	return []event{
		ev("Chornobyl", 30.224, 51.276, kmTown, captured, "2022-02-24", source{Outlet: "Wikipedia", Title: "Capture of Chernobyl"},
			"the exclusion zone and the plant taken on the first day of the invasion"),
		ev("Nova Kakhovka", 33.34864, 46.75451, kmTown, captured, "2022-02-24", source{Outlet: "Wikipedia", Title: "Southern Ukraine campaign"},
			"the dam and the town taken from Crimea on the first day"),
		ev("Hostomel Airport", 30.1919, 50.6035, kmVillage, captured, "2022-02-25", wiki("Battle of Antonov Airport"),
			"~ the airfield; assaulted from the air on 24 February, held by Russian forces from 25 February 2022"),
		ev("Melitopol", 35.36533, 46.84891, kmCity, captured, "2022-02-26", isw("2022-02-26"),
			"Russia's defence ministry claimed the city on 26 February; its mayor described the occupation from 1 March: day uncertain by up to 3 days"),
		ev("Kupiansk", 37.61517, 49.71055, kmTown, captured, "2022-02-27", isw("2022-02-27"),
			"the mayor agreed to hand the town over on 27 February 2022"),
		ev("Berdiansk", 36.79872, 46.76644, kmCity, captured, "2022-02-27", isw("2022-02-27"),
			"Russian forces entered the port city on 27 February 2022; its mayor confirmed the occupation on 28 February"),
		ev("Kherson", 32.6178, 46.65581, kmCity, captured, "2022-03-02", wiki("Battle of Kherson"),
			"the mayor said on 2 March 2022 that Russian forces were in the city and its administration"),
		ev("Enerhodar", 34.6574, 47.49865, kmTown, captured, "2022-03-04", isw("2022-03-04"),
			"the Zaporizhzhia nuclear plant seized on 4 March 2022, the town with it"),
		ev("Irpin", 30.215, 50.515, kmTown, contested, "2022-03-05", wiki("Battle of Irpin"),
			"~ the town's west (Natural Earth's outline of Kyiv city takes in its centre); Russian forces fought into the town's north from early March; the evacuation over the broken bridge began on 5 March: day uncertain"),
		ev("Bucha", 30.21201, 50.54345, kmTown, captured, "2022-03-05", wiki("Bucha massacre"),
			"Russian columns entered the town on 27 February and held it from the first days of March 2022: day uncertain"),
		ev("Volnovakha", 37.49674, 47.60103, kmTown, captured, "2022-03-12", isw("2022-03-12"),
			"Russia claimed the destroyed town on 11-12 March 2022; ISW assessed it taken"),
		ev("Mariupol", 37.54131, 47.09514, kmCity, contested, "2022-03-14", wiki("Siege of Mariupol"),
			"encircled from 2 March; street fighting in the city reported from mid-March: day uncertain"),
		ev("Trostianets", 34.96567, 50.48478, kmTown, liberated, "2022-03-26", isw("2022-03-26"),
			"Ukraine's 93rd brigade retook the town on 26 March 2022"),
		ev("Irpin", 30.215, 50.515, kmTown, liberated, "2022-03-28", isw("2022-03-28"),
			"the mayor announced the town retaken on 28 March 2022"),
		ev("Bucha", 30.21201, 50.54345, kmTown, liberated, "2022-03-31", wiki("Bucha massacre"),
			"Russian forces left on 30-31 March; the mayor announced the town free on 31 March, Ukraine's troops entered on 1 April 2022"),
		ev("Chornobyl", 30.224, 51.276, kmTown, liberated, "2022-03-31", source{Outlet: "Wikipedia", Title: "Capture of Chernobyl"},
			"Russian forces handed the plant back and left the zone on 31 March 2022 (Energoatom, IAEA)"),
		ev("Izium", 37.24849, 49.20875, kmTown, captured, "2022-04-01", wiki("Battle of Izium"),
			"Russia claimed the town on 24 March; the fighting ended and Russian control was assessed on 1 April 2022"),
		ev("Hostomel Airport", 30.1919, 50.6035, kmVillage, liberated, "2022-04-02", wiki("Battle of Antonov Airport"),
			"~ retaken in the Russian withdrawal; Ukraine's defence ministry said Kyiv oblast was free on 2 April 2022"),
		ev("Kreminna", 38.21792, 49.0495, kmTown, captured, "2022-04-18", isw("2022-04-18"),
			"Luhansk's governor said Russian forces took the town on 18 April 2022"),
		ev("Mariupol", 37.54131, 47.09514, kmCity, captured, "2022-04-21", isw("2022-04-21"),
			"Russia declared the city taken on 21 April 2022 and blockaded the Azovstal works instead of storming them"),
		ev("Azovstal", 37.608, 47.101, kmVillage, contested, "2022-04-21", wiki("Siege of Mariupol"),
			"~ the steelworks, where Ukraine's garrison held out from 21 April 2022"),
		ev("Popasna", 38.37804, 48.63328, kmTown, captured, "2022-05-08", isw("2022-05-08"),
			"Luhansk's governor acknowledged the withdrawal from the town on 8 May 2022"),
		ev("Azovstal", 37.608, 47.101, kmVillage, captured, "2022-05-20", isw("2022-05-20"),
			"Russia's defence ministry said the last defenders surrendered on 20 May 2022; Ukraine had ordered the garrison to save itself on 16 May"),
		ev("Lyman", 37.80307, 48.98616, kmTown, captured, "2022-05-26", isw("2022-05-26"),
			"ISW assessed Russian forces likely took most of the town on 26 May 2022; Russia claimed it on 27 May"),
		ev("Sievierodonetsk", 38.49166, 48.94832, kmTown, contested, "2022-05-30", isw("2022-05-30"),
			"Russian forces reached the city centre on 30 May 2022 (Luhansk's governor): day uncertain by 1-3 days"),
		ev("Sievierodonetsk", 38.49166, 48.94832, kmTown, captured, "2022-06-25", isw("2022-06-25"),
			"Ukraine ordered the withdrawal on 24 June; the city's mayor confirmed full Russian control on 25 June 2022"),
		ev("Lysychansk", 38.44207, 48.90485, kmTown, captured, "2022-07-03", isw("2022-07-03"),
			"Russia claimed the city and Ukraine's General Staff confirmed the withdrawal on 3 July 2022"),
		ev("Vysokopillia", 33.53061, 47.49187, kmTown, liberated, "2022-09-04", isw("2022-09-04"),
			"Ukraine's soldiers raised the flag in the town on 4 September 2022"),
		ev("Balakliia", 36.85951, 49.4627, kmTown, liberated, "2022-09-08", isw("2022-09-08"),
			"Ukraine's forces entered the town on 8 September 2022 (Kharkiv counteroffensive)"),
		ev("Kupiansk", 37.61517, 49.71055, kmTown, liberated, "2022-09-10", wiki("2022 Kharkiv counteroffensive"),
			"Ukraine's forces raised the flag in the centre on 10 September 2022; the east bank followed later"),
		ev("Izium", 37.24849, 49.20875, kmTown, liberated, "2022-09-10", wiki("2022 Kharkiv counteroffensive"),
			"Russia announced its forces' 'regrouping' from Izium on 10 September 2022; Ukraine's troops entered the same day"),
		ev("Lyman", 37.80307, 48.98616, kmTown, liberated, "2022-10-01", isw("2022-10-01"),
			"Russia's defence ministry announced the withdrawal on 1 October 2022; Ukraine said the town was cleared on 2 October"),
		ev("Dudchany", 33.7639, 47.18557, kmVillage, liberated, "2022-10-04", wiki("2022 Kherson counteroffensive"),
			"retaken in the breakthrough down the Dnipro of 2-4 October 2022: day uncertain by up to 2 days"),
		ev("Snihurivka", 32.80516, 47.07579, kmTown, liberated, "2022-11-10", isw("2022-11-10"),
			"Ukraine announced the town retaken on 10 November 2022"),
		ev("Kherson", 32.6178, 46.65581, kmCity, liberated, "2022-11-11", wiki("2022 Kherson counteroffensive"),
			"Russia completed its withdrawal over the Dnipro and Ukraine's forces entered the city on 11 November 2022"),
	}
}
