package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
	"github.com/briefing-dev/briefing/internal/write"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fl := flags("serve", "[-site DIR] [-addr 127.0.0.1:8080] [-drafts]",
		"Serve builds the site into a temporary directory, serves it over HTTP\n"+
			"and rebuilds whenever a file under content/, seeds/, templates/ or\n"+
			"static/ changes; open pages reload themselves. A failed rebuild\n"+
			"prints its errors and keeps serving the last good build. It answers\n"+
			"only requests addressed to a loopback name or to the address it\n"+
			"listens on, so that no other web page can read the site through\n"+
			"DNS rebinding, and removes its temporary directory when stopped.", stderr)
	site := fl.String("site", ".", "site `directory`")
	addr := fl.String("addr", "127.0.0.1:8080", "`address` to listen on")
	drafts := fl.Bool("drafts", false, "include briefings marked draft")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		fl.Usage()
		return errUsage
	}
	var tmp string
	var cleanup func()
	stopped, err := startGuarded(func() (func(), error) {
		var err error
		tmp, cleanup, err = write.TempDir("briefing-serve-")
		return cleanup, err
	})
	if err != nil {
		return err
	}
	defer cleanup()
	defer stopped()
	out := filepath.Join(tmp, "public")
	if err := os.Mkdir(out, 0o755); err != nil {
		return err
	}
	pages := newLive(out)
	preview := newPreview(*site, out, model.Options{Drafts: *drafts})
	preview.files = newSiteCache()
	rebuild := func(changed []string) {
		start := time.Now()
		if changed == nil {
			preview.files.forgetAll()
		} else {
			preview.files.forget(changed)
		}
		files, written, warnings, err := preview.rebuild(pages.open(), pages.shown)
		if errors.Is(err, errSuperseded) {
			return // the next rebuild follows at once
		}
		report(stderr, *site, "warning: ", warnings)
		var failure strings.Builder
		var list diag.List
		switch {
		case errors.As(err, &list):
			report(&failure, *site, "", list)
		case err != nil:
			fmt.Fprintln(&failure, err)
		}
		io.WriteString(stderr, failure.String())
		pages.built(strings.TrimSpace(failure.String()))
		// Making the rest of the site leaves much garbage, which the
		// next save's first allocations would have the collector go
		// through while the page waits; it goes now, when nothing does.
		if preview.superseded == nil || !preview.superseded() {
			runtime.GC()
			keepServeMemory()
		}
		if err == nil {
			fmt.Fprintf(stderr, "built %d files (%d changed) in %s\n", files, written, time.Since(start).Round(time.Millisecond))
		}
	}
	rebuild(nil)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving %s on http://%s/index.html\n", *site, ln.Addr())
	queue := newSaves()
	preview.superseded = queue.pending
	go watchSite(*site, queue.add, stderr)
	go func() {
		for {
			rebuild(queue.take())
		}
	}()
	return http.Serve(ln, hostGuard(ln.Addr(), serveHandler(out, pages)))
}

// hostGuard answers 403 to a request whose Host is neither a loopback
// name nor the address the server listens on. A page on another site can
// point its own host name at 127.0.0.1 (DNS rebinding) and then read
// whatever the server shows, drafts included; its requests carry its own
// host name, which this refuses.
func hostGuard(listening net.Addr, next http.Handler) http.Handler {
	var bound net.IP
	if tcp, ok := listening.(*net.TCPAddr); ok {
		bound = tcp.IP
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedHost(r.Host, bound) {
			http.Error(w, "briefing serve answers only requests to localhost or to the address it listens on", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether a Host header names this machine's loopback
// or the address bound. An IP address cannot be rebound, so when the
// server listens on every interface any address it is reached at will do.
func allowedHost(host string, bound net.IP) bool {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.ToLower(strings.Trim(name, "[]")), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	switch {
	case ip == nil:
		return false
	case ip.IsLoopback():
		return true
	case bound != nil && bound.IsUnspecified():
		return true
	}
	return bound != nil && ip.Equal(bound)
}

// serveHandler serves the built site in dir. HTML pages get the script
// that listens for rebuilds; a missing page gets 404.html with status 404,
// as a static host would answer. A directory is never listed: its
// index.html is served, or the 404 page.
func serveHandler(dir string, pages *live) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/_briefing/events", pages)
	mux.HandleFunc("/_briefing/shown", pages.serveDrawn)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := pagePath(r.URL.Path)
		name := filepath.Join(dir, filepath.FromSlash(p))
		info, err := os.Stat(name)
		found := err == nil && info.Mode().IsRegular()
		if found && !strings.HasSuffix(p, ".html") {
			w.Header().Set("Cache-Control", "no-store")
			http.ServeFile(w, r, name)
			return
		}
		var data []byte
		if found {
			data, err = os.ReadFile(name)
		}
		status := http.StatusOK
		if !found || err != nil {
			status = http.StatusNotFound
			data, _ = os.ReadFile(filepath.Join(dir, "404.html"))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		io.WriteString(w, inject(data))
	})
	return mux
}
