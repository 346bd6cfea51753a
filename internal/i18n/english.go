package i18n

// english is the reference table: every key a reader can meet, with the
// placeholders each one takes. Every other language must have the same keys
// (a test fails otherwise); a site's override file may replace any of them.
//
// Keys ending in ".one" and ".other" are the two plural forms of a count,
// chosen by Lang.Count. Placeholders are {name}; {Name} is the same value
// with its first letter capitalised.
var english = table{
	// The page frame: base.html.
	"frame.skip":         "Skip to content",
	"frame.nav":          "Site",
	"frame.feed":         "Atom feed",
	"frame.data":         "Data (JSON)",
	"frame.title":        "{page} · {site}",
	"nav.briefings":      "Briefings",
	"nav.actors":         "Actors",
	"nav.timeline":       "Timeline",
	"nav.tags":           "Tags",
	"nav.search":         "Search",
	"feed.site":          "{site}",
	"feed.actor":         "{site}: {actor}",
	"feed.actor.link":    "Atom feed of briefings mentioning {actor}",
	"count.mentions":     "mentions",
	"count.passages":     "passages together",
	"badge.key":          "key",
	"kind.person":        "person",
	"kind.organization":  "organisation",
	"kind.country":       "country",
	"kind.place":         "place",
	"kind.group":         "group",
	"kinds.person":       "People",
	"kinds.organization": "Organisations",
	"kinds.country":      "Countries",
	"kinds.place":        "Places",
	"kinds.group":        "Groups",

	// The front page: index.html.
	"index.latest":     "Latest briefings",
	"index.all":        "All briefings",
	"index.empty":      "No briefings yet.",
	"index.mentioned":  "Most mentioned",
	"index.recent":     "Recent events",
	"archive.title":    "All briefings",
	"archive.desc":     "All {n} briefings, newest first.",
	"briefings.one":    "{n} briefing, newest first.",
	"briefings.other":  "{n} briefings, newest first.",
	"briefing.article": "The article",
	"briefing.source":  "Source: {source}",
	"briefing.events":  "Events",
	"briefing.actors":  "Actors",
	"briefing.tags":    "Tags",
	"briefing.comment": "Analysis",
	"briefing.yaml":    "Annotation source ({file})",
	"briefing.pager":   "More briefings",
	"briefing.undated": "Undated",
	"note.label.one":   "Analyst note {list}",
	"note.label.other": "Analyst notes {list}",
	"note.number":      "Note {n}",

	// Actors: actors.html and actor.html.
	"actors.title":      "Actors",
	"actors.desc":       "Everyone and everything the briefings mention, by kind.",
	"actors.empty":      "No actors yet.",
	"actor.desc":        "{actor}: every mention in {site}.",
	"actor.also":        "Also: {list}",
	"actor.wikidata":    "Wikidata {id}",
	"actor.mentions":    "Mentions",
	"actor.unmentioned": "Not mentioned in any briefing yet.",
	"actor.events":      "Events",
	"actor.related":     "Mentioned alongside",
	"actor.briefings":   "Briefings",

	// The timeline: timeline.html and month.html.
	"timeline.title":      "Timeline",
	"timeline.desc":       "Every event and dated passage of the briefings, newest first.",
	"timeline.lede":       "Every event and every dated passage, newest first.",
	"timeline.empty":      "Nothing dated yet.",
	"timeline.more.one":   "{month}: every event and {n} dated passage",
	"timeline.more.other": "{month}: every event and {n} dated passages",
	"timeline.in":         "in {title}",
	"month.title":         "Timeline: {month}",
	"month.desc":          "Every event and dated passage of {month}.",
	"month.lede":          "Every event and dated passage of {month}, newest first.",
	"month.whole":         "The whole timeline",

	// Tags: tags.html and tag.html.
	"tags.title": "Tags",
	"tags.desc":  "Briefings by subject.",
	"tags.empty": "No tags yet.",
	"tag.title":  "Tag: {tag}",
	"tag.desc":   "Briefings tagged {tag}.",
	"tag.all":    "All tags",

	// Search: search.html and assets/search.js.
	"search.title":     "Search",
	"search.desc":      "Search the briefings and actors.",
	"search.label":     "Search briefings and actors",
	"search.noscript":  "Search needs JavaScript. Every briefing is listed on the {front} and every actor on the {actors}.",
	"search.front":     "front page",
	"search.actors":    "actors page",
	"search.none":      "Nothing found for “{query}”.",
	"search.briefings": "Briefings",
	"search.actorlist": "Actors",

	// The missing page: 404.html.
	"notfound.title":  "Page not found",
	"notfound.desc":   "This page does not exist.",
	"notfound.text":   "There is no page at this address. Try the {latest}, the {actors} or the {search}.",
	"notfound.latest": "latest briefings",
	"notfound.actors": "actors",
	"notfound.search": "search",

	// Dates. {day} is the day of the month (date.first replaces it on the
	// first), {month} and {weekday} come from the language's calendar names.
	"date.day":         "{day} {month} {year}",
	"date.weekday":     "{weekday} {day} {month} {year}",
	"date.daymonth":    "{day} {month}",
	"date.first":       "1",
	"date.month":       "{month} {year}",
	"date.month.title": "{month} {year}",
	"date.mon":         "{mon} {year}",
	"date.year":        "{year}",
	"date.week":        "week {week} of {year} (from {start})",

	// Pictures: internal/charts.
	"chart.activity.title":     "Mentions of {actor} per month",
	"chart.activity.desc":      "Mentions from {first} to {last}: {total}; the most in one month: {max}, in {peak}.",
	"chart.span":               "Each bar is {months} months.",
	"chart.older":              "Before {first}, not drawn: {n}.",
	"chart.network.title":      "{actor} and the actors mentioned with them",
	"chart.network.desc":       "Passages shared with {actor}: {list}.",
	"chart.network.more.one":   "and {n} more",
	"chart.network.more.other": "and {n} more",
	"chart.events.title":       "Events and dated passages per month",
	"chart.events.desc":        "From {first} to {last}: {total}; the most in one month: {max}, in {peak}.",
	"chart.story.title":        "The actors of “{title}”",
	"chart.story.desc":         "Mentions in this briefing: {list}.",
	"chart.empty":              "Nothing to show yet.",
	"list.sep":                 ", ",
	"list.count":               "{name} ({n})",
}
