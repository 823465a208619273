package demo

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
)

// sources is this package's own code: what Seed writes follows from it.
//
//go:embed *.go
var sources embed.FS

var version = sync.OnceValue(func() string {
	h := sha256.New()
	fs.WalkDir(sources, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := sources.ReadFile(path)
			h.Write([]byte(path))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
})

// Version changes whenever the code of the demo data does. Test helpers key
// a database seeded once with the demo by it, so an edited demo is never
// served from a stale copy.
func Version() string { return version() }
