package extract

// wordTable is a read-only map from words to values, for the lookups made
// for most words of a text (what a word can begin, its tense). Most of
// those words are in no table, and a Go map hashes all of a word before it
// can say so; a wordTable hashes only its length and its first and last
// bytes, which is enough to spread the few dozen words of a table, and
// usually finds an empty slot or a word of another length at once.
type wordTable[V any] struct {
	slots []wordSlot[V] // open addressing with linear probing; "" is empty
	shift uint          // 32 minus log2(len(slots))
}

type wordSlot[V any] struct {
	word string
	val  V
}

// newWordTable returns a table holding the entries of m, none of which may
// be "".
func newWordTable[V any](m map[string]V) *wordTable[V] {
	size, shift := 1, uint(32)
	for size < 4*len(m) { // mostly empty, so that probing is short
		size *= 2
		shift--
	}
	t := &wordTable[V]{slots: make([]wordSlot[V], size), shift: shift}
	for w, v := range m {
		i := slot(shift, w[0], w[len(w)-1], len(w))
		for t.slots[i].word != "" {
			i = (i + 1) & (size - 1)
		}
		t.slots[i] = wordSlot[V]{w, v}
	}
	return t
}

// slot returns where the search for a word starts, given its first and
// last bytes and its length.
func slot(shift uint, first, last byte, n int) int {
	h := uint32(first) | uint32(last)<<8 | uint32(n)<<16
	return int(h * 0x9E3779B1 >> shift)
}

// get returns the value of word w and whether the table holds it.
func (t *wordTable[V]) get(w []byte) (V, bool) {
	if len(w) > 0 {
		mask := len(t.slots) - 1
		for i := slot(t.shift, w[0], w[len(w)-1], len(w)); t.slots[i].word != ""; i = (i + 1) & mask {
			if t.slots[i].word == string(w) {
				return t.slots[i].val, true
			}
		}
	}
	var zero V
	return zero, false
}
