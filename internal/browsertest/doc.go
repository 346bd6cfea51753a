// Package browsertest proves, from `go test`, that the site `briefing build`
// writes is what README.md ("Output") promises. It has no non-test code
// besides this comment.
//
// TestMain builds ./cmd/briefing into a temporary directory and runs
// `briefing build -site <repo root> -out <tmp>/public` on the repository's own
// example site; every test then checks that output:
//
//   - TestLinksFromDisk (pure Go, always runs): every href/src/srcset on every
//     page resolves, relative to the page, to an existing regular file inside
//     the output (never a directory, never root-relative "/..."), every
//     #fragment exists as an id in its target page, and no page or stylesheet
//     loads a script, style, font or image from another host.
//   - TestLinksServedUnderSubpath (pure Go, always runs): the output is served
//     by net/http on 127.0.0.1 under /briefing/, as GitHub Pages serves a
//     project site; a crawl from /briefing/index.html gets 200 for every
//     internal link (no redirects) and never leaves /briefing/.
//   - TestNuChecker: the W3C Nu HTML checker (vnu.jar, one JVM for all pages)
//     reports no error on any page.
//   - TestChromiumFlow: headless Chromium, driven by chromedp, from file://:
//     index → a briefing → click an actor mention → the actor page links back
//     to the briefing; the timeline shows 2022-02-07; search finds
//     "Reznikov" and "Boryspil". No page logs a script error.
//     Then every page of the site is opened from file:// and none may log a
//     script error or a failed load.
//   - TestAxe: axe-core reports no violation on the index, a briefing, an
//     actor, the actors index, the timeline, the tags index and search pages
//     (every <details> opened), from file:// in light and dark at 1280 px and
//     in light at 390 px, and served over HTTP (where axe can also read the
//     stylesheets).
//   - TestArchive* (archive_test.go), on a generated site of a few
//     thousand briefings built beside it: every paged list (the archive by
//     year, an actor's mentions, a tag, a busy month) followed by its
//     rel="next" and rel="prev" links in Chromium from file://, and served
//     under /briefing/ with every link of its pages answering 200; search
//     from file:// finding a briefing by a word of its body and by an event
//     title, the actor, tag and date filters narrowing, the last page of
//     results reachable, and at most 2 MB of index loaded; the Nu checker
//     and axe-core on the second page of each list and on search results.
//   - TestCheckRef, TestParsePage: the link rules themselves catch what they
//     must (root-relative, directory, external script, missing fragment…).
//
// Under `go test -short` (the race-detector pass of .ci/run) the tests that
// start Chromium or a JVM skip; the plain `go test ./...` runs them.
//
// Optional, opt-in helpers (never run unless asked):
//
//   - TestScreenshots, with BRIEFING_SCREENSHOTS=DIR: PNGs of each page kind,
//     1280 and 390 px wide, light and dark.
//   - TestLighthouse, with BRIEFING_LIGHTHOUSE=1: Lighthouse on the briefing
//     page served on 127.0.0.1, failing below 95 in any category.
//
// External tools. Chromium comes from Debian (/usr/bin/chromium, or
// CHROME_PATH); Java runs the Nu checker; the npm packages vnu-jar, axe-core
// and lighthouse live in ${BRIEFING_TOOLS:-$HOME/.cache/briefing-tools}.
// `bash .ci/browser-tools.sh` installs all of them and is cheap to re-run.
// When a tool is missing the tests that need it skip, so `go test ./...`
// passes on a bare machine — except when CI is set (CI=true in `.ci/run`),
// where a missing tool fails the run.
//
// Run locally:
//
//	bash .ci/browser-tools.sh
//	CI=true go test ./internal/browsertest/ -v
//
// Set BRIEFING_TEST_PUBLIC=DIR to check an already built output directory
// instead of building the repository's site.
package browsertest
