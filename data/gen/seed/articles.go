package main

// article is an entry of data/seed/articles.json. Summaries are our own
// words; URLs point at pages known to exist (encyclopedia articles or an
// outlet's section page), never at guessed article ids.
type article struct {
	Title     string `json:"title"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	Summary   string `json:"summary"`
}

func articles() []article {
	return []article{
		{Title: "Russia signs treaty annexing Crimea",
			URL:    "https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation",
			Outlet: "Wikipedia", Published: "2014-03-18",
			Summary: "Two days after a referendum held under Russian military control, Vladimir Putin and the " +
				"peninsula's Russian-installed leaders signed a treaty making Crimea and the city of Sevastopol part " +
				"of Russia. Soldiers without insignia had seized Crimea's parliament, airports and Ukrainian bases " +
				"from late February. Ukraine rejects the annexation, and the UN General Assembly declared the " +
				"referendum invalid."},
		{Title: "Armed men seize Sloviansk and Kramatorsk",
			URL:    "https://en.wikipedia.org/wiki/Siege_of_Sloviansk",
			Outlet: "Wikipedia", Published: "2014-04-12",
			Summary: "An armed group led by Igor Girkin, a former Russian security officer, took the police " +
				"station and town hall of Sloviansk in Donetsk Oblast, and government buildings in Kramatorsk " +
				"and other towns were seized the same weekend. Ukraine's government answered with what it called " +
				"an anti-terrorist operation. Ukrainian forces retook Sloviansk and Kramatorsk on 5 July 2014."},
		{Title: "Ukrainian forces withdraw from Debaltseve",
			URL:    "https://en.wikipedia.org/wiki/Battle_of_Debaltseve",
			Outlet: "Wikipedia", Published: "2015-02-18",
			Summary: "Ukrainian troops pulled out of the rail hub of Debaltseve, between the separatist-held " +
				"cities of Donetsk and Luhansk, after weeks of encirclement by Russian-backed forces that went on " +
				"attacking after the Minsk II ceasefire began on 15 February. The resulting line of contact left " +
				"about a third of Donetsk Oblast and of Luhansk Oblast outside Ukrainian control until 2022."},
		{Title: "Russia launches a full-scale invasion of Ukraine",
			URL:    "https://en.wikipedia.org/wiki/Russian_invasion_of_Ukraine",
			Outlet: "Wikipedia", Published: "2022-02-24",
			Summary: "Before dawn Russian forces attacked from Belarus, from Russia and from occupied Crimea. " +
				"Columns advanced on the capital through the Chornobyl zone and on Chernihiv, Sumy and Kharkiv, " +
				"while troops from Crimea crossed into Kherson Oblast and Zaporizhzhia Oblast. Ukraine declared " +
				"martial law and ordered a general mobilisation."},
		{Title: "Russian troops leave the Kyiv region and northern Ukraine",
			URL:    "https://en.wikipedia.org/wiki/Northern_Ukraine_campaign",
			Outlet: "Wikipedia", Published: "2022-04-07",
			Summary: "By early April Russian forces had pulled back from the Kyiv region and from Chernihiv Oblast " +
				"and Sumy Oblast into Belarus and Russia, ending the assault on the capital. Ukrainian troops " +
				"returning to Bucha, Irpin and other towns found evidence of killings of civilians. Moscow said " +
				"it would now concentrate on the Donbas."},
		{Title: "Russia claims the annexation of four Ukrainian oblasts",
			URL:    "https://en.wikipedia.org/wiki/Russian_annexation_of_Donetsk,_Kherson,_Luhansk_and_Zaporizhzhia_oblasts",
			Outlet: "Wikipedia", Published: "2022-09-30",
			Summary: "At a ceremony in the Kremlin, Vladimir Putin signed treaties claiming Donetsk, Luhansk, " +
				"Zaporizhzhia and Kherson oblasts as Russian territory after referendums staged under occupation. " +
				"Russia did not fully control any of the four at the time. Ukraine and " +
				"its allies rejected the claim, and the UN General Assembly condemned it on 12 October."},
		{Title: "Ukrainian troops enter Kherson",
			URL:    "https://en.wikipedia.org/wiki/2022_Kherson_counteroffensive",
			Outlet: "Wikipedia", Published: "2022-11-11",
			Summary: "Ukrainian forces entered the city of Kherson after Russia withdrew its troops to the left " +
				"bank of the Dnipro, ending more than eight months of occupation. The whole right bank of Kherson " +
				"Oblast and the Russian foothold in Mykolaiv Oblast returned to Ukrainian control, and the front " +
				"in the south settled along the river."},
		{Title: "Wagner claims the capture of Bakhmut",
			URL:    "https://en.wikipedia.org/wiki/Battle_of_Bakhmut",
			Outlet: "Wikipedia", Published: "2023-05-20",
			Summary: "Yevgeny Prigozhin, head of the Wagner group, announced that his fighters had taken Bakhmut " +
				"in Donetsk Oblast after a battle of about ten months, and Russia's defence ministry confirmed it. " +
				"Ukraine disputed the claim for several days while its troops held positions on the city's flanks."},
		{Title: "Ukrainian forces cross into Russia's Kursk region",
			URL:    "https://en.wikipedia.org/wiki/2024_Kursk_offensive",
			Outlet: "Wikipedia", Published: "2024-08-06",
			Summary: "Ukrainian troops crossed the border from Sumy Oblast into Kursk region near the town of " +
				"Sudzha, the largest incursion into Russian territory of the war. Russian authorities declared an " +
				"emergency and evacuated tens of thousands of residents from the border districts."},
		{Title: "Syrskyi: about 1,000 square kilometres of Kursk region under Ukrainian control",
			URL:    "https://en.wikipedia.org/wiki/Oleksandr_Syrskyi",
			Outlet: "Wikipedia", Published: "2024-08-12",
			Summary: "In a video call with President Volodymyr Zelensky, Ukraine's commander-in-chief Oleksandr " +
				"Syrskyi reported that Ukrainian forces held about 1,000 square kilometres of Russia's Kursk " +
				"region. The acting governor of Kursk region told Vladimir Putin the same day that 28 " +
				"settlements were under Ukrainian control."},
		{Title: "Putin addresses the Security Council after the US inauguration",
			URL:    "http://en.kremlin.ru/events/president/news/76135",
			Outlet: "President of Russia", Published: "2025-01-20",
			Summary: "At a videoconference with the permanent members of Russia's Security Council on the day of " +
				"the US presidential inauguration, Vladimir Putin congratulated Donald Trump and said Russia was open to dialogue " +
				"about the war, aiming at a lasting peace rather than a short truce. Russia then held just under a " +
				"fifth of Ukrainian territory: Crimea and most of the Donetsk, Luhansk, Zaporizhzhia and Kherson " +
				"oblasts. Ukrainian troops still held part of Kursk region, where by Ukraine's count the Kursk incursion " +
				"had taken about 1,300 square kilometres by the end of August 2024."},
		{Title: "Russia says it has retaken Sudzha",
			URL:    "https://en.wikipedia.org/wiki/Sudzha",
			Outlet: "Wikipedia", Published: "2025-03-13",
			Summary: "Russia's defence ministry said its forces had recaptured Sudzha, the largest town Ukraine " +
				"held in Kursk region, a day after Vladimir Putin visited a command post there. Ukrainian units, " +
				"their supply roads under fire, withdrew towards the border with Sumy Oblast."},
		{Title: "Russia declares Kursk region retaken",
			URL:    "https://en.wikipedia.org/wiki/Kursk_Oblast",
			Outlet: "Wikipedia", Published: "2025-04-26",
			Summary: "Chief of the General Staff Valery Gerasimov told Vladimir Putin that Gornal, the last " +
				"village Ukraine held in Kursk region, had been retaken, and Moscow declared the Kursk incursion " +
				"defeated. Ukraine's general staff denied it, saying its troops were still operating there. " +
				"Russia also acknowledged for the first time that North Korean troops had fought in the region."},
	}
}
