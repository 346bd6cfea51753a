package write

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// BenchmarkCarry offers every file of a previous output to Carry, with
// its key, from two goroutines, as a build that changed nothing does;
// Begin and Abort are not timed. With a spare (the output before,
// kept by a build that changed a file), most files are kept in it.
func BenchmarkCarry(b *testing.B) {
	const n = 16000
	files := map[string][2]string{}
	paths := make([]string, 0, n)
	for i := range n {
		p := fmt.Sprintf("d%d/f%d.html", i%100, i)
		sum := sha256.Sum256([]byte(p))
		files[p] = [2]string{hex.EncodeToString(sum[:]), "x"}
		paths = append(paths, p)
	}
	for _, spare := range []bool{false, true} {
		b.Run(fmt.Sprintf("spare=%v", spare), func(b *testing.B) {
			dir := b.TempDir()
			target := Target{Out: filepath.Join(dir, "public"), Site: filepath.Join(dir, "site")}
			keyed(b, target, files)
			if spare {
				changed := maps.Clone(files)
				changed[paths[0]] = [2]string{"changed", "y"}
				keyed(b, target, changed)
				keyed(b, target, files)
				if _, err := os.Stat(spareDir(dir, "public")); err != nil {
					b.Fatal("no spare:", err)
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				o, err := Begin(target)
				if err != nil {
					b.Fatal(err)
				}
				if (o.spare != nil) != spare {
					b.Fatalf("spare %v, want %v", o.spare != nil, spare)
				}
				b.StartTimer()
				var wg sync.WaitGroup
				for w := range 2 {
					wg.Go(func() {
						for i := w; i < n; i += 2 {
							if ok, err := o.Carry(paths[i], files[paths[i]][0]); !ok || err != nil {
								b.Error("not carried", paths[i], err)
								return
							}
						}
					})
				}
				wg.Wait()
				b.StopTimer()
				o.Abort()
				b.StartTimer()
			}
		})
	}
}
