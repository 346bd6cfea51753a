package render

import "github.com/briefing-dev/briefing/internal/model"

// Templates written before Page.Data (a site's own, or copied by init)
// read a kind's data as fields of the page: {{.Briefing.Article}},
// {{range .BriefingList}}. These methods keep them working; each gives
// what the page's kind has, or nothing. The built-in templates read Data,
// which costs one field look-up instead of a method call.

// Briefing is a briefing page's data.
func (p *Page) Briefing() *BriefingView { v, _ := p.Data.(*BriefingView); return v }

// Actor is an actor page's data.
func (p *Page) Actor() *ActorView { v, _ := p.Data.(*ActorView); return v }

// Tag is a tag page's tag.
func (p *Page) Tag() *model.Tag {
	if v, ok := p.Data.(*TagData); ok {
		return v.Tag
	}
	return nil
}

// Groups is the actors page's groups.
func (p *Page) Groups() []KindGroup {
	if v, ok := p.Data.(*ActorsData); ok {
		return v.Groups
	}
	return nil
}

// Months is the months of the timeline or of a month's page.
func (p *Page) Months() []Month {
	if v, ok := p.Data.(*TimelineData); ok {
		return v.Months
	}
	return nil
}

// Recent is the front page's recent events.
func (p *Page) Recent() []*model.Event {
	if v, ok := p.Data.(*IndexData); ok {
		return v.Recent
	}
	return nil
}

// KeyActors is the front page's most mentioned actors.
func (p *Page) KeyActors() []model.ActorCount {
	if v, ok := p.Data.(*IndexData); ok {
		return v.KeyActors
	}
	return nil
}

// BriefingList is the list of briefings of the front, archive or tag
// page.
func (p *Page) BriefingList() HTMLList {
	switch v := p.Data.(type) {
	case *IndexData:
		return v.BriefingList
	case *ListData:
		return v.BriefingList
	case *TagData:
		return v.BriefingList
	}
	return nil
}

// Total counts the briefings of the front, archive or tag page.
func (p *Page) Total() int {
	switch v := p.Data.(type) {
	case *IndexData:
		return v.Total
	case *ListData:
		return v.Total
	case *TagData:
		return v.Total
	}
	return 0
}
