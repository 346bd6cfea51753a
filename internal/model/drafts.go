package model

import (
	"bytes"

	"github.com/briefing-dev/briefing/internal/annotations"
	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/extract"
	"github.com/briefing-dev/briefing/internal/seeds"
)

// checkPlaceholders finds the texts that suggest left for the analyst to
// write: a published briefing holding one fails, a draft gets a warning.
func checkPlaceholders(in *annotations.Briefing, problems *diag.List) {
	report := problems.Add
	if in.Draft {
		report = problems.Warn
	}
	fmLines := bytes.Count(in.FrontMatter, []byte("\n"))
	for _, part := range []struct {
		text  []byte
		first int // the file's line of the text's first line
	}{{in.FrontMatter, 2}, {in.Body, fmLines + 3}} {
		i := placeholderAt(part.text)
		if i < 0 {
			continue
		}
		line := part.first + bytes.Count(part.text[:i], []byte("\n"))
		col := i - bytes.LastIndexByte(part.text[:i], '\n')
		what := "a draft still holds it"
		if !in.Draft {
			what = "write the text, or mark the briefing draft: true"
		}
		report(diag.Pos{File: in.File, Line: line, Col: col}, "placeholder %s left by suggest: %s", annotations.Placeholder, what)
		return
	}
}

// placeholderAt returns the offset of the first placeholder word in text,
// or -1.
func placeholderAt(text []byte) int {
	for i := 0; ; {
		j := bytes.Index(text[i:], []byte(annotations.Placeholder))
		if j < 0 {
			return -1
		}
		j += i
		end := j + len(annotations.Placeholder)
		if (j == 0 || !isWordByte(text[j-1])) && (end == len(text) || !isWordByte(text[end])) {
			return j
		}
		i = end
	}
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// draftActors returns the ids of the actors that the left-out drafts
// mention or name.
func draftActors(drafts []*annotations.Briefing, seedsByName map[string]*seeds.Seed, matcher *extract.Matcher) map[string]bool {
	ids := map[string]bool{}
	for _, in := range drafts {
		if seed, ok := seedsByName[in.Seed]; ok {
			for _, m := range matcher.Find(seed.Body()) {
				ids[m.Actor] = true
			}
		}
		for _, r := range in.Actors {
			ids[r.ID] = true
		}
		for _, e := range in.Events {
			for _, r := range e.Actors {
				ids[r.ID] = true
			}
		}
	}
	return ids
}

// withoutDraftOnly leaves out the actors that only left-out drafts
// mention, so that an embargoed story's subjects get no page, no index,
// feed, search or data entry. Actors that nothing mentions yet stay.
func withoutDraftOnly(site *Site, inDrafts map[string]bool) []*Actor {
	if len(inDrafts) == 0 {
		return site.Actors
	}
	key := map[*Actor]bool{}
	for _, b := range site.Briefings {
		for _, a := range b.KeyActors {
			key[a] = true
		}
	}
	kept := site.Actors[:0]
	for _, a := range site.Actors {
		if inDrafts[a.ID] && len(a.Mentions) == 0 && len(a.Events) == 0 && !key[a] {
			continue
		}
		kept = append(kept, a)
	}
	return kept
}
