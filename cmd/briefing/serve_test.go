package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
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
	var version atomic.Int64
	version.Store(7)
	srv := httptest.NewServer(serveHandler(dir, &version))
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
		{"/_briefing/version", "7", 200, false},
		{"/assets/", "not here", 404, true},
		{"/assets", "not here", 404, true},
		{"/sub/", "sub home", 200, true},
	}
	for _, tt := range tests {
		status, body := get(tt.path)
		if status != tt.status || !strings.Contains(body, tt.body) || strings.Contains(body, "location.reload") != tt.reload {
			t.Errorf("GET %s: %d %q", tt.path, status, body)
		}
	}
	version.Add(1)
	if _, body := get("/_briefing/version"); body != "8" {
		t.Errorf("version after a rebuild = %q", body)
	}
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
