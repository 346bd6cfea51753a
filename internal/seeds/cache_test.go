package seeds

import "testing"

// TestParseCache checks that a seed parsed before is handed back, the same
// value, only while its bytes are the same, errors included.
func TestParseCache(t *testing.T) {
	c := NewParseCache()
	first := []byte(" date 2022-02-10 First words.\n")
	steps := []struct {
		name, data string
		same       bool // the value of the step before
		err        bool
	}{
		{"seeds/a.txt", string(first), false, false},
		{"seeds/a.txt", string(first), true, false}, // other bytes, equal
		{"seeds/a.txt", " date 2022-02-11 Other words.\n", false, false},
		{"seeds/a.txt", "no date\x01\n", false, true},
		{"seeds/a.txt", "no date\x01\n", true, true},
		{"seeds/b.txt", "no date\x01\n", false, true},
	}
	var last *Seed
	for i, st := range steps {
		s, err := c.parse(st.name, []byte(st.data), sha256Of)
		if (err != nil) != st.err {
			t.Fatalf("step %d: error %v, want one: %v", i, err, st.err)
		}
		if i > 0 && !st.err && (s == last) != st.same {
			t.Errorf("step %d: same value as before: %v, want %v", i, s == last, st.same)
		}
		if !st.err && string(s.Data) != st.data {
			t.Errorf("step %d: data %q", i, s.Data)
		}
		last = s
	}
	var none *ParseCache
	if s, err := none.parse("seeds/a.txt", first, sha256Of); err != nil || s == nil {
		t.Errorf("no cache: %v, %v", s, err)
	}
}
