package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestServeHandler(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":       "<html><body>home</body></html>",
		"404.html":         "<html><body>not here</body></html>",
		"assets/style.css": "body{}",
		"sub/index.html":   "<html><body>sub home</body></html>",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	srv := httptest.NewServer(serveHandler(dir, newLive(dir)))
	defer srv.Close()
	get := func(p string) (int, string) {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		path, body string
		status     int
		reload     bool
	}{
		{"/", "home", 200, true},
		{"/index.html", "home", 200, true},
		{"/missing.html", "not here", 404, true},
		{"/a/b/../../index.html", "home", 200, true},
		{"/assets/style.css", "body{}", 200, false},
		{"/assets/", "not here", 404, true},
		{"/assets", "not here", 404, true},
		{"/sub/", "sub home", 200, true},
	}
	for _, tt := range tests {
		status, body := get(tt.path)
		if status != tt.status || !strings.Contains(body, tt.body) || strings.Contains(body, "/_briefing/events?sum=") != tt.reload {
			t.Errorf("GET %s: %d %q", tt.path, status, body)
		}
	}
}

// TestLiveEvents: an open page hears "reload" only when its own bytes
// changed, the errors of a failed rebuild, and "ok" when it builds again.
func TestLiveEvents(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "index.html")
	other := filepath.Join(dir, "other.html")
	os.WriteFile(page, []byte("<html><body>one</body></html>"), 0o644)
	os.WriteFile(other, []byte("<html><body>other</body></html>"), 0o644)
	pages := newLive(dir)
	srv := httptest.NewServer(serveHandler(dir, pages))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	sum := regexp.MustCompile(`sum=([0-9a-f]{64})`).FindSubmatch(body)
	if sum == nil {
		t.Fatalf("no digest in the served page: %s", body)
	}
	events, err := http.Get(srv.URL + "/_briefing/events?sum=" + string(sum[1]) + "&page=%2F")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(events.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func() string {
		var ev []string
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatal("the event stream ended")
				}
				if l == "" {
					return strings.Join(ev, "|")
				}
				ev = append(ev, l)
			case <-time.After(5 * time.Second):
				t.Fatal("no event")
			}
		}
	}
	waitSubscribed := func() {
		for i := 0; i < 100; i++ {
			pages.mu.Lock()
			n := len(pages.pages)
			pages.mu.Unlock()
			if n == 1 {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatal("the page did not subscribe")
	}
	waitSubscribed()

	os.WriteFile(other, []byte("<html><body>changed</body></html>"), 0o644)
	pages.built("") // another page changed: nothing for this one
	pages.built("content/briefings/x.md:3:10: unknown actor \"ada\"\nseeds/y.txt:1:1: missing date header")
	if got := next(); got != `event: failure|data: content/briefings/x.md:3:10: unknown actor "ada"|data: seeds/y.txt:1:1: missing date header` {
		t.Errorf("after a failed rebuild: %q", got)
	}
	pages.built("")
	if got := next(); got != "event: ok|data: " {
		t.Errorf("after the fix, unchanged page: %q", got)
	}
	os.WriteFile(page, []byte("<html><body>two</body></html>"), 0o644)
	pages.built("")
	if got := next(); got != "event: reload|data: " {
		t.Errorf("after its page changed: %q", got)
	}

	// A page made first in a rebuild: shown tells it to reload and waits
	// until it says it is drawn anew, before the rest of the site is made.
	os.WriteFile(page, []byte("<html><body>three</body></html>"), 0o644)
	returned := make(chan time.Duration, 1)
	start := time.Now()
	go func() {
		pages.shown()
		returned <- time.Since(start)
	}()
	if got := next(); got != "event: reload|data: " {
		t.Errorf("shown, its page changed: %q", got)
	}
	select {
	case d := <-returned:
		t.Fatalf("shown returned after %v, before the page was drawn", d)
	case <-time.After(reloadWait / 5):
	}
	for _, drawn := range []string{"/other.html", "/"} {
		resp, err := http.Post(srv.URL+"/_briefing/shown", "text/plain", strings.NewReader(drawn))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if d := <-returned; d >= reloadWait {
		t.Errorf("shown returned after %v, when the page said it was drawn", d)
	}
	// A page that never says so (a hidden tab) holds the rebuild no
	// longer than reloadWait.
	os.WriteFile(page, []byte("<html><body>four</body></html>"), 0o644)
	start = time.Now()
	pages.shown()
	if d := time.Since(start); d < reloadWait || d > reloadWait+2*time.Second {
		t.Errorf("shown, the page silent: returned after %v, want about %v", d, reloadWait)
	}
	next()
}

func TestHostGuard(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "site") })
	tests := []struct {
		bound string
		hosts map[string]int
	}{
		{"127.0.0.1:8080", map[string]int{
			"127.0.0.1:8080": 200, "localhost:8080": 200, "LOCALHOST.:8080": 200, "app.localhost:8080": 200,
			"[::1]:8080": 200, "127.0.0.2": 200, "evil.example:8080": 403, "evil.example": 403,
			"127.0.0.1.evil.example": 403, "10.0.0.5:8080": 403, "": 403, "localhost.evil.example": 403,
		}},
		{"192.168.1.20:8080", map[string]int{
			"192.168.1.20:8080": 200, "localhost:8080": 200, "192.168.1.21:8080": 403, "news.example:8080": 403,
		}},
		{"0.0.0.0:8080", map[string]int{
			"192.168.1.20:8080": 200, "10.1.2.3": 200, "localhost": 200, "rebind.example:8080": 403,
		}},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.bound)
		if err != nil {
			t.Fatal(err)
		}
		h := hostGuard(addr, ok)
		for host, want := range tt.hosts {
			r := httptest.NewRequest("GET", "/index.html", nil)
			r.Host = host
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != want || (want == 200) != (w.Body.String() == "site") {
				t.Errorf("bound %s, Host %q: %d %q, want %d", tt.bound, host, w.Code, w.Body.String(), want)
			}
		}
	}
}

// TestSavesQueue checks how changes wait for the rebuild: together, and
// as "unknown" once any was.
func TestSavesQueue(t *testing.T) {
	q := newSaves()
	if q.pending() {
		t.Fatal("pending before any change")
	}
	q.add([]string{"content/briefings/a.md"})
	q.add([]string{"seeds/a.txt"})
	if !q.pending() {
		t.Fatal("changes not pending")
	}
	if got := q.take(); !slices.Equal(got, []string{"content/briefings/a.md", "seeds/a.txt"}) {
		t.Errorf("took %q", got)
	}
	if q.pending() {
		t.Error("pending after all were taken")
	}
	q.add([]string{"seeds/b.txt"})
	q.add(nil)
	q.add([]string{"seeds/c.txt"})
	if got := q.take(); got != nil {
		t.Errorf("took %q after a change of unknown paths, want nil", got)
	}
	q.add([]string{})
	if got := q.take(); got == nil || len(got) != 0 {
		t.Errorf("took %q for no path, want an empty list", got)
	}
}
