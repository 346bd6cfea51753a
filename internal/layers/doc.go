// Package layers holds the test that the packages import only what
// ARCHITECTURE.md ("What each package may import") allows: imports go down
// the pipeline, never up or sideways. It has no code besides this comment.
package layers
