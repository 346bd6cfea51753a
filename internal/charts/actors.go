package charts

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"

	"github.com/briefing-dev/briefing/internal/i18n"
)

// kinds are the actor kinds the stylesheet colours; any other kind is
// drawn in the neutral colour.
var kinds = map[string]bool{"person": true, "organization": true, "country": true, "place": true, "group": true}

func kindClass(prefix, kind string) string {
	if kinds[kind] {
		return prefix + " " + kind
	}
	return prefix
}

// Neighbour is an actor mentioned alongside another one.
type Neighbour struct {
	Name   string
	Href   string // the actor's page, relative to the page the picture goes on
	Kind   string // person, organization, country, place or group
	Shared int    // passages that mention both
}

// Network is an actor and the actors mentioned with it.
type Network struct {
	Actor      string
	Kind       string
	Neighbours []Neighbour
}

// maxNeighbours bounds the network: the strongest ones are drawn, the
// rest counted in the description.
const maxNeighbours = 10

// Network geometry: the actor in the middle, its neighbours on an
// ellipse around it, strongest at the top and then clockwise.
const (
	netWidth  = 440
	netHeight = 300
	netRX     = 80
	netRY     = 104
	netMargin = 4
	// Labels are larger than elsewhere: this picture is wider, so a phone
	// shrinks it more.
	netLabelSize = 14
	netLine      = 15 // between the two lines of a label
)

// NetworkChart draws an actor with its strongest neighbours around it,
// each joined to it by a line as thick as the passages they share, each a
// link to its page. Labels sit outside the ellipse, on the side away from
// the middle, clipped to the canvas, so they neither overlap each other
// nor the lines. The error names the neighbours it left out.
func NetworkChart(n Network, l *i18n.Lang) (template.HTML, error) {
	ns, _, list, bad := ranked(n.Neighbours, maxNeighbours, l, "neighbour %q with %d shared passages",
		func(nb Neighbour) (int, string, string) { return nb.Shared, nb.Name, nb.Href })
	if len(ns) == 0 {
		return "", dropped(bad)
	}
	title := l.Format("chart.network.title", "actor", n.Actor)
	desc := l.Format("chart.network.desc", "actor", n.Actor, "list", list)

	cx, cy := float64(netWidth)/2, float64(netHeight)/2
	top := ns[0].Shared
	// Lay out first: the canvas is cut to what is drawn, so that an actor
	// with two neighbours gets no empty band, and one whose neighbours have
	// short names is drawn larger on a phone.
	type label struct {
		x, y, cos, sin float64 // the node
		tx, ty         float64 // the first line of its label
		anchor         string
		lines          []string
	}
	labels := make([]label, len(ns))
	// The actor and its name.
	selfName := clip(n.Actor, 16)                    // narrower than the gap between the side labels
	selfW := textWidth(selfName, netLabelSize) * 1.1 // bold
	minY, maxY := cy-12, cy+32
	minX, maxX := cx-max(12, selfW/2), cx+max(12, selfW/2)
	for i, nb := range ns {
		a := (-90 + float64(i)*360/float64(len(ns))) * math.Pi / 180
		p := label{cos: math.Cos(a), sin: math.Sin(a)}
		p.x, p.y = cx+netRX*p.cos, cy+netRY*p.sin
		var room float64
		p.anchor = "middle"
		switch {
		case p.cos > 0.1:
			p.anchor, p.tx = "start", p.x+9
			room = netWidth - netMargin - p.tx
		case p.cos < -0.1:
			p.anchor, p.tx = "end", p.x-9
			room = p.tx - netMargin
		default:
			p.tx = p.x
			room = 2 * min(p.tx-netMargin, netWidth-netMargin-p.tx)
		}
		perLine := max(6, int(room/(netLabelSize*0.58)))
		p.lines = wrap(nb.Name, perLine, len(strconv.Itoa(nb.Shared))+1)
		// Side labels are centred on their node; top and bottom ones sit
		// above and below it.
		extra := float64(len(p.lines)-1) * netLine
		switch {
		case p.anchor != "middle":
			p.ty = p.y + 5 - extra/2
		case p.sin < 0:
			p.ty = p.y - 12 - extra
		default:
			p.ty = p.y + 22
		}
		minY = min(minY, p.y-9, p.ty-netLabelSize)
		maxY = max(maxY, p.y+9, p.ty+extra+4)
		minX, maxX = min(minX, p.x-9), max(maxX, p.x+9)
		for j, line := range p.lines {
			if j == len(p.lines)-1 {
				line += " " + strconv.Itoa(nb.Shared)
			}
			w := textWidth(line, netLabelSize)
			switch p.anchor {
			case "start":
				maxX = max(maxX, p.tx+w)
			case "end":
				minX = min(minX, p.tx-w)
			default:
				minX, maxX = min(minX, p.tx-w/2), max(maxX, p.tx+w/2)
			}
		}
		labels[i] = p
	}
	minY, maxY = math.Floor(minY-netMargin), math.Ceil(maxY+netMargin)
	minX, maxX = math.Floor(max(0, minX-netMargin)), math.Ceil(min(netWidth, maxX+netMargin))

	var s svg
	s.openBox("chart-network", "chart-network", int(minX), int(minY), int(maxX-minX), int(maxY-minY), title, desc)

	// Lines first, so that nodes and labels are drawn over them.
	s.raw(`<g class="chart-edges">`)
	for i, nb := range ns {
		p := labels[i]
		s.raw(`<line x1="`)
		s.num(cx)
		s.raw(`" y1="`)
		s.num(cy)
		s.raw(`" x2="`)
		s.num(p.x)
		s.raw(`" y2="`)
		s.num(p.y)
		s.raw(`" stroke-width="`)
		s.num(1.5 + 4.5*float64(nb.Shared)/float64(top))
		s.raw(`"/>`)
	}
	s.raw("</g>\n")

	for i, nb := range ns {
		p := labels[i]
		count := strconv.Itoa(nb.Shared)
		href := safeHref(nb.Href)
		if href != "" {
			s.link(href)
		} else {
			s.raw(`<g>`)
		}
		s.raw(`<title>`)
		s.text(l.Format("list.count", "name", nb.Name, "n", count))
		s.raw(`</title><circle`)
		s.attr("class", kindClass("chart-node", nb.Kind))
		s.raw(` cx="`)
		s.num(p.x)
		s.raw(`" cy="`)
		s.num(p.y)
		s.raw(`" r="6"/>`)
		for j, line := range p.lines {
			s.raw(`<text x="`)
			s.num(p.tx)
			s.raw(`" y="`)
			s.num(p.ty + float64(j)*netLine)
			s.raw(`"`)
			if p.anchor != "start" {
				s.attr("text-anchor", p.anchor)
			}
			s.raw(`>`)
			s.text(line)
			if j == len(p.lines)-1 {
				s.raw(` <tspan class="chart-n">`)
				s.raw(count)
				s.raw(`</tspan>`)
			}
			s.raw(`</text>`)
		}
		if href != "" {
			s.raw("</a>\n")
		} else {
			s.raw("</g>\n")
		}
	}

	// The actor itself, over everything.
	s.raw(`<circle`)
	s.attr("class", kindClass("chart-node chart-self", n.Kind))
	s.raw(` cx="`)
	s.num(cx)
	s.raw(`" cy="`)
	s.num(cy)
	s.raw(`" r="10"/><text class="chart-self-name" aria-hidden="true" x="`)
	s.num(cx)
	s.raw(`" y="`)
	s.num(cy + 28)
	s.raw(`" text-anchor="middle">`)
	s.text(selfName)
	s.raw("</text>\n")
	return template.HTML(s.close()), dropped(bad)
}

// ranked keeps the items whose count is positive, most first, at most max
// of them. items are "name (count)" for each kept, and list their list
// with how many more there were; bad names, by the format given (a name
// and a count), the items left out for their count.
func ranked[T any](all []T, max int, l *i18n.Lang, badFormat string, key func(T) (count int, name, href string)) (kept []T, items []string, list string, bad []string) {
	for _, it := range all {
		if n, name, _ := key(it); n <= 0 {
			bad = append(bad, fmt.Sprintf(badFormat, name, n))
			continue
		}
		kept = append(kept, it)
	}
	sortByCount(kept, key)
	more := len(kept) - max
	if more > 0 {
		kept = kept[:max]
	}
	items = make([]string, len(kept))
	for i, it := range kept {
		n, name, _ := key(it)
		items[i] = l.Format("list.count", "name", name, "n", strconv.Itoa(n))
	}
	list = l.List(items)
	if more > 0 {
		list += l.Text("list.sep") + l.Count("chart.network.more", more)
	}
	return kept, items, list, bad
}

// sortByCount orders items by count, largest first, then by name and
// link, so that ties come out the same on every build.
func sortByCount[T any](items []T, key func(T) (int, string, string)) {
	sort.SliceStable(items, func(i, j int) bool {
		ci, ni, hi := key(items[i])
		cj, nj, hj := key(items[j])
		if ci != cj {
			return ci > cj
		}
		if ni != nj {
			return ni < nj
		}
		return hi < hj
	})
}
