package names

import (
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the cities below, wherever the system lacks the database

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The cue words below are the ones a news reader relies on. They are English
// vocabulary rather than a list of names: every name itself comes from the
// text or, for countries and regions, from CLDR through golang.org/x/text.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// titles stand before a person's name: "President Joe Biden",
// "Kremlin spokesman Dmitry Peskov".
var titles = set(`President Vice Prime Minister Chancellor Secretary Commissioner Governor
	Mayor Senator Sen. Chair Chairman Chairwoman Director Spokesman Spokeswoman
	Spokesperson Ambassador Envoy General Gen. Colonel Col. Commander Admiral King Queen
	Prince Princess Pope Judge Leader Premier Speaker Representative Rep. Gov. Mr Mr.
	Mrs Mrs. Ms Ms. Dr Dr. Sir Lord Lady Sheikh Emir CEO Chief Officer Lieutenant Captain
	Sergeant Major Marshal President-elect Chairperson Deputy Under-Secretary-General
	Secretary-General Minister-President Cardinal Archbishop Bishop Rabbi Imam Ayatollah
	Professor Prof. Justice Attorney Coach Manager Superintendent Inspector Detective`)

// portfolios join titles into one phrase: "Foreign Minister",
// "Secretary of State", "Managing Director".
var portfolios = set(`Foreign Finance Defence Defense Interior Home Trade Health Economy
	Economic Energy Agriculture Justice Culture Education Environment State Affairs
	Competition Executive Managing Acting Former Interim Senior Under Assistant Deputy
	Vice Prime First Supreme Grand Crown Labour Labor Transport Treasury Security
	Development Industry Digital Climate Migration Immigration Police Army Navy
	Chief Operating Financial Technology General Attorney District Federal Opposition
	Outgoing Incoming Top Special High Foreign-Affairs Majority Minority`)

// lowTitles are titles written in lower case, before a name or after its
// organisation: "agriculture minister, Vitaliy Koval", "WFP executive
// director Cindy McCain".
var lowTitles = set(`president minister chancellor secretary commissioner governor mayor
	senator chair chairman chairwoman director spokesman spokeswoman spokesperson
	ambassador envoy general commander leader premier speaker chief executive ceo head
	founder co-founder deputy adviser advisor official analyst economist lawyer
	attorney judge prosecutor candidate historian correspondent negotiator strategist
	manager coach captain striker midfielder defender goalkeeper editor reporter
	professor researcher scientist activist chairperson administrator coordinator`)

// orgWords make a name an organisation when they end it, or when they start
// it before "of": "Swiss National Bank", "Bank of England".
var orgWords = set(`Bank Ministry Council Commission Agency Fund Party Union Organization
	Organisation Company Corporation Corp Corp. Inc Inc. Ltd Ltd. plc PLC Group Association
	Court Parliament Congress Senate Police Institute Committee Department Office Authority
	Federation Reserve Assembly Alliance Coalition University College School Service Board
	Foundation Trust Society Network Times News Post Journal Airlines Airways Motors
	Industries Holdings Platforms Technologies Systems Bureau Administration Programme
	Program Secretariat Tribunal Cabinet Government Centre Center Exchange Conference
	Forum Club League Church International Regulator Electronics Marathon Cup
	Games Olympics Championship Championships Tournament Festival Summit Prize Academy Partners Capital Securities Insurance
	Energy Petroleum Oil Gas Pharmaceuticals Media Press Act Treaty Convention
	Presidency Chamber Institution Initiative
	Observatory Watch Studios Records Broadcasting Television Radio Mission Unit Command Directorate Inspectorate Registry`)

// corporate words end a company's formal name, whose first word alone names
// it too: "Meta Platforms" and "Meta".
var corporate = set(`Platforms Group Holdings Inc Inc. Corp Corp. Corporation Company Co Co. Ltd
	Ltd. plc PLC AG SA SE NV LLC Technologies Industries Motors Airlines`)

// groupWords make a name an armed or political group.
var groupWords = set(`Forces Brigade Brigades Militia Militias Army Guard Guards Front
	Movement Rebels Mujahideen Battalion Regiment Corps Navy`)

// groupNouns follow a group's name: "the Houthi movement".
var groupNouns = set(`movement rebels militia militias militants fighters insurgents
	guerrillas paramilitaries`)

// placeWords end a place's name; placeStarts begin one.
var placeWords = set(`Sea Ocean River Lake Gulf Bay Strait Straits Island Islands Mountains
	Mountain Hills Valley Desert Peninsula Canal City Province Region Oblast County
	District State Street Square Avenue Road Airport Port Harbour Harbor Bridge Park
	Coast Border Crossing Plateau Basin Delta Heights Camp Territory Territories
	Prefecture Governorate Canton Municipality Village Town Capital Krai Emirate
	Stadium Arena Gate Palace Tower Cathedral Castle`)

var placeStarts = set(`El Al La Le Los Las San Santa Saint St. Port Fort Mount Mt. Lake Cape
	New North South East West Upper Lower Greater Northern Southern Eastern Western
	Central Gulf Isle`)

// lowPlaceNouns follow a place's name or stand before "of" and its name:
// "the Zamzam camp", "the port of Odesa".
var lowPlaceNouns = set(`city town village camp port province region district state
	airport capital border crossing river valley island islands oblast county area
	suburb neighbourhood neighborhood enclave strip peninsula coast harbour harbor
	square street base prison hospital field`)

// lowOrgNouns follow an organisation's name: "the Ifo institute", "the Law
// and Justice party".
var lowOrgNouns = set(`party institute agency group company firm bank ministry council
	commission court union organisation organization network newspaper broadcaster
	fund alliance coalition government administration authority board
	conglomerate carrier airline platform app regulator exchange`)

// lowGroupNouns follow a demonym and make the state's armed institution:
// "the Sudanese army".
var lowGroupNouns = set(`army military navy police`)

// placePreps stand before a place: "in Warsaw", "near Kharkiv".
var placePreps = set(`in near outside across around reached from into inside towards toward
	via`)

// personVerbs follow a person who speaks or acts.
var personVerbs = set(`said says told added wrote tweeted argued insisted warned urged
	accused conceded denied acknowledged claimed replied stressed noted explained`)

// stopwords are capitalised only because they start a sentence; they never
// start a name.
var stopwords = set(`A An The In On At By For From To Of With Without As But And Or Nor So
	Yet If When While Whereas After Before Since Until Unless Although Though Because
	During Despite Meanwhile However Moreover Also Still Then Now Later Earlier Today
	Yesterday Tomorrow Last Next This That These Those There Here It Its He She They We
	I You His Her Their Our Your My Them Him Us Me Who Whom Whose What Which Where Why
	How Some Many Most More Much Few Several All Both Each Every Other Another Such No
	Not None One Two Three Four Five Six Seven Eight Nine Ten First Second Third Only
	Even Just Yes Asked According Among Amid Under Over About Above Below Between Into
	Through Throughout Within Outside Inside Against Along Around Beyond Instead Like
	Unlike Whether Either Neither Once Twice Already Again Perhaps Indeed Thus Hence
	Overall Separately Elsewhere Altogether Finally Initially Officials Analysts
	Experts Critics Sources Residents Witnesses Police Our Let Do Does Did Is Are Was
	Were Be Been Has Have Had Will Would Can Could Should May Might Must Shall`)

// possessors are the common nouns whose possessive is part of a name:
// "People's Liberation Army", "Children's Hospital".
var possessors = set(`People Workers Children Women Men Farmers Veterans Citizens`)

// connectors join the words of one name: "Bank of England", "Ursula von der
// Leyen", "Competition and Markets Authority".
var connectors = set(`of for the de der den von van al el bin ibn la le du des del da y and &`)

// commonAcronyms abbreviate common nouns, not names: "AI developers".
var commonAcronyms = set(`AI GDP CEO CFO COO CTO TV PC IT HR PR ID DNA HIV AIDS COVID VAT IPO
	ETF LNG GMT UTC BST CET PhD MP MPs MEP MEPs OK AM PM FM USB GPS SMS PDF CO2 EV EVs
	LGBT LGBTQ NGO NGOs SUV VIP`)

var months = set(`January February March April May June July August September October
	November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec`)

var weekdays = set(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday`)

// irregularDemonyms are the demonyms that neither a language name nor a
// suffix rule derives from a country's name.
var irregularDemonyms = map[string]string{
	"American": "US", "British": "GB", "Swiss": "CH", "Dutch": "NL", "Danish": "DK",
	"Afghan": "AF", "Saudi": "SA", "Emirati": "AE", "Filipino": "PH", "Welsh": "GB",
	"Scottish": "GB", "English": "GB", "Kiwi": "NZ", "Czech": "CZ", "Slovak": "SK",
	"Burmese": "MM", "Congolese": "CD", "Ivorian": "CI", "Palestinian": "PS",
}

// otherCountryNames are names in wide use that CLDR's English display names
// leave out.
var otherCountryNames = map[string]string{
	"Britain": "GB", "Great Britain": "GB", "America": "US", "United States of America": "US",
	"Holland": "NL", "Burma": "MM", "Ivory Coast": "CI", "Czech Republic": "CZ",
	"Türkiye": "TR", "Turkiye": "TR", "Palestine": "PS", "North Macedonia": "MK",
	"Eswatini": "SZ", "Cabo Verde": "CV", "East Timor": "TL", "Bosnia and Herzegovina": "BA",
	"Russian Federation": "RU", "Republic of Korea": "KR", "Democratic Republic of Congo": "CD",
	"Democratic Republic of the Congo": "CD", "Vatican": "VA",
}

// organizationRegions are CLDR regions that are organisations, not places.
var organizationRegions = map[string]bool{"EU": true, "UN": true}

// region is a country, a continent or an organisation named in CLDR.
type region struct {
	name string
	kind Kind
}

type geography struct {
	names     map[string]region // a name or demonym → the region
	initials  map[string]region // "UAE" → United Arab Emirates
	continent map[string]bool   // names of regions that are not countries
}

var geo = sync.OnceValue(loadGeography)

// loadGeography reads country, continent and language names from CLDR (as
// golang.org/x/text ships it) and derives demonyms: a language named like
// its country ("Polish", Poland), or the country's name with a regular
// suffix ("Russian", "Iraqi", "Sudanese").
func loadGeography() *geography {
	g := &geography{names: map[string]region{}, initials: map[string]region{}, continent: map[string]bool{}}
	namer := display.English.Regions()
	regions := map[string]region{}
	add := func(name string, r region) {
		if _, ok := g.names[name]; !ok && name != "" {
			g.names[name] = r
		}
	}
	var countries []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			reg, err := language.ParseRegion(code)
			if err != nil || reg.String() != code || !reg.IsCountry() || reg.IsPrivateUse() {
				continue
			}
			name := namer.Name(reg)
			if name == "" || strings.Contains(name, "Unknown") {
				continue
			}
			kind := KindCountry
			if organizationRegions[code] {
				kind = KindOrganization
			}
			// "Myanmar (Burma)", "Congo - Kinshasa": the first part is the
			// name in running text.
			if i := strings.IndexAny(name, "(-"); i > 0 && (strings.Contains(name, " (") || strings.Contains(name, " - ")) {
				name = strings.TrimSpace(name[:i])
			}
			name = strings.ReplaceAll(name, "&", "and")
			r := region{name, kind}
			regions[code] = r
			add(name, r)
			if kind == KindCountry {
				countries = append(countries, code)
			}
		}
	}
	for _, code := range []string{"001", "002", "009", "019", "142", "150", "419", "021", "005", "145", "030", "034", "035", "151", "154", "155", "039", "015", "014", "017", "018", "011", "013", "029", "053", "143"} {
		reg, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		name := namer.Name(reg)
		g.continent[name] = true
		add(name, region{name, KindPlace})
	}
	for name, code := range otherCountryNames {
		if r, ok := regions[code]; ok {
			add(name, r)
		}
	}
	for word, code := range irregularDemonyms {
		if r, ok := regions[code]; ok {
			add(word, r)
		}
	}
	// Languages named like their country are its demonym: "Polish" and
	// Poland share a stem, "English" and the United States do not.
	langs := display.English.Languages()
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			base, err := language.ParseBase(string([]rune{a, b}))
			if err != nil {
				continue
			}
			tag := language.Make(base.String())
			name := langs.Name(tag)
			reg, _ := tag.Region()
			r, ok := regions[reg.String()]
			if !ok || name == "" || r.kind != KindCountry {
				continue
			}
			name, _, _ = strings.Cut(name, " ") // "Norwegian Bokmål"

			for _, w := range strings.Fields(r.name) {
				if commonPrefix(w, name) >= 3 {
					add(name, r)
				}
			}
		}
	}
	for _, code := range countries {
		r := regions[code]
		for _, d := range demonyms(r.name) {
			add(d, r)
		}
		// "UAE", "US"; but not "AI" for Ascension Island, as AI is
		// Anguilla's code: initials that are another region's code are not
		// this one's.
		if in := initialsOf(r.name); len(in) >= 2 && strings.Contains(r.name, " ") {
			if other, err := language.ParseRegion(in); err != nil || regions[other.String()] == r {
				g.initials[in] = r
			}
		}
	}
	for _, code := range []string{"EU", "UN"} {
		if r, ok := regions[code]; ok {
			g.initials[initialsOf(r.name)] = r
		}
	}
	for name := range g.continent {
		for _, d := range demonyms(name) {
			add(d, g.names[name])
		}
	}
	return g
}

// tzAreas are the areas of the IANA time zone database's city names.
var tzAreas = []string{"Europe", "Asia", "America", "Africa", "Australia", "Pacific", "Atlantic",
	"Indian", "America/Argentina", "America/Indiana", "America/Kentucky", "America/North_Dakota"}

// cityLookups bounds the time zone lookups of one text: a news article
// names far fewer places, and each lookup may read files, so a long text
// of names stays fast.
const cityLookups = 256

// cityFinder remembers the names looked up for one text.
type cityFinder struct {
	known   map[string]bool
	lookups int
}

// isCity reports whether name is a city of the IANA time zone database,
// which names the cities most often in the news: "Moscow" (Europe/Moscow),
// "Baghdad", "New York", "São Paulo".
func (cf *cityFinder) isCity(name string) bool {
	if v, ok := cf.known[name]; ok {
		return v
	}
	if cf.known == nil {
		cf.known = map[string]bool{}
	}
	found := false
	if cf.lookups < cityLookups && name != "" && len(name) <= 40 && !strings.ContainsAny(name, "/.") {
		cf.lookups++
		zone := strings.ReplaceAll(fold(name), " ", "_")
		for _, area := range tzAreas {
			if _, err := time.LoadLocation(area + "/" + zone); err == nil {
				found = true
				break
			}
		}
	}
	cf.known[name] = found
	return found
}

// demonyms derives the regular adjectives of a one-word name: Russia →
// Russian, Ukraine → Ukrainian, Iraq → Iraqi, Sudan → Sudanese.
func demonyms(name string) []string {
	if strings.Contains(name, " ") || len(name) < 4 {
		return nil
	}
	last := name[len(name)-1]
	stem := name[:len(name)-1]
	var out []string
	switch last {
	case 'a':
		out = append(out, name+"n", stem+"an")
	case 'e':
		out = append(out, name+"an", stem+"ian", stem+"ese")
	case 'y':
		out = append(out, stem+"ian", stem+"ish")
	case 'o':
		out = append(out, stem+"an")
	default:
		out = append(out, name+"ian", name+"i", name+"ese", name+"an")
	}
	if strings.HasSuffix(name, "um") {
		out = append(out, name[:len(name)-2]+"an")
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// initialsOf is the acronym of a name: its capitalised words' first
// letters, connectors left out.
func initialsOf(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if connectors[w] || w == "" {
			continue
		}
		c := w[0]
		if c >= 'A' && c <= 'Z' {
			b.WriteByte(c)
		}
	}
	return b.String()
}
