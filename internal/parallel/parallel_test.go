package parallel

import (
	"errors"
	"io/fs"
	"slices"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

func TestForDoesEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]atomic.Int32, n)
		err := For(n, func(w, i int) error {
			if w < 0 || w >= Workers(n) {
				t.Errorf("worker %d out of range", w)
			}
			seen[i].Add(1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n=%d: work %d done %d times", n, i, got)
			}
		}
	}
}

func TestForStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	var done atomic.Int32
	err := For(100000, func(w, i int) error {
		done.Add(1)
		if i == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if done.Load() == 100000 {
		t.Errorf("all work done after an error")
	}
}

func TestReadFiles(t *testing.T) {
	fsys := fstest.MapFS{"a": {Data: []byte("1")}, "b": {Data: []byte("bad")}, "c": {Data: []byte("3")}}
	names := []string{"c", "missing", "a", "b"}
	got, errs := ReadFiles(fsys, names, func(name string, data []byte) (int, error) {
		if string(data) == "bad" {
			return 0, errors.New(name + " is bad")
		}
		return int(data[0] - '0'), nil
	})
	if want := []int{3, 0, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("results %v, want %v", got, want)
	}
	if errs[0] != nil || !errors.Is(errs[1], fs.ErrNotExist) || errs[2] != nil || errs[3] == nil || errs[3].Error() != "b is bad" {
		t.Errorf("errors %v", errs)
	}
}
