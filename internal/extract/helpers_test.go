package extract

import "unicode/utf8"

// onRuneBoundary reports whether offset i does not fall inside a valid
// UTF-8 sequence of text.
func onRuneBoundary(text []byte, i int) bool {
	if i <= 0 || i >= len(text) {
		return true
	}
	// Walk back to the start of the sequence that could contain i.
	for j := i - 1; j >= 0 && j >= i-utf8.UTFMax+1; j-- {
		if utf8.RuneStart(text[j]) {
			r, size := utf8.DecodeRune(text[j:])
			if r == utf8.RuneError && size == 1 {
				return true
			}
			return j+size <= i
		}
	}
	return true
}
