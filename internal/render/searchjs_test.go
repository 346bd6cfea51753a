package render

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/internal/actorkind"
)

// TestSearchJSWordsFromTemplate: every message search.js shows has an
// English fallback in the script and a data attribute on #results that
// search.html fills from the string table, and every actor kind has its
// name there, so that search speaks the site's language.
func TestSearchJSWordsFromTemplate(t *testing.T) {
	js, err := os.ReadFile("../../static/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile("../../templates/search.html")
	if err != nil {
		t.Fatal(err)
	}
	fallbacks := string(js[strings.Index(string(js), "var english = {"):])
	fallbacks = fallbacks[:strings.Index(fallbacks, "};")]
	upper := regexp.MustCompile(`[A-Z]`)
	attr := func(key string) string {
		return "data-" + upper.ReplaceAllStringFunc(key, func(s string) string { return "-" + strings.ToLower(s) }) + `="{{t "`
	}
	keys := map[string]bool{}
	for _, m := range regexp.MustCompile(`say\("([A-Za-z]+)"`).FindAllStringSubmatch(string(js), -1) {
		keys[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`\? "([A-Za-z]+)" : "([A-Za-z]+)"`).FindAllStringSubmatch(string(js), -1) {
		keys[m[1]], keys[m[2]] = true, true // the plural forms countBriefings picks
	}
	if len(keys) < 10 {
		t.Fatalf("found %d messages in search.js; the test no longer reads it", len(keys))
	}
	for key := range keys {
		if !regexp.MustCompile(`\b` + key + `: "`).MatchString(fallbacks) {
			t.Errorf("search.js says %q with no English fallback", key)
		}
		if !strings.Contains(string(page), attr(key)) {
			t.Errorf("search.html has no %s…", attr(key))
		}
	}
	for _, k := range actorkind.Table {
		if want := `data-kind-` + string(k.Kind) + `="{{t "kind.` + string(k.Kind) + `"}}"`; !strings.Contains(string(page), want) {
			t.Errorf("search.html has no %s", want)
		}
	}
}
