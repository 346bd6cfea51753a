package diag

import (
	"fmt"
	"sort"
	"strings"
)

// DidYouMean returns ` (did you mean "x"?)` for the candidate nearest to
// s, for a message about a name that is not known, or "" when none is near
// enough to be a likely typo.
func DidYouMean(s string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", len(s)/2+2
	for _, c := range sorted {
		d := distance(s, c)
		if strings.Contains(c, s) || strings.Contains(s, c) {
			d = min(d, max(1, len(c)-len(s), len(s)-len(c))/2)
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, in bytes; long
// strings, which are no one's typo, count as far apart without the work.
func distance(a, b string) int {
	if len(a) > 200 || len(b) > 200 {
		return len(a) + len(b)
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
