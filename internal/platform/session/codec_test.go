package session

import (
	"reflect"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// The caching codec writes and reads what scs's gob codec does, whichever
// order gob wrote a map in, and no caller's change reaches another.
func TestCachingCodecIsGob(t *testing.T) {
	c := newCachingCodec()
	deadline := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	values := map[string]any{"user": int64(7), "session": int64(9), "flash": "Opgeslagen", "x": true, "n": 3}
	var first []byte
	for range 3 {
		b, err := c.Encode(deadline, values)
		if err != nil {
			t.Fatal(err)
		}
		first = b
		for _, dec := range []scs.Codec{c, scs.GobCodec{}} {
			dl, v, err := dec.Decode(b)
			if err != nil || !dl.Equal(deadline) || !reflect.DeepEqual(v, values) {
				t.Fatalf("decoded %v %v %v", dl, v, err)
			}
		}
	}
	// Bytes from plain gob (another instance) read the same, twice.
	for range 2 {
		b, _ := scs.GobCodec{}.Encode(deadline, values)
		dl, v, err := c.Decode(b)
		if err != nil || !dl.Equal(deadline) || !reflect.DeepEqual(v, values) {
			t.Fatalf("decoded %v %v %v", dl, v, err)
		}
		v["user"] = int64(8) // a caller's change
	}
	_, v, _ := c.Decode(first)
	if v["user"] != int64(7) {
		t.Errorf("a caller's change reached the cache: %v", v["user"])
	}
	// A changed value is a different encoding.
	b, _ := c.Encode(deadline, map[string]any{"user": int64(8), "session": int64(9), "flash": "Opgeslagen", "x": true, "n": 3})
	if _, v, _ := c.Decode(b); v["user"] != int64(8) {
		t.Errorf("changed session decoded as %v", v["user"])
	}
	// Values of other types are encoded, not cached.
	other := map[string]any{"ratio": 0.5}
	b, err := c.Encode(deadline, other)
	if _, v, derr := c.Decode(b); err != nil || derr != nil || !reflect.DeepEqual(v, other) {
		t.Errorf("other types: %v %v %v", v, err, derr)
	}
}
