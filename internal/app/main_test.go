package app_test

import (
	"os"
	"testing"

	"netwerkportaal/internal/platform/browsertest"
)

// The browser tests share one Chromium, each in a tab of its own; it is
// closed when they are done.
func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
