package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefing-dev/briefing/internal/diag"
	"github.com/briefing-dev/briefing/internal/model"
)

// reloadScript is added to HTML pages served by serve (never to built
// files): it reloads the page when a rebuild finishes.
const reloadScript = `<script>(function(){var v=null;setInterval(function(){fetch("/_briefing/version").then(function(r){return r.text()}).then(function(t){if(v===null)v=t;else if(t!==v)location.reload()}).catch(function(){})},700)})();</script>`

func runServe(args []string, stdout, stderr io.Writer) error {
	fl := flags("serve", "[-site DIR] [-addr 127.0.0.1:8080] [-drafts]",
		"Serve builds the site into a temporary directory, serves it over HTTP\n"+
			"and rebuilds whenever a file under content/, seeds/, templates/ or\n"+
			"static/ changes; open pages reload themselves. A failed rebuild\n"+
			"prints its errors and keeps serving the last good build.", stderr)
	site := fl.String("site", ".", "site `directory`")
	addr := fl.String("addr", "127.0.0.1:8080", "`address` to listen on")
	drafts := fl.Bool("drafts", true, "include briefings marked draft")
	if err := parse(fl, args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "briefing-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "public")
	var version atomic.Int64
	var mu sync.Mutex
	rebuild := func() {
		mu.Lock()
		defer mu.Unlock()
		start := time.Now()
		_, files, _, warnings, err := buildSite(*site, out, model.Options{Drafts: *drafts}, "", nil)
		report(stderr, *site, "warning: ", warnings)
		var list diag.List
		switch {
		case errors.As(err, &list):
			report(stderr, *site, "", list)
			return
		case err != nil:
			fmt.Fprintln(stderr, err)
			return
		}
		version.Add(1)
		fmt.Fprintf(stderr, "built %d files in %s\n", files, time.Since(start).Round(time.Millisecond))
	}
	rebuild()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving %s on http://%s/index.html\n", *site, ln.Addr())
	go watch(*site, rebuild)
	return http.Serve(ln, serveHandler(out, &version))
}

// serveHandler serves the built site in dir. HTML pages get a script that
// reloads them when version changes; a missing page gets 404.html with
// status 404, as a static host would answer.
func serveHandler(dir string, version *atomic.Int64) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/_briefing/version", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, strconv.FormatInt(version.Load(), 10))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if p == "" {
			p = "index.html"
		}
		name := filepath.Join(dir, filepath.FromSlash(p))
		if !strings.HasSuffix(p, ".html") {
			http.ServeFile(w, r, name)
			return
		}
		data, err := os.ReadFile(name)
		status := http.StatusOK
		if err != nil {
			status = http.StatusNotFound
			data, _ = os.ReadFile(filepath.Join(dir, "404.html"))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		io.WriteString(w, strings.Replace(string(data), "</body>", reloadScript+"</body>", 1))
	})
	return mux
}

// watch calls rebuild when any source file changes. Polling modification
// times is enough for a site's few thousand files and needs no platform
// support.
func watch(site string, rebuild func()) {
	last := snapshot(site)
	for range time.Tick(500 * time.Millisecond) {
		if now := snapshot(site); now != last {
			last = now
			rebuild()
		}
	}
}

func snapshot(site string) string {
	var b strings.Builder
	for _, dir := range []string{"content", "seeds", "templates", "static"} {
		filepath.WalkDir(filepath.Join(site, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}
