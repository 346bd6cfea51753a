package main

import (
	"io"
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
