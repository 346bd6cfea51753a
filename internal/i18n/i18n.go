// Package i18n holds the site's interface strings and date formats in the
// language that content/site.yaml names: English, French, German and
// Spanish are built in, and a site may replace any string in its own file
// (OverrideFile). A string missing from a language falls back to English.
//
// Strings are looked up by Key and may hold placeholders, {name}, that the
// caller fills; {Name} gives the same value with a capital first letter.
// Month and weekday names come from github.com/goodsign/monday, so that a
// language without built-in strings still gets its own calendar names when
// monday knows them.
package i18n

import (
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goodsign/monday"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/briefing-dev/briefing/internal/diag"
)

// Key names one interface string, e.g. "nav.timeline".
type Key string

// table maps every key of one language to its text.
type table map[Key]string

// builtin is a language whose strings ship with briefing.
type builtin struct {
	tag     language.Tag
	strings table
	names   monday.Locale
}

// builtins are the shipped languages; English comes first and is the
// fallback for everything.
var builtins = []builtin{
	{language.English, english, monday.LocaleEnGB},
	{language.French, french, monday.LocaleFrFR},
	{language.German, german, monday.LocaleDeDE},
	{language.Spanish, spanish, monday.LocaleEsES},
}

var builtinMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(builtins))
	for i, b := range builtins {
		tags[i] = b.tag
	}
	return language.NewMatcher(tags)
}()

// namesMatcher finds the monday locale nearest to a language that has no
// built-in strings, for its month and weekday names.
var namesLocales = monday.ListLocales()
var namesMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(namesLocales))
	for i, l := range namesLocales {
		tags[i] = language.Make(strings.ReplaceAll(string(l), "_", "-"))
	}
	return language.NewMatcher(tags)
}()

// Lang is one site language, ready to use: every key has a text. It is
// safe for use by many goroutines at once.
type Lang struct {
	tag     language.Tag
	strings table
	cal     calendar
}

// English is the default language, with no site overrides.
var English = mustNew("en")

func mustNew(code string) *Lang {
	l, warnings := New(code, Overrides{})
	if len(warnings) > 0 {
		panic(warnings.Error())
	}
	return l
}

// New makes the language that the site's language setting names (a BCP 47
// tag such as "fr" or "de-AT"; empty means English), with the site's
// overrides applied. The warnings say when the setting is not understood or
// has no built-in strings; they point at content/site.yaml.
func New(code string, ov Overrides) (*Lang, diag.List) {
	var warnings diag.List
	site := diag.Pos{File: "content/site.yaml"}
	tag := language.English
	if code != "" {
		t, err := language.Parse(code)
		if err != nil {
			warnings.Warn(site, "language %q is not a language tag (such as en, fr or de-AT); the interface stays in English", code)
		} else {
			tag = t
		}
	}

	b, matched := builtins[0], false
	if _, i, c := builtinMatcher.Match(tag); c >= language.High {
		b, matched = builtins[i], true
	} else if ov.covers() < len(english) {
		warnings.Warn(site, "language %q has no built-in interface strings: English is used for each one that %s does not give", code, OverrideFile)
	}
	names := b.names
	if !matched {
		if _, i, c := namesMatcher.Match(tag); c >= language.High {
			names = namesLocales[i]
		}
	}

	l := &Lang{tag: tag, strings: make(table, len(english))}
	for k, v := range english {
		l.strings[k] = v
	}
	for k, v := range b.strings {
		l.strings[k] = v
	}
	for k, o := range ov.entries {
		l.strings[k] = o.text
	}
	l.cal = newCalendar(names)
	return l, warnings
}

// Tag is the language, for <html lang> and the feeds.
func (l *Lang) Tag() language.Tag { return l.tag }

// Text is the string for k, with no placeholders filled.
func (l *Lang) Text(k Key) string {
	if s, ok := l.strings[k]; ok {
		return s
	}
	return string(k)
}

// Format is the string for k with its placeholders filled from args, given
// as name, value pairs: Format("tag.title", "tag", "russia").
func (l *Lang) Format(k Key, args ...string) string {
	return fill(l.Text(k), func(name string) (string, bool) {
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == name {
				return args[i+1], true
			}
		}
		return "", false
	}, false)
}

// FormatHTML is the string for k as HTML, its own text escaped and its
// placeholders filled with the HTML that args gives (links, for
// instance). A placeholder args lacks is left as it is, escaped.
func (l *Lang) FormatHTML(k Key, args map[string]template.HTML) template.HTML {
	return template.HTML(fill(l.Text(k), func(name string) (string, bool) {
		h, ok := args[name]
		return string(h), ok
	}, true))
}

// Count is the plural form of k (k.one or k.other) that suits n in this
// language, with {n} and the placeholders of args filled.
func (l *Lang) Count(k Key, n int, args ...string) string {
	form := ".other"
	if plural.Cardinal.MatchPlural(l.tag, abs(n), 0, 0, 0, 0) == plural.One {
		form = ".one"
	}
	return l.Format(k+Key(form), append([]string{"n", strconv.Itoa(n)}, args...)...)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// List joins items with the language's separator.
func (l *Lang) List(items []string) string {
	return strings.Join(items, l.Text("list.sep"))
}

// Keys lists every key, sorted: the English table's.
func Keys() []Key {
	keys := make([]Key, 0, len(english))
	for k := range english {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// fill replaces each {name} and {Name} in s with what value gives;
// escape makes the text around them HTML.
func fill(s string, value func(name string) (string, bool), escape bool) string {
	if !strings.Contains(s, "{") {
		if escape {
			return html.EscapeString(s)
		}
		return s
	}
	var b strings.Builder
	text := func(t string) {
		if escape {
			t = html.EscapeString(t)
		}
		b.WriteString(t)
	}
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			text(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			text(s)
			return b.String()
		}
		name := s[i+1 : i+j]
		v, ok := lookup(name, value)
		if !ok {
			text(s[:i+j+1])
		} else {
			text(s[:i])
			b.WriteString(v)
		}
		s = s[i+j+1:]
	}
}

// lookup finds a placeholder's value; a capitalised name asks for the
// value of its lower-case name with a capital first letter.
func lookup(name string, value func(string) (string, bool)) (string, bool) {
	if !isPlaceholder(name) {
		return "", false
	}
	if v, ok := value(name); ok {
		return v, true
	}
	lower := lowerFirst(name)
	if lower == name {
		return "", false
	}
	v, ok := value(lower)
	return upperFirst(v), ok
}

// isPlaceholder: a placeholder name is ASCII letters only.
func isPlaceholder(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// placeholders lists the distinct placeholder names in s, lower-cased.
func placeholders(s string) []string {
	var names []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		if name := s[i+1 : i+j]; isPlaceholder(name) {
			n := lowerFirst(name)
			found := false
			for _, x := range names {
				found = found || x == n
			}
			if !found {
				names = append(names, n)
			}
		}
		s = s[i+j+1:]
	}
	return names
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
