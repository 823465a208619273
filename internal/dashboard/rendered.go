package dashboard

import (
	"sync"

	"github.com/a-h/templ"

	"netwerkportaal/web"
)

// renderedSections keeps the rendered sections of the snapshots viewed
// last (issue 12): building and rendering them was most of a dashboard
// view, and they only change when the snapshot does (its computed time is
// in the key). The sections are only read after they are stored.
type renderedSections struct {
	mu sync.Mutex
	m  map[string]renderedEntry
}

type renderedEntry struct {
	sections []Section
	signals  []Signal
	html     *web.Fragment
}

// maxRendered bounds the memory: a national director's sections are a few
// hundred kilobytes.
const maxRendered = 64

func newRenderedSections() *renderedSections {
	return &renderedSections{m: map[string]renderedEntry{}}
}

func (r *renderedSections) get(key string) (renderedEntry, bool) {
	if r == nil {
		return renderedEntry{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.m[key]
	return e, ok
}

func (r *renderedSections) put(key string, e renderedEntry) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.m) >= maxRendered {
		clear(r.m) // older snapshots are simply rendered again
	}
	r.m[key] = e
}

// sectionsBlock writes the sections rendered earlier, or renders them. A
// web.Fragment is compressed once for every response that carries it.
func sectionsBlock(p Page) templ.Component {
	if p.sectionsHTML != nil {
		return p.sectionsHTML
	}
	return sections(p)
}
