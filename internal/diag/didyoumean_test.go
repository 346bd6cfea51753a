package diag

import "testing"

func TestDidYouMean(t *testing.T) {
	ids := []string{"emmanuel-macron", "joe-biden", "kyiv"}
	tests := map[string]string{
		"macorn":          "",
		"emmanuel-macorn": ` (did you mean "emmanuel-macron"?)`,
		"joe-bidn":        ` (did you mean "joe-biden"?)`,
		"kiev":            ` (did you mean "kyiv"?)`,
		"zzzzzzzzzz":      "",
	}
	for in, want := range tests {
		if got := DidYouMean(in, ids); got != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", in, got, want)
		}
	}
}
