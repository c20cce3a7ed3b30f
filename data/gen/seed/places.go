package main

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// places are the towns the drawn front lines are laid out by, [lon, lat]
// WGS84 (town centres, to about 1 km).
var places = map[string]orb.Point{
	// Kyiv, Chernihiv and Sumy oblasts
	"Kyiv":           {30.523, 50.450},
	"Bucha":          {30.221, 50.544},
	"Irpin":          {30.251, 50.522},
	"Hostomel":       {30.265, 50.579},
	"Borodianka":     {29.922, 50.645},
	"Makariv":        {29.807, 50.465},
	"Ivankiv":        {29.895, 50.937},
	"Chornobyl":      {30.224, 51.276},
	"Vyshhorod":      {30.489, 50.585},
	"Brovary":        {30.791, 50.511},
	"Chernihiv":      {31.289, 51.494},
	"Nizhyn":         {31.885, 51.048},
	"Kozelets":       {31.115, 50.914},
	"Konotop":        {33.200, 51.240},
	"Romny":          {33.490, 50.751},
	"Lebedyn":        {34.482, 50.587},
	"Sumy":           {34.798, 50.907},
	"Trostianets":    {34.966, 50.480},
	"Okhtyrka":       {34.899, 50.310},
	"Pryluky":        {32.390, 50.593},
	"Sudzha":         {35.270, 51.190}, // Kursk oblast, Russia
	"Kharkiv":        {36.230, 49.993},
	"Chuhuiv":        {36.688, 49.836},
	"Balakliia":      {36.861, 49.462},
	"Izium":          {37.266, 49.212},
	"Kupiansk":       {37.615, 49.711},
	"Vovchansk":      {36.941, 50.289},
	"Dvorichna":      {37.680, 49.851},
	"Borova":         {37.628, 49.379},
	"Kozacha Lopan":  {36.205, 50.352},
	"Staryi Saltiv":  {36.794, 50.083},
	"Velykyi Burluk": {37.389, 50.060},
	// Luhansk oblast
	"Luhansk":            {39.307, 48.574},
	"Shchastia":          {39.232, 48.740},
	"Stanytsia Luhanska": {39.491, 48.654},
	"Sievierodonetsk":    {38.488, 48.948},
	"Lysychansk":         {38.430, 48.915},
	"Rubizhne":           {38.375, 49.014},
	"Kreminna":           {38.218, 49.046},
	"Svatove":            {38.148, 49.410},
	"Starobilsk":         {38.909, 49.277},
	"Novoaidar":          {39.014, 48.963},
	"Popasna":            {38.373, 48.632},
	"Zolote":             {38.520, 48.697},
	"Pervomaisk":         {38.551, 48.628},
	"Bilohorivka":        {38.254, 48.928},
	// Donetsk oblast
	"Donetsk":          {37.802, 48.015},
	"Horlivka":         {38.053, 48.300},
	"Debaltseve":       {38.405, 48.341},
	"Svitlodarsk":      {38.224, 48.432},
	"Avdiivka":         {37.749, 48.139},
	"Marinka":          {37.497, 47.942},
	"Krasnohorivka":    {37.509, 48.005},
	"Kurakhove":        {37.281, 47.985},
	"Vuhledar":         {37.250, 47.780},
	"Velyka Novosilka": {36.836, 47.843},
	"Pokrovsk":         {37.181, 48.282},
	"Myrnohrad":        {37.265, 48.302},
	"Selydove":         {37.300, 48.147},
	"Toretsk":          {37.848, 48.398},
	"Chasiv Yar":       {37.842, 48.587},
	"Bakhmut":          {38.000, 48.595},
	"Soledar":          {38.090, 48.682},
	"Siversk":          {38.100, 48.868},
	"Lyman":            {37.802, 48.988},
	"Sviatohirsk":      {37.570, 49.034},
	"Sloviansk":        {37.606, 48.852},
	"Kramatorsk":       {37.556, 48.723},
	"Druzhkivka":       {37.527, 48.631},
	"Kostiantynivka":   {37.706, 48.527},
	"Volnovakha":       {37.496, 47.601},
	"Mariupol":         {37.550, 47.097},
	"Shyrokyne":        {37.733, 47.083},
	"Novoazovsk":       {38.080, 47.116},
	"Dokuchaievsk":     {37.679, 47.749},
	"Rodynske":         {37.206, 48.352},
	// Dnipropetrovsk oblast
	"Zaporizke": {36.532, 47.853},
	// Zaporizhzhia, Kherson and Mykolaiv oblasts
	"Zaporizhzhia":     {35.139, 47.838},
	"Huliaipole":       {36.263, 47.663},
	"Orikhiv":          {35.785, 47.567},
	"Robotyne":         {35.836, 47.444},
	"Vasylivka":        {35.280, 47.440},
	"Polohy":           {36.256, 47.480},
	"Mala Tokmachka":   {35.893, 47.536},
	"Stepnohirsk":      {35.367, 47.583},
	"Tokmak":           {35.711, 47.253},
	"Melitopol":        {35.367, 46.849},
	"Berdiansk":        {36.786, 46.757},
	"Enerhodar":        {34.656, 47.499},
	"Kherson":          {32.617, 46.636},
	"Nova Kakhovka":    {33.350, 46.755},
	"Beryslav":         {33.424, 46.842},
	"Oleshky":          {32.715, 46.623},
	"Hola Prystan":     {32.519, 46.524},
	"Novovorontsovka":  {33.920, 47.500},
	"Velyka Lepetykha": {33.930, 47.160},
	"Vysokopillia":     {33.528, 47.493},
	"Snihurivka":       {32.805, 47.075},
	"Mykolaiv":         {31.994, 46.975},
	"Ochakiv":          {31.540, 46.612},
}

// at returns the place name moved east by dx and north by dy kilometres.
// An unknown name is a defect of the tables in this program and panics.
func at(name string, dx, dy float64) orb.Point {
	p, ok := places[name]
	if !ok {
		panic(fmt.Sprintf("seed: no place %q", name))
	}
	return offset(p, dx, dy)
}

// kmPerDegLat is the length of a degree of latitude in km, near 48° N.
const kmPerDegLat = 111.2

// offset moves p east by dx and north by dy kilometres (a local flat
// approximation, good to a few metres over tens of kilometres).
func offset(p orb.Point, dx, dy float64) orb.Point {
	return orb.Point{
		p[0] + dx/(kmPerDegLat*math.Cos(p[1]*math.Pi/180)),
		p[1] + dy/kmPerDegLat,
	}
}

// ellipse returns a closed ring of n points around c with semi-axes rx
// (east-west) and ry (north-south) in kilometres, counter-clockwise.
func ellipse(c orb.Point, rx, ry float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		t := 2 * math.Pi * float64(i) / float64(n)
		r = append(r, offset(c, rx*math.Cos(t), ry*math.Sin(t)))
	}
	return append(r, r[0])
}
