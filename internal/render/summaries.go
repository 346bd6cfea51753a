package render

import (
	"fmt"
	"html/template"
	"io"
	"slices"

	"github.com/briefing-dev/briefing/internal/cachefile"
)

// A Summaries that build keeps between runs, on disk: rendering every
// briefing's summary from its Markdown was a large part of a build that
// makes few files. An entry depends on the Markdown and the program
// alone: the caller salts the cache with the program's digest (Use),
// and a cache of another salt is emptied. serve keeps one in memory,
// without a salt.

// Use starts a build with the cache: its entries are kept only if they
// were made with the same salt, and from now on the cache notes which
// it gives, so that WriteTo writes only those.
func (c *Summaries) Use(salt string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.salt != salt {
		c.salt = salt
		clear(c.html)
	}
	c.used = map[string]bool{}
	c.added = 0
}

// Changed reports whether WriteTo would write something other than what
// was read: a summary was rendered since Use, or an entry was not used.
func (c *Summaries) Changed() bool {
	differ, _ := c.Stale()
	return differ > 0
}

// Stale reports how many entries WriteTo would write otherwise than
// they were read (made since Use, or not used since) and how many the
// cache holds: build writes a cache again only when enough differ, as a
// few entries made again cost less than the whole written.
func (c *Summaries) Stale() (differ, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.added + len(c.html) - len(c.used), len(c.html)
}

// lookup is the summary rendered from the Markdown md, if the cache
// holds it.
func (c *Summaries) lookup(md string) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	html, ok := c.html[md]
	if ok && c.used != nil {
		c.used[md] = true
	}
	return html, ok
}

// keep keeps the summary rendered from md.
func (c *Summaries) keep(md string, html template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.html[md] = html
	if c.used != nil {
		c.used[md] = true
	}
	c.added++
}

// trim empties a cache that holds many more summaries than a site of n
// briefings shows: what serve's edits left behind.
func (c *Summaries) trim(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.html) > 2*n+1024 {
		clear(c.html)
		clear(c.used)
	}
}

// summaryCacheHeader opens a summaries cache file (see cachefile).
const summaryCacheHeader = "briefing summaries cache v1\n"

// WriteTo writes the salt and the entries used since Use, in the order
// of their Markdown, which ReadSummaries reads back.
func (c *Summaries) WriteTo(w io.Writer) (int64, error) {
	c.mu.Lock()
	keys := make([]string, 0, len(c.used))
	size := len(c.salt)
	for md := range c.used {
		if html, ok := c.html[md]; ok {
			keys = append(keys, md)
			size += len(md) + len(html) + 20
		}
	}
	slices.Sort(keys)
	body := make([]byte, 0, size+20)
	body = cachefile.AppendString(body, c.salt)
	body = cachefile.AppendInt(body, len(keys))
	for _, md := range keys {
		body = cachefile.AppendString(body, md)
		body = cachefile.AppendString(body, string(c.html[md]))
	}
	c.mu.Unlock()
	return cachefile.Write(w, summaryCacheHeader, body)
}

// ReadSummaries reads a cache that WriteTo wrote. A cache that is
// damaged, truncated or of another format is an error, never half read;
// one of another salt is read, and emptied by Use.
func ReadSummaries(r io.Reader) (*Summaries, error) {
	d, err := cachefile.Read(r, summaryCacheHeader)
	if err != nil {
		return nil, err
	}
	d.ShareStrings() // the body is strings, all kept
	c := NewSummaries()
	c.salt = d.String()
	n := d.Count()
	for range n {
		md := d.String()
		c.html[md] = template.HTML(d.String())
	}
	if err := d.Done(); err != nil {
		return nil, fmt.Errorf("summaries cache: %w", err)
	}
	return c, nil
}
