// Package importer reads a spreadsheet of employers with their contacts (one
// row per contact, the employer's columns repeated, as spreadsheets usually
// are), lets the coordinator map its columns to fields, previews what would
// happen and applies it in one transaction.
//
// The package has three layers:
//
//   - Parse, Guess and Map are pure (no database, no clock): they turn bytes
//     into rows, guess a mapping from the header and validate every row. A fuzz
//     test runs them on arbitrary input.
//   - BuildPlan matches the mapped rows with what the network already holds
//     (by KvK number, else name and postcode; contacts by e-mail address) and
//     decides, field by field, what changes. Also pure.
//   - Store reads the existing data, keeps uploads between the steps and
//     writes the plan with its own SQL and audit entries (source "import").
//
// Cells are text, never formulas: a cell that starts with =, +, - or @ is
// stored as the text it is (the portal never evaluates anything) and flagged
// in the preview; protecting spreadsheet programs from such text is the job
// of the export, on the way out.
package importer

import "time"

// Limits of an upload, stated on the upload page and enforced by Parse and
// the handlers.
const (
	MaxFileBytes = 10 << 20 // the file itself, "10 MB"
	MaxRows      = 20_000   // data rows, not counting the header and empty rows
	MaxColumns   = 100
	MaxCellChars = 2_000

	// MaxRequestBytes is the body limit of the upload request: the file plus
	// room for the multipart framing and the other form fields.
	MaxRequestBytes = MaxFileBytes + 1<<20

	// ParseTimeout bounds reading a file; ApplyTimeout bounds the import
	// transaction.
	ParseTimeout = 30 * time.Second
	ApplyTimeout = 2 * time.Minute

	// UploadTTL is how long an upload is kept between the steps; older ones
	// are deleted when a new file is uploaded.
	UploadTTL = 24 * time.Hour

	// xlsx archives may not unpack to more than this (zip bombs).
	maxUnzippedBytes = 100 << 20
)
