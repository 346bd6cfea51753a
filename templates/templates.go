// Package templates embeds the default page templates, so that the binary
// can build any site and `briefing init` can start one. A site's own
// templates/ file of the same name replaces the default; see
// internal/render for what each template receives.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed *.html
var FS embed.FS
