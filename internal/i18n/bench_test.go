package i18n

import "testing"

// BenchmarkHuman spells dates of each precision, as the timeline does for
// every dated passage: go test -run '^$' -bench . ./internal/i18n
func BenchmarkHuman(b *testing.B) {
	fr, _ := New("fr", Overrides{})
	values := []string{"2022-02-10", "2022-W05", "2022-02", "2022"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = fr.Human(values[i%len(values)])
	}
}

// BenchmarkCount is a count with its plural form, as list pages print.
func BenchmarkCount(b *testing.B) {
	fr, _ := New("fr", Overrides{})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = fr.Count("briefings", i%3)
	}
}
