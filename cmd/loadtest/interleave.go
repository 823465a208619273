package main

import (
	"context"
	"time"
)

// Target is one page of one portal, as one signed-in client asks for it
// (a profile's path names an employer of that portal's database).
type Target struct {
	Client *Client
	Path   string
}

// Interleave measures one page on several portals at one client each, in
// turns: round i sends one request to every side, in reverse order on odd
// rounds (A B, B A, A B, …), so whatever else the machine is doing at that
// moment lands on every side alike and no side is always first. It stops
// after rounds rounds or when budget is spent, always after a whole round,
// so every side has the same number of attempts. A side's Elapsed is the
// time its own requests took.
func Interleave(ctx context.Context, sides []Target, budget time.Duration, rounds int) []Stats {
	lat := make([][]time.Duration, len(sides))
	errs := make([]int, len(sides))
	firstErr := make([]string, len(sides))
	spent := make([]time.Duration, len(sides))
	end := time.Now().Add(budget)
	for i := 0; i < rounds && time.Now().Before(end) && ctx.Err() == nil; i++ {
		for _, s := range roundOrder(len(sides), i) {
			t := time.Now()
			err := sides[s].Client.get(ctx, sides[s].Path)
			took := time.Since(t)
			spent[s] += took
			if err != nil {
				errs[s]++
				if firstErr[s] == "" {
					firstErr[s] = err.Error()
				}
				continue
			}
			lat[s] = append(lat[s], took)
		}
	}
	out := make([]Stats, len(sides))
	for s := range sides {
		out[s] = summarize(lat[s], errs[s], spent[s], firstErr[s])
	}
	return out
}

// roundOrder is the order of the sides in round i: forwards on even
// rounds, backwards on odd ones.
func roundOrder(n, i int) []int {
	order := make([]int, n)
	for k := range order {
		if i%2 == 0 {
			order[k] = k
		} else {
			order[k] = n - 1 - k
		}
	}
	return order
}

// measureOne warms every side up, then interleaves oneRounds rounds within
// oneBudget.
func measureOne(ctx context.Context, sides []Target) []Stats {
	Interleave(ctx, sides, time.Second, 10)
	return Interleave(ctx, sides, oneBudget, oneRounds)
}

// growth is how much slower a page is at the large size than at the small
// one, as the ratio of the two p95s (0 when either is missing).
func growth(small, large Stats) float64 {
	if small.P95 <= 0 || large.P95 <= 0 {
		return 0
	}
	return float64(large.P95) / float64(small.P95)
}
