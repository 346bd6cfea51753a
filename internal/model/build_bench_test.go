package model

import (
	"bytes"
	"io/fs"
	"os"
	"runtime"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/corpus"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// processCPU is the time the process has spent on every CPU: on a busy
// machine, steadier than the wall's.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBuildCached builds the model from a warm extraction cache, as
// a build after one briefing changed does: the cache is made by a first
// build, written and read back, then every round builds from it.
// BRIEFING_BENCH_SITE names a site on disk (a generated corpus) to use
// instead of a small one generated here. It reports the process's CPU
// time per build as cpu-ns/op beside the wall's ns/op: on two cores a
// stretch that runs on one costs the wall as much as both.
func BenchmarkBuildCached(b *testing.B) {
	site := fs.FS(nil)
	if dir := os.Getenv("BRIEFING_BENCH_SITE"); dir != "" {
		site = os.DirFS(dir)
	} else {
		files := corpus.Files{}
		if err := corpus.Write(corpus.Options{Briefings: 500, Seed: 1}, files, nil); err != nil {
			b.Fatal(err)
		}
		mfs := fstest.MapFS{}
		for name, data := range files {
			mfs[name] = &fstest.MapFile{Data: data}
		}
		site = mfs
	}
	content, problems := annotations.Load(site)
	seedFiles, serrs := seeds.Load(site)
	if err := append(problems, serrs...).Err(); err != nil {
		b.Fatal(err)
	}
	const salt = "bench"
	first := NewExtractCache()
	first.Use(salt)
	if _, errs := Build(content, seedFiles, Options{Cache: first}); errs.Err() != nil {
		b.Fatal(errs.Err())
	}
	var buf bytes.Buffer
	if _, err := first.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	cache, err := ReadExtractCache(&buf)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		cache.Use(salt)
		runtime.GC()
		b.StartTimer()
		start := processCPU()
		if _, errs := Build(content, seedFiles, Options{Cache: cache}); errs.Err() != nil {
			b.Fatal(errs.Err())
		}
		cpu += processCPU() - start
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if cache.Changed() {
		b.Error("the cache changed: a build extracted again what it held")
	}
}
