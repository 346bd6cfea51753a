package model

import (
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// BenchmarkReadExtractCache reads the extraction cache file that
// BRIEFING_BENCH_EXTRACT_CACHE names (one that build left in the user's
// cache directory, of a generated corpus), as every build from the
// caches does first. It reports the process's CPU time per read, steadier
// than the wall's on a busy machine.
func BenchmarkReadExtractCache(b *testing.B) {
	name := os.Getenv("BRIEFING_BENCH_EXTRACT_CACHE")
	if name == "" {
		b.Skip("BRIEFING_BENCH_EXTRACT_CACHE names no cache file")
	}
	cpuTime := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		runtime.GC()
		start := cpuTime()
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ReadExtractCache(f); err != nil {
			b.Fatal(err)
		}
		f.Close()
		cpu += cpuTime() - start
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}
