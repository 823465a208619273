package config

import (
	"strings"
	"testing"
)

func TestRetentionYears(t *testing.T) {
	c, err := parse(env(nil))
	if err != nil || c.RetentionYears != 2 {
		t.Fatalf("default: %d, %v", c.RetentionYears, err)
	}
	for v, want := range map[string]int{"1": 1, " 7 ": 7, "30": 30} {
		c, err := parse(env(map[string]string{"RETENTION_YEARS": v}))
		if err != nil || c.RetentionYears != want {
			t.Errorf("RETENTION_YEARS=%q: %d, %v", v, c.RetentionYears, err)
		}
	}
	for _, v := range []string{"0", "31", "-1", "twee", "2.5"} {
		_, err := parse(env(map[string]string{"RETENTION_YEARS": v}))
		if err == nil || !strings.Contains(err.Error(), "RETENTION_YEARS") || !strings.Contains(err.Error(), "1 tot en met 30") {
			t.Errorf("RETENTION_YEARS=%q: %v", v, err)
		}
	}
}
