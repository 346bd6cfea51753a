package model

import "testing"

func TestPlaceholderAt(t *testing.T) {
	for text, want := range map[string]int{
		"TODO: write":         0,
		"title: \"TODO: x\"":  8,
		"a TODOS list":        -1,
		"NOTODO":              -1,
		"todo: lower case":    -1,
		"done; then TODO":     11,
		"":                    -1,
		"TODO_later but TODO": 15,
	} {
		if got := placeholderAt([]byte(text)); got != want {
			t.Errorf("placeholderAt(%q) = %d, want %d", text, got, want)
		}
	}
}
