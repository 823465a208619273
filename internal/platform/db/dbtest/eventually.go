package dbtest

import (
	"testing"
	"time"
)

// Eventually waits until ok holds, checking every 10 ms, and fails the test
// after 10 seconds. It is for what arrives through PostgreSQL on its own
// time: a LISTEN that has started, or a NOTIFY another instance's cache has
// heard. A machine under load may take seconds; a lost notification never
// arrives.
func Eventually(t testing.TB, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("the change did not arrive within 10 seconds")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
