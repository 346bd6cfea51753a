package render

import (
	"crypto/sha256"
	"testing"

	"github.com/briefing-dev/briefing/internal/model"
)

// TestListDigestsOracle: the digests of long lists of briefings, written
// to the hash a chunk at a time, are those of the list put together
// whole, as they were made before, for lists shorter and longer than a
// chunk.
func TestListDigestsOracle(t *testing.T) {
	m := bigSite(t, 400)
	fp := newFingerprints(m)
	for _, n := range []int{1, 2, chunkSize / sha256.Size, chunkSize/sha256.Size + 1, 150, 400} {
		list := m.Briefings[:n]
		if got, want := fp.briefings(list), oracleBriefingsDigest(fp, list); got != want {
			t.Errorf("the digest of %d briefings differs from the oracle's", n)
		}
		if got, want := fp.order(list), oracleOrderDigest(list); got != want {
			t.Errorf("the order of %d briefings differs from the oracle's", n)
		}
	}
}

func oracleBriefingsDigest(fp *fingerprints, list []*model.Briefing) [sha256.Size]byte {
	buf := make([]byte, 0, len(list)*sha256.Size)
	for _, b := range list {
		sum := fp.briefing[b]
		buf = append(buf, sum[:]...)
	}
	return sha256.Sum256(buf)
}

func oracleOrderDigest(list []*model.Briefing) [sha256.Size]byte {
	buf := make([]byte, 0, len(list)*32)
	for _, b := range list {
		buf = appendStrings(buf, b.Slug)
		buf = b.Published.AppendFormat(buf, "2006-01-02")
	}
	return sha256.Sum256(buf)
}
