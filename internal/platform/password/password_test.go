package password

import "testing"

func TestHashSlotCount(t *testing.T) {
	for _, c := range []struct {
		limit int64
		cpus  int
		want  int
	}{
		{0, 2, 2}, {1 << 62, 8, 8}, {256 << 20, 8, 1}, {8 << 30, 4, 4}, {8 << 30, 64, 32},
	} {
		if got := SlotCount(c.limit, c.cpus); got != c.want {
			t.Errorf("limit %d, %d CPUs: %d slots, want %d", c.limit, c.cpus, got, c.want)
		}
	}
}
