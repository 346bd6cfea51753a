package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// liveScript is added to HTML pages served by serve (never to built
// files), with SUM replaced by the digest of the page as served. It
// listens for the server's events: "reload" when a rebuild changed this
// page, "failure" with the errors of a failed rebuild, shown over the
// page until "ok" says the site builds again. A page reloads by fetching
// itself and putting the new body and head in place, at the same scroll
// position: a navigation would fetch and apply the style sheets again
// and take longer. The style sheets the new head names again stay where
// they are, the rest of the head is put around them: a sheet taken out
// of the document and put back is fetched again (serve's files are not
// to be stored), and the page waits for it. A page that runs scripts of
// its own (search) or whose fetch fails is reloaded as usual. Once the
// new page is drawn (or the usual reload begins) it tells the server,
// which waits for that before it makes the rest of the site
// (live.shown).
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
	`var h=document.head,kept=[],ref;h.querySelectorAll("link[rel=stylesheet]").forEach(function(l){sheets[l.getAttribute("href")]=l});` +
	`var nodes=Array.from(d.head.childNodes).map(function(n){var l=n.nodeName==="LINK"&&n.rel==="stylesheet"&&sheets[n.getAttribute("href")];` +
	`if(l){delete sheets[n.getAttribute("href")];kept.push(l);return l}return document.adoptNode(n)});` +
	`if(Array.from(h.querySelectorAll("link[rel=stylesheet]")).filter(function(l){return kept.indexOf(l)>=0}).some(function(l,i){return l!==kept[i]})){h.replaceChildren.apply(h,nodes)}else{` +
	`Array.from(h.childNodes).forEach(function(c){if(kept.indexOf(c)<0)c.remove()});ref=h.firstChild;` +
	`nodes.forEach(function(n){if(kept.indexOf(n)>=0)ref=n.nextSibling;else h.insertBefore(n,ref)})}` +
	`document.body.replaceWith(document.adoptNode(d.body));scrollTo(x,y);if(failed)show(failed)}` +
	`function drawn(){navigator.sendBeacon("/_briefing/shown",location.pathname)}` +
	`es.addEventListener("reload",function(){fetch(location.href,{cache:"no-store"})` +
	`.then(function(r){if(!r.ok)throw 0;return r.text()}).then(swap)` +
	`.then(function(){requestAnimationFrame(function(){setTimeout(drawn,0)})})` +
	`.catch(function(){drawn();location.reload()})});` +
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
	// awaiting are the pages shown told to reload that have not said
	// they are drawn yet; drawn is closed when none is left.
	awaiting map[string]bool
	drawn    chan struct{}
}

// reloadWait bounds how long shown waits for the pages it told to
// reload to be drawn: a page in a hidden tab may never be.
const reloadWait = 250 * time.Millisecond

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
// only at its end. It returns when each of them is drawn anew, or after
// reloadWait: the rest of the rebuild, which follows, takes every core,
// and on a machine of few the browser would wait for it.
func (l *live) shown() {
	l.mu.Lock()
	awaiting := map[string]bool{}
	for s := range l.pages {
		if sum := l.sum(s.page); sum != s.sum {
			s.sum = sum
			s.send(event("reload", ""))
			awaiting[s.page] = true
		}
	}
	if len(awaiting) == 0 {
		l.mu.Unlock()
		return
	}
	drawn := make(chan struct{})
	l.awaiting, l.drawn = awaiting, drawn
	l.mu.Unlock()
	timer := time.NewTimer(reloadWait)
	defer timer.Stop()
	select {
	case <-drawn:
	case <-timer.C:
	}
	l.mu.Lock()
	l.awaiting, l.drawn = nil, nil
	l.mu.Unlock()
}

// drawnPage notes that an open page says it is drawn anew, for shown.
func (l *live) drawnPage(page string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.awaiting[page] {
		return
	}
	delete(l.awaiting, page)
	if len(l.awaiting) == 0 {
		close(l.drawn)
		l.awaiting = nil
	}
}

// serveDrawn takes a page's word that it is drawn anew: its path, in
// the body of a POST.
func (l *live) serveDrawn(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	if err != nil {
		return
	}
	l.drawnPage(pagePath(string(body)))
	w.WriteHeader(http.StatusNoContent)
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
