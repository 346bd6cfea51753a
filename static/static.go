// Package static embeds the default static files (the stylesheet, the
// search script, the favicon). They are copied to the output under the
// same paths, and a site's own static/ file of the same path replaces the
// default.
package static

import "embed"

// FS holds the default static files.
//
//go:embed assets
var FS embed.FS
