package main

// The events of 2023-2025, as in events2014.go. Where one side claimed a
// settlement and the other denied it, the day is the claim's only when an
// independent monitor (ISW) or the other side confirmed it within 3 days;
// otherwise the note says "day uncertain".

func events2023() []event {
	return []event{
		// 2023
		ev("Soledar", 38.08902, 48.67935, kmTown, captured, "2023-01-12", isw("2023-01-12"),
			"Wagner claimed the town on 11 January and Russia's defence ministry on 13 January; ISW assessed Russian control on "+
				"12 January 2023; Ukraine acknowledged the withdrawal only on 25 January"),
		ev("Bakhmut", 37.99983, 48.59441, kmCity, contested, "2023-03-08", isw("2023-03-08"),
			"Wagner's chief claimed the city's east up to the Bakhmutka river on 8 March 2023; fighting in the city went on until May"),
		ev("Bakhmut", 37.99983, 48.59441, kmCity, captured, "2023-05-20", wiki("Battle of Bakhmut"),
			"Wagner claimed the city on 20 May, Russia's defence ministry on 21 May 2023; ISW assessed it taken; Ukraine kept "+
				"positions on the south-western outskirts"),
		ev("Robotyne", 35.836, 47.444, kmVillage, liberated, "2023-08-28", isw("2023-08-28"),
			"Ukraine's deputy defence minister announced the village retaken on 28 August 2023 (southern counteroffensive)"),
		ev("Krynky", 33.09, 46.73, kmVillage, contested, "2023-10-19", source{Outlet: "Wikipedia", Title: "Battle of Krynky"},
			"~ Ukraine's marines held positions in the left-bank village from October 2023 (Russian and ISW reports from 17-19 "+
				"October; Ukraine confirmed the bridgehead in November): day uncertain").heldBy("ru"),
		ev("Marinka", 37.50544, 47.94527, kmTown, captured, "2023-12-25", isw("2023-12-26"),
			"Russia's defence ministry claimed the ruined town on 25 December 2023; Ukraine's commander-in-chief said on 26 December "+
				"that its troops held only the outskirts"),

		// 2024
		ev("Avdiivka", 37.74255, 48.13989, kmTown, captured, "2024-02-17", isw("2024-02-17"),
			"Ukraine's commander-in-chief announced the withdrawal on 17 February 2024; Russia claimed the town the same day"),
		ev("Chasiv Yar", 37.85724, 48.59348, kmTown, contested, "2024-04-04", isw("2024-04-04"),
			"Russian forces reached the Kanal district on the town's east in early April 2024: day uncertain"),
		ev("Ocheretyne", 37.60, 48.243, kmVillage, contested, "2024-04-22", isw("2024-04-22"),
			"~ Russian forces broke into the village after Ukraine's line there gave way around 21 April 2024"),
		ev("Ocheretyne", 37.60, 48.243, kmVillage, captured, "2024-05-05", isw("2024-05-05"),
			"~ Russia's defence ministry claimed the village on 5 May 2024; ISW assessed most of it Russian-held"),
		ev("Vovchansk", 36.94108, 50.29078, kmTown, contested, "2024-05-11", isw("2024-05-11"),
			"Russia's Kharkiv offensive of 10 May 2024 reached the town's north on 11-13 May; the town was fought over from then on"),
		ev("Toretsk", 37.84787, 48.39869, kmTown, contested, "2024-06-20", isw("2024-06-20"),
			"Russia's offensive on the town began on 18 June 2024 and reached its eastern districts in the following days: day uncertain"),
		ev("Krynky", 33.09, 46.73, kmVillage, captured, "2024-07-17", isw("2024-07-17"),
			"~ Ukraine's navy spokesman said on 17 July 2024 that its troops no longer held positions in the village"),
		ev("Sudzha", 35.2726, 51.1976, kmTown, contested, "2024-08-08", wiki("Kursk offensive (2024–2025)"),
			"Ukraine's forces reached and fought in the town from 7-8 August 2024, the second day of the incursion: day uncertain by 1 day"),
		ev("Sudzha", 35.2726, 51.1976, kmTown, takenByUA, "2024-08-15", isw("2024-08-15"),
			"Ukraine's commander-in-chief reported the town fully held and a military commandant's office set up on 15 August 2024"),
		ev("Vuhledar", 37.25, 47.78, kmTown, captured, "2024-10-01", isw("2024-10-01"),
			"Ukraine's command ordered the withdrawal on 1 October 2024; Russia claimed the town on 3 October"),
		ev("Selydove", 37.30032, 48.14708, kmTown, captured, "2024-10-29", isw("2024-10-29"),
			"Russia's defence ministry claimed the town on 29 October 2024; ISW assessed it taken by then"),

		// 2025
		ev("Kurakhove", 37.2821, 47.98522, kmTown, captured, "2025-01-06", isw("2025-01-06"),
			"Russia's defence ministry claimed the town on 6 January 2025; ISW assessed Russian control the same week"),
		ev("Velyka Novosilka", 36.83534, 47.84531, kmTown, captured, "2025-01-26", isw("2025-01-26"),
			"Russia claimed the town and Ukraine's Khortytsia group reported the withdrawal of its units on 26 January 2025"),
		ev("Toretsk", 37.84787, 48.39869, kmTown, captured, "2025-02-07", isw("2025-02-07"),
			"Russia claimed the town on 7 February 2025; Ukraine denied it and fought in its west for weeks after: day uncertain"),
		ev("Sudzha", 35.2726, 51.1976, kmTown, retaken, "2025-03-13", isw("2025-03-13"),
			"Russia claimed the town on 13 March 2025; Ukraine's General Staff map of 16 March showed it outside Ukraine's lines"),
		ev("Chasiv Yar", 37.85724, 48.59348, kmTown, captured, "2025-07-31", isw("2025-07-31"),
			"Russia claimed the town on 31 July 2025; Ukraine said it still held its south and west: day uncertain"),
		ev("Zaporizke", 36.532, 47.853, kmVillage, captured, "2025-08-26", isw("2025-08-25"),
			"one of the first villages of Dnipropetrovsk oblast Russian-held (ISW 25 August, DeepState 26 August 2025; Ukraine's "+
				"Khortytsia spokesman acknowledged the entry on 26 August, the General Staff denied it)"),
		ev("Siversk", 38.10007, 48.86699, kmTown, captured, "2025-12-23", isw("2025-12-23"),
			"Russia claimed the town on 11 December 2025; Ukraine announced the withdrawal on 23 December: day of both sides"),
	}
}
