package browsertest

import (
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// checkRef classifies one URL written in file `from` (slash path relative to
// the output root). It returns the slash path of the internal target file
// ("" for external or same-document URLs that need no file), the fragment to
// look up in it (ok=false when there is none to check), and a problem if the
// URL breaks a rule.
func checkRef(from string, r ref) (target, frag string, hasFrag bool, problem string) {
	v := strings.TrimSpace(r.val)
	if r.tag == "base" {
		return "", "", false, "<base> changes how every relative link resolves"
	}
	if v == "" {
		return "", "", false, "empty URL"
	}
	u, err := url.Parse(v)
	if err != nil {
		return "", "", false, fmt.Sprintf("unparsable URL: %v", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "":
	case "http", "https":
		if r.resource {
			return "", "", false, "loads a resource from another host (" + u.Host + ")"
		}
		return "", "", false, ""
	case "data", "mailto", "tel":
		return "", "", false, ""
	case "javascript":
		return "", "", false, "javascript: URL"
	default:
		if r.resource {
			return "", "", false, "resource with scheme " + u.Scheme + ":"
		}
		return "", "", false, ""
	}
	if u.Host != "" || strings.HasPrefix(v, "//") {
		return "", "", false, "protocol-relative URL (breaks under file://)"
	}
	if strings.HasPrefix(u.Path, "/") {
		// 404.html is served for missing URLs at any depth, so only links
		// from the published root path (base_url's) can work there.
		if from != "404.html" || !strings.HasPrefix(u.Path, servedBase) {
			return "", "", false, "root-relative URL (breaks under file:// and under a sub-path)"
		}
		u.Path = strings.TrimPrefix(u.Path, servedBase)
		v = u.Path
		from = "index.html"
	}
	if u.Path == "" {
		target = from
	} else {
		if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." || strings.HasSuffix(u.Path, "/.") || strings.HasSuffix(u.Path, "/..") {
			return "", "", false, "points at a directory, not a file"
		}
		target = path.Join(path.Dir(from), u.Path)
		if target == ".." || strings.HasPrefix(target, "../") {
			return "", "", false, "leaves the site root"
		}
	}
	if strings.Contains(v, "#") {
		if u.Fragment == "" {
			return target, "", false, `empty fragment "#"`
		}
		return target, u.Fragment, true, ""
	}
	return target, "", false, ""
}

var xmlURLRe = regexp.MustCompile(`<loc>\s*([^<\s]+)\s*</loc>|\shref="([^"]*)"`)

// siteBase is the absolute base URL of the site, from the canonical link of
// the index page ("https://host/repo/" for ".../repo/index.html"), or "".
func siteBase(index page) string {
	for _, r := range index.refs {
		if r.tag == "link" && r.attr == "href" && strings.HasSuffix(r.val, "/index.html") && strings.HasPrefix(r.val, "http") {
			return strings.TrimSuffix(r.val, "index.html")
		}
	}
	return ""
}

// fragmentOK reports whether a fragment identifies something in a page whose ids are given.
func fragmentOK(ids map[string]bool, frag string) bool {
	return ids[frag] || frag == "top" || strings.HasPrefix(frag, ":~:")
}

func TestLinksFromDisk(t *testing.T) {
	root := site(t)
	pages := map[string]page{}
	load := func(rel string) (page, error) {
		if p, ok := pages[rel]; ok {
			return p, nil
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return page{}, err
		}
		p := parsePage(data)
		pages[rel] = p
		return p, nil
	}
	var problems []string
	report := func(file string, line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
	}
	checked := 0
	checkOne := func(from string, r ref) {
		checked++
		if r.tag == "parse-error" {
			report(from, r.line, "HTML tokenizer: %s", r.val)
			return
		}
		target, frag, hasFrag, problem := checkRef(from, r)
		if problem != "" {
			report(from, r.line, "<%s %s=%q>: %s", r.tag, r.attr, r.val, problem)
			return
		}
		if target == "" {
			return
		}
		st, err := os.Stat(filepath.Join(root, filepath.FromSlash(target)))
		switch {
		case err != nil:
			report(from, r.line, "<%s %s=%q>: %s does not exist", r.tag, r.attr, r.val, target)
			return
		case !st.Mode().IsRegular():
			report(from, r.line, "<%s %s=%q>: %s is not a regular file", r.tag, r.attr, r.val, target)
			return
		}
		if !hasFrag {
			return
		}
		if !strings.HasSuffix(target, ".html") {
			report(from, r.line, "<%s %s=%q>: fragment on a non-HTML file", r.tag, r.attr, r.val)
			return
		}
		tp, err := load(target)
		if err != nil {
			report(from, r.line, "%v", err)
			return
		}
		if !fragmentOK(tp.ids, frag) {
			report(from, r.line, "<%s %s=%q>: no id %q in %s", r.tag, r.attr, r.val, frag, target)
		}
	}

	files := htmlFiles(t, root)
	for _, rel := range files {
		p, err := load(rel)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.refs {
			checkOne(rel, r)
		}
	}
	// Stylesheets: url() and @import must be local files too.
	cssCount := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(p, ".css") {
			return err
		}
		cssCount++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		for _, u := range cssURLs(string(data)) {
			checkOne(rel, ref{line: u.line, tag: "css", attr: "url", val: u.val, resource: true})
		}
		return nil
	})
	// Feeds and the sitemap: their absolute URLs under base_url (read from
	// index.html's canonical link) must name files of the output too.
	xmlCount := 0
	if base := siteBase(pages["index.html"]); base != "" {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(p, ".xml") {
				return err
			}
			xmlCount++
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			for _, m := range xmlURLRe.FindAllSubmatchIndex(data, -1) {
				var v string
				if m[2] >= 0 {
					v = string(data[m[2]:m[3]])
				} else {
					v = string(data[m[4]:m[5]])
				}
				v = html.UnescapeString(v)
				if !strings.HasPrefix(v, base) {
					continue
				}
				line := 1 + strings.Count(string(data[:m[0]]), "\n")
				// Resolve as if written in index.html, the page at the base.
				r := ref{line: line, tag: "xml", attr: "url", val: strings.TrimPrefix(v, base)}
				if r.val == "" {
					r.val = "index.html" // the bare base URL; GitHub Pages serves index.html
				}
				before := len(problems)
				checkOne("index.html", r)
				for i := before; i < len(problems); i++ {
					problems[i] = fmt.Sprintf("%s:%d: %q: %s", rel, line, v, problems[i][strings.Index(problems[i], ": ")+2:])
				}
			}
			return nil
		})
	}
	t.Logf("checked %d URLs in %d HTML pages, %d stylesheets and %d XML files", checked, len(files), cssCount, xmlCount)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Errorf("%d broken or forbidden URLs", len(problems))
	}
}

// ghPages serves dir under prefix the way GitHub Pages serves a project site:
// files as they are, a directory URL without a slash redirected to one with a
// slash, a directory with a slash served from its index.html, anything else 404.
func ghPages(dir, prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notFound := func() {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			if data, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
				w.Write(data)
			}
		}
		if !strings.HasPrefix(r.URL.Path, prefix) {
			notFound()
			return
		}
		rel := strings.TrimPrefix(r.URL.Path, prefix)
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+rel)))
		st, err := os.Stat(name)
		if err != nil {
			notFound()
			return
		}
		if st.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
			if st, err = os.Stat(name); err != nil {
				notFound()
				return
			}
		}
		f, err := os.Open(name)
		if err != nil {
			notFound()
			return
		}
		defer f.Close()
		if ct := mime.TypeByExtension(filepath.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		http.ServeContent(w, r, "", st.ModTime(), f)
	})
}

// serveSite serves the output on 127.0.0.1 under /briefing/ and returns the
// base URL (ending in /briefing/).
func serveSite(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: ghPages(dir, servedBase), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + servedBase
}

func TestLinksServedUnderSubpath(t *testing.T) {
	root := site(t)
	base := serveSite(t, root)
	baseURL, _ := url.Parse(base)
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	type fetched struct {
		status int
		page   *page // nil unless HTML
		err    error
	}
	cache := map[string]*fetched{}
	fetch := func(u string) *fetched {
		if f, ok := cache[u]; ok {
			return f
		}
		f := &fetched{}
		cache[u] = f
		resp, err := client.Get(u)
		if err != nil {
			f.err = err
			return f
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			f.err = err
			return f
		}
		f.status = resp.StatusCode
		if f.status == http.StatusOK && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			p := parsePage(body)
			f.page = &p
		} else if f.status == http.StatusOK && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
			p := page{}
			for _, c := range cssURLs(string(body)) {
				p.refs = append(p.refs, ref{line: c.line, tag: "css", attr: "url", val: c.val, resource: true})
			}
			f.page = &p
		}
		return f
	}

	var problems []string
	start := base + "index.html"
	queue := []string{start}
	seen := map[string]bool{start: true}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		f := fetch(cur)
		if f.err != nil || f.status != http.StatusOK || f.page == nil {
			continue // reported by whoever linked to it (or below, for the start page)
		}
		curURL, _ := url.Parse(cur)
		for _, r := range f.page.refs {
			u, err := url.Parse(strings.TrimSpace(r.val))
			if err != nil || r.tag == "parse-error" {
				continue // TestLinksFromDisk reports these with file:line
			}
			abs := curURL.ResolveReference(u)
			if abs.Scheme != baseURL.Scheme || abs.Host != baseURL.Host {
				continue
			}
			where := fmt.Sprintf("%s:%d <%s %s=%q>", strings.TrimPrefix(cur, base), r.line, r.tag, r.attr, r.val)
			if !strings.HasPrefix(abs.Path, baseURL.Path) {
				problems = append(problems, fmt.Sprintf("%s: resolves to %s, outside %s", where, abs.Path, baseURL.Path))
				continue
			}
			frag := abs.Fragment
			hasFrag := strings.Contains(r.val, "#")
			abs.Fragment, abs.RawFragment, abs.RawQuery = "", "", ""
			target := abs.String()
			tf := fetch(target)
			switch {
			case tf.err != nil:
				problems = append(problems, fmt.Sprintf("%s: GET %s: %v", where, abs.Path, tf.err))
				continue
			case tf.status != http.StatusOK:
				problems = append(problems, fmt.Sprintf("%s: GET %s: status %d", where, abs.Path, tf.status))
				continue
			}
			if hasFrag && tf.page != nil && !fragmentOK(tf.page.ids, frag) {
				problems = append(problems, fmt.Sprintf("%s: no id %q in %s", where, frag, abs.Path))
			}
			if !seen[target] {
				seen[target] = true
				queue = append(queue, target)
			}
		}
	}
	if f := fetch(start); f.err != nil || f.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, err %v", start, f.status, f.err)
	}

	// Pages on disk that the crawl never reached (informational).
	var unreached []string
	for _, rel := range htmlFiles(t, root) {
		if !seen[base+rel] && rel != "404.html" {
			unreached = append(unreached, rel)
		}
	}
	sort.Strings(unreached)
	t.Logf("crawled %d URLs under %s from index.html; %d HTML pages not reachable from it: %v", len(seen), baseURL.Path, len(unreached), unreached)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Errorf("%d broken links when served under %s", len(problems), baseURL.Path)
	}
}

// TestCheckRef proves that the link rules catch what they must, so that a
// passing TestLinksFromDisk means something.
func TestCheckRef(t *testing.T) {
	for _, c := range []struct {
		from     string
		r        ref
		target   string
		frag     string
		hasFrag  bool
		problem  bool
		describe string
	}{
		{"index.html", ref{tag: "a", val: "actors/kyiv.html"}, "actors/kyiv.html", "", false, false, "relative file"},
		{"actors/kyiv.html", ref{tag: "a", val: "../briefings/x.html#m3"}, "briefings/x.html", "m3", true, false, "parent and fragment"},
		{"actors/kyiv.html", ref{tag: "a", val: "#top"}, "actors/kyiv.html", "top", true, false, "same page"},
		{"index.html", ref{tag: "a", val: "/actors/kyiv.html"}, "", "", false, true, "root-relative"},
		{"index.html", ref{tag: "a", val: "actors/"}, "", "", false, true, "directory"},
		{"actors/kyiv.html", ref{tag: "a", val: ".."}, "", "", false, true, "directory by dots"},
		{"index.html", ref{tag: "a", val: "../outside.html"}, "", "", false, true, "outside the site"},
		{"index.html", ref{tag: "a", val: "#"}, "index.html", "", false, true, "empty fragment"},
		{"index.html", ref{tag: "a", val: ""}, "", "", false, true, "empty href"},
		{"index.html", ref{tag: "a", val: "https://example.org/x"}, "", "", false, false, "external link"},
		{"index.html", ref{tag: "script", val: "https://cdn.example.org/x.js", resource: true}, "", "", false, true, "external script"},
		{"index.html", ref{tag: "css", val: "//fonts.example.org/f.woff2", resource: true}, "", "", false, true, "protocol-relative font"},
		{"index.html", ref{tag: "img", val: "data:image/png;base64,AAAA", resource: true}, "", "", false, false, "data URL"},
		{"index.html", ref{tag: "a", val: "javascript:void(0)"}, "", "", false, true, "javascript URL"},
		{"index.html", ref{tag: "base", val: "https://example.org/"}, "", "", false, true, "<base>"},
	} {
		target, frag, hasFrag, problem := checkRef(c.from, c.r)
		if target != c.target || frag != c.frag || hasFrag != c.hasFrag || (problem != "") != c.problem {
			t.Errorf("%s: checkRef(%q, %q) = %q, %q, %v, %q", c.describe, c.from, c.r.val, target, frag, hasFrag, problem)
		}
	}
}

// TestParsePage checks the tokenizer: line numbers, ids, srcset, inline CSS.
func TestParsePage(t *testing.T) {
	p := parsePage([]byte("<!DOCTYPE html>\n<p id=a>\n<img srcset=\"x.png 1x, y.png 2x\">\n<style>\nb { background: url('z.png') }\n</style>\n<a name=n href=\"#a\">"))
	if !p.ids["a"] || !p.ids["n"] {
		t.Errorf("ids = %v", p.ids)
	}
	var got []string
	for _, r := range p.refs {
		got = append(got, fmt.Sprintf("%d:%s:%s", r.line, r.tag, r.val))
	}
	want := "3:img:x.png 3:img:y.png 5:style:z.png 7:a:#a"
	if strings.Join(got, " ") != want {
		t.Errorf("refs = %v, want %s", got, want)
	}
}
