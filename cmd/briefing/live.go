package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// liveScript is added to HTML pages served by serve (never to built
// files), with SUM replaced by the digest of the page as served. It
// listens for the server's events: "reload" when a rebuild changed this
// page, "failure" with the errors of a failed rebuild, shown over the
// page until "ok" says the site builds again. A page reloads by fetching
// itself and putting the new body and head in place, at the same scroll
// position: a navigation would fetch and apply the style sheets again
// and take longer. A page that runs scripts of its own (search) or whose
// fetch fails is reloaded as usual.
const liveScript = `<script>(function(){` +
	`var es=new EventSource("/_briefing/events?sum=SUM&page="+encodeURIComponent(location.pathname)),failed="";` +
	`function show(t){failed=t;var d=document.getElementById("briefing-errors");` +
	`if(!t){if(d)d.remove();return}` +
	`if(!d){d=document.createElement("pre");d.id="briefing-errors";d.setAttribute("role","alert");` +
	`d.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1em 1.2em;` +
	`background:#2b0b0b;color:#ffe4e4;border-top:4px solid #ff6b6b;font:14px/1.45 ui-monospace,monospace;` +
	`white-space:pre-wrap;z-index:2147483647";document.body.appendChild(d)}` +
	`d.textContent="The last rebuild failed; this page is the last good build.\n\n"+t}` +
	`function swap(t){var d=new DOMParser().parseFromString(t,"text/html"),x=scrollX,y=scrollY,sheets={};` +
	`if(document.querySelector("script[src]")||d.querySelector("script[src]")||d.documentElement.lang!==document.documentElement.lang)throw 0;` +
	`document.head.querySelectorAll("link[rel=stylesheet]").forEach(function(l){sheets[l.getAttribute("href")]=l});` +
	`document.head.replaceChildren.apply(document.head,Array.from(d.head.childNodes).map(function(n){` +
	`return n.nodeName==="LINK"&&n.rel==="stylesheet"&&sheets[n.getAttribute("href")]||document.adoptNode(n)}));` +
	`document.body.replaceWith(document.adoptNode(d.body));scrollTo(x,y);if(failed)show(failed)}` +
	`es.addEventListener("reload",function(){fetch(location.href,{cache:"no-store"})` +
	`.then(function(r){if(!r.ok)throw 0;return r.text()}).then(swap).catch(function(){location.reload()})});` +
	`es.addEventListener("failure",function(e){show(e.data)});` +
	`es.addEventListener("ok",function(){show("")});` +
	`})();</script>`

// live tells open pages about rebuilds. Each page subscribes with its own
// path; after a rebuild only the pages whose bytes changed reload, and
// after a failed one every page shows the errors.
type live struct {
	dir string // the served output

	mu      sync.Mutex
	failure string // the last rebuild's errors; "" when it succeeded
	pages   map[*subscriber]bool
}

type subscriber struct {
	page   string   // slash path in the output
	sum    [32]byte // the page's bytes when last seen
	events chan string
}

func newLive(dir string) *live {
	return &live{dir: dir, pages: map[*subscriber]bool{}}
}

// inject adds the live script to an HTML page as served.
func inject(page []byte) string {
	sum := sha256.Sum256(page)
	script := strings.Replace(liveScript, "SUM", hex.EncodeToString(sum[:]), 1)
	return strings.Replace(string(page), "</body>", script+"</body>", 1)
}

// pagePath is the output file that a URL path serves.
func pagePath(urlPath string) string {
	p := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if p == "" || strings.HasSuffix(urlPath, "/") {
		p = path.Join(p, "index.html")
	}
	return p
}

func (l *live) sum(page string) [32]byte {
	data, err := os.ReadFile(filepath.Join(l.dir, filepath.FromSlash(page)))
	if err != nil {
		return [32]byte{}
	}
	return sha256.Sum256(data)
}

// open lists the pages open in a browser, each once.
func (l *live) open() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := map[string]bool{}
	var pages []string
	for s := range l.pages {
		if !seen[s.page] {
			seen[s.page] = true
			pages = append(pages, s.page)
		}
	}
	return pages
}

// shown tells the open pages whose bytes changed to reload, in the middle
// of a rebuild that made them first; whether the site builds is known
// only at its end.
func (l *live) shown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s := range l.pages {
		if sum := l.sum(s.page); sum != s.sum {
			s.sum = sum
			s.send(event("reload", ""))
		}
	}
}

// built records a rebuild: failure is its errors, or "" on success.
func (l *live) built(failure string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	wasFailing := l.failure != ""
	l.failure = failure
	for s := range l.pages {
		switch {
		case failure != "":
			s.send(event("failure", failure))
		default:
			if sum := l.sum(s.page); sum != s.sum {
				s.sum = sum
				s.send(event("reload", ""))
			} else if wasFailing {
				s.send(event("ok", ""))
			}
		}
	}
}

func (s *subscriber) send(ev string) {
	select {
	case s.events <- ev:
	default: // a page that is not reading will reconnect
	}
}

// event formats a server-sent event; each line of data is a data field.
func event(name, data string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "event: %s\n", name)
	for _, line := range strings.Split(data, "\n") {
		fmt.Fprintf(&b, "data: %s\n", line)
	}
	b.WriteString("\n")
	return b.String()
}

// ServeHTTP streams events to one open page until it goes away.
func (l *live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	s := &subscriber{page: pagePath(r.URL.Query().Get("page")), events: make(chan string, 4)}
	hex.Decode(s.sum[:], []byte(r.URL.Query().Get("sum")))
	l.mu.Lock()
	l.pages[s] = true
	switch {
	case l.failure != "":
		s.events <- event("failure", l.failure)
	case l.sum(s.page) != s.sum:
		// Rebuilt between serving the page and this request.
		s.sum = l.sum(s.page)
		s.events <- event("reload", "")
	}
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.pages, s)
		l.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev := <-s.events:
			if _, err := w.Write([]byte(ev)); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
