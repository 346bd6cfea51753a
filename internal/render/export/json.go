package export

import (
	"strconv"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/model"
)

// appendBriefingJSON appends a briefing's entry of data/site.json: the
// bytes that encoding/json writes for briefingData(b), which is the schema
// (and, in the tests, the oracle). The export holds every mention and date
// of the site, hundreds of thousands of small objects, and encoding/json
// spent most of its time reflecting on them and the rest copying their
// text out of the seeds into strings.
func appendBriefingJSON(dst []byte, b *model.Briefing) []byte {
	data := b.Seed.Data
	dst = append(dst, `{"slug":`...)
	dst = appendJSONString(dst, b.Slug)
	dst = append(dst, `,"title":`...)
	dst = appendJSONString(dst, b.Title)
	dst = append(dst, `,"published":"`...)
	dst = b.Published.AppendFormat(dst, "2006-01-02")
	dst = append(dst, `","seed":`...)
	dst = appendJSONString(dst, b.Seed.Name)
	dst = append(dst, `,"url":`...)
	dst = appendJSONString(dst, "briefings/"+b.Slug+".html")
	dst = append(dst, `,"tags":[`...)
	for i, t := range b.Tags {
		dst = appendComma(dst, i)
		dst = appendJSONString(dst, t.Name)
	}
	dst = append(dst, `],"key_actors":`...)
	dst = appendIDs(dst, b.KeyActors)
	dst = append(dst, `,"mentions":[`...)
	for i, m := range b.Mentions {
		dst = appendComma(dst, i)
		dst = append(dst, `{"actor":`...)
		dst = appendJSONString(dst, m.Actor.ID)
		dst = append(dst, `,"text":`...)
		dst = appendJSONString(dst, data[m.Start:m.End])
		dst = appendSpan(dst, m.Span)
	}
	dst = append(dst, `],"dates":[`...)
	for i, d := range b.Dates {
		dst = appendComma(dst, i)
		dst = append(dst, `{"text":`...)
		dst = appendJSONString(dst, data[d.Start:d.End])
		dst = append(dst, `,"value":`...)
		dst = append(d.Value.AppendTo(append(dst, '"')), '"') // digits and dashes: nothing to escape
		dst = appendSpan(dst, d.Span)
		if d.Corrected {
			dst = append(dst[:len(dst)-1], `,"corrected":true}`...)
		}
	}
	dst = append(dst, `],"events":[`...)
	for i, e := range b.Events {
		dst = appendComma(dst, i)
		dst = append(dst, `{"title":`...)
		dst = appendJSONString(dst, e.Title)
		if !e.Value.IsZero() {
			dst = append(dst, `,"date":"`...)
			dst = append(e.Value.AppendTo(dst), '"')
		}
		dst = append(dst, `,"quote":`...)
		dst = appendJSONString(dst, e.Quote)
		dst = append(dst, `,"actors":`...)
		dst = appendIDs(dst, e.Actors)
		dst = appendSpan(dst, e.Span)
	}
	dst = append(dst, `],"notes":[`...)
	for i, n := range b.Notes {
		dst = appendComma(dst, i)
		dst = append(dst, `{"quote":`...)
		dst = appendJSONString(dst, n.Quote)
		dst = append(dst, `,"text":`...)
		dst = appendJSONString(dst, n.Text)
		dst = appendSpan(dst, n.Span)
	}
	return append(dst, "]}"...)
}

func appendComma(dst []byte, i int) []byte {
	if i > 0 {
		dst = append(dst, ',')
	}
	return dst
}

func appendIDs(dst []byte, actors []*model.Actor) []byte {
	dst = append(dst, '[')
	for i, a := range actors {
		dst = appendComma(dst, i)
		dst = appendJSONString(dst, a.ID)
	}
	return append(dst, ']')
}

// appendSpan ends an object with its "start" and "end".
func appendSpan(dst []byte, s model.Span) []byte {
	dst = append(dst, `,"start":`...)
	dst = strconv.AppendInt(dst, int64(s.Start), 10)
	dst = append(dst, `,"end":`...)
	dst = strconv.AppendInt(dst, int64(s.End), 10)
	return append(dst, '}')
}

// AppendJSONString appends s quoted as encoding/json quotes a string, for
// the pages' structured data.
func AppendJSONString(dst []byte, s string) []byte { return appendJSONString(dst, s) }

// appendJSONString appends s quoted as encoding/json quotes a string: <, >
// and & escaped for HTML, invalid UTF-8 as U+FFFD, U+2028 and U+2029
// escaped for JavaScript.
func appendJSONString[T []byte | string](dst []byte, s T) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune([]byte(s[i:min(len(s), i+utf8.UTFMax)]))
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// jsonPlain are the bytes that appendJSONString copies as they are: a
// table, as the export passes every mention's and date's text through it.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()
