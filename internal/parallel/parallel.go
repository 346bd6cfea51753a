// Package parallel runs independent pieces of work on every CPU. The
// pipeline's stages use it where each briefing, page or file is independent
// of the others; results go into slices indexed by the piece of work, so
// the output never depends on the order in which the work was done.
package parallel

import (
	"errors"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers is how many goroutines For uses for n pieces of work.
func Workers(n int) int { return max(1, min(n, runtime.GOMAXPROCS(0))) }

// ReadFiles reads the named files of fsys and parses each, on every CPU.
// The results and the errors (of reading or of parsing) are in the order of
// names; a file that fails to read is not parsed.
func ReadFiles[T any](fsys fs.FS, names []string, parse func(name string, data []byte) (T, error)) ([]T, []error) {
	results := make([]T, len(names))
	errs := make([]error, len(names))
	For(len(names), func(_, i int) error {
		data, err := fs.ReadFile(fsys, names[i])
		if err != nil {
			errs[i] = err
			return nil
		}
		results[i], errs[i] = parse(names[i], data)
		return nil
	})
	return results, errs
}

// For calls work(worker, i) for every i in [0, n), from Workers(n)
// goroutines; worker (in [0, Workers(n))) identifies the goroutine, for
// scratch space that must not be shared. After the first error no new
// work starts; For returns every error that happened, joined.
func For(n int, work func(worker, i int) error) error {
	workers := Workers(n)
	errs := make([]error, workers)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := work(w, i); err != nil {
					errs[w] = err
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
