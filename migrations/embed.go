// Package migrations holds the goose SQL migrations, embedded in the binary so
// that `portal serve` and `portal migrate` need nothing beside the executable.
package migrations

import "embed"

// FS holds every numbered .sql migration.
//
//go:embed *.sql
var FS embed.FS
