package session

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
)

// cachingCodec is scs's gob codec with its answers remembered. A signed-in
// request decoded the same few hundred bytes three times (the quiet
// store's comparisons and scs's own load) and encoded them once, each time
// with a fresh gob coder that first describes its types: about a tenth of
// the portal's CPU per page at 32 clients. The bytes stay gob, so sessions
// written before (or by another instance) read the same.
type cachingCodec struct {
	gob scs.GobCodec

	mu      sync.Mutex
	decoded map[string]decodedSession
	encoded map[string][]byte
}

type decodedSession struct {
	deadline time.Time
	values   map[string]any
}

// maxCodecEntries bounds each map: when full it starts afresh.
const maxCodecEntries = 10000

func newCachingCodec() *cachingCodec {
	return &cachingCodec{decoded: map[string]decodedSession{}, encoded: map[string][]byte{}}
}

func (c *cachingCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	c.mu.Lock()
	d, ok := c.decoded[string(b)]
	c.mu.Unlock()
	if ok {
		// Each caller gets its own map: scs changes it in place.
		return d.deadline, maps.Clone(d.values), nil
	}
	deadline, values, err := c.gob.Decode(b)
	if err != nil {
		return deadline, values, err
	}
	if _, ok := encodingKey(deadline, values); ok {
		c.mu.Lock()
		if len(c.decoded) >= maxCodecEntries {
			clear(c.decoded)
		}
		c.decoded[string(b)] = decodedSession{deadline: deadline, values: maps.Clone(values)}
		c.mu.Unlock()
	}
	return deadline, values, nil
}

func (c *cachingCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	key, ok := encodingKey(deadline, values)
	if ok {
		c.mu.Lock()
		b, hit := c.encoded[key]
		c.mu.Unlock()
		if hit {
			return slices.Clone(b), nil
		}
	}
	b, err := c.gob.Encode(deadline, values)
	if err != nil || !ok {
		return b, err
	}
	c.mu.Lock()
	if len(c.encoded) >= maxCodecEntries {
		clear(c.encoded)
	}
	c.encoded[key] = slices.Clone(b)
	c.mu.Unlock()
	return b, nil
}

// encodingKey spells a session's contents out in a fixed order (gob
// writes a map in Go's random order, so the bytes themselves cannot be the
// key). Only the plain values sessions hold here are keyed (ids, strings,
// flags, times); anything else is not cached.
func encodingKey(deadline time.Time, values map[string]any) (string, bool) {
	var sb strings.Builder
	sb.WriteString(strconv.FormatInt(deadline.UnixNano(), 10))
	sb.WriteString(deadline.Location().String())
	for _, k := range slices.Sorted(maps.Keys(values)) {
		sb.WriteByte(0)
		sb.WriteString(k)
		sb.WriteByte(0)
		switch v := values[k].(type) {
		case int64:
			sb.WriteString("i" + strconv.FormatInt(v, 10))
		case int:
			sb.WriteString("n" + strconv.Itoa(v))
		case string:
			sb.WriteString("s" + strconv.Quote(v))
		case bool:
			sb.WriteString("b" + strconv.FormatBool(v))
		default:
			return "", false
		}
	}
	return sb.String(), true
}
