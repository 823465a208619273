package demo

import (
	"bytes"
	"testing"
)

// TestSeedCommitments: most members have commitments, some lack what their
// network requires, one network has a kind of its own, and about two thirds
// report placements with an ambition to compare them with.
func TestSeedCommitments(t *testing.T) {
	t.Parallel() // each on a database of its own
	q := seededQuerier(t)
	ctx, pool := q.ctx, q.pool
	members := q.int(`SELECT count(*) FROM employers WHERE status = 'lid'`)
	with := q.int(`SELECT count(DISTINCT employer_id) FROM commitments`)
	if with*100 < members*70 || with >= members {
		t.Errorf("%d of %d members have commitments, want most but not all", with, members)
	}
	for _, status := range []string{"toegezegd", "getekend", "verlopen", "ingetrokken"} {
		if q.int(`SELECT count(*) FROM commitments WHERE status = $1`, status) == 0 {
			t.Errorf("no %s commitments", status)
		}
	}
	if got := q.str(`SELECT string_agg(DISTINCT k.code, ',') FROM commitments c JOIN commitment_kinds k ON k.id = c.kind_id
		JOIN employers e ON e.id = c.employer_id WHERE e.network_id = (SELECT min(id) FROM networks) AND c.status = 'getekend'`); got != "intentieverklaring" {
		t.Errorf("signed kinds in network 1: %s", got)
	}
	if q.int(`SELECT count(*) FROM commitment_kinds WHERE network_id IS NOT NULL`) != 1 ||
		q.int(`SELECT count(*) FROM commitments c JOIN commitment_kinds k ON k.id = c.kind_id WHERE k.network_id IS NOT NULL`) == 0 {
		t.Error("no network's own kind in use")
	}
	for n := 0; n < 3; n++ {
		lacking := q.int(`SELECT count(DISTINCT s.employer_id) FROM employer_condition_status s JOIN employers e ON e.id = s.employer_id
			WHERE e.status = 'lid' AND NOT s.met AND e.network_id = (SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1)`, n)
		if lacking == 0 {
			t.Errorf("network %d: every member meets every condition; the lists show nothing missing", n+1)
		}
	}
	// Among members of more than two years, who could report every quarter.
	long := q.int(`SELECT count(*) FROM employers WHERE status = 'lid' AND member_since < current_date - 2 * 366`)
	reporting := q.int(`SELECT count(*) FROM employers e WHERE status = 'lid' AND member_since < current_date - 2 * 366
		AND (SELECT count(*) FROM placement_reports p WHERE p.employer_id = e.id) = 8`)
	if long < 6 || reporting*100 < long*50 || reporting*100 > long*80 {
		t.Errorf("%d of %d long-standing members report eight quarters, want about two thirds", reporting, long)
	}
	if q.int(`SELECT count(*) FROM placement_reports WHERE ambition_jobs IS NULL`) != 0 ||
		q.int(`SELECT count(*) FROM placement_reports WHERE people > 0`) == 0 {
		t.Error("reports without an ambition, or without people")
	}
	if q.int(`SELECT count(DISTINCT (year, quarter)) FROM placement_reports`) != 8 {
		t.Error("reports do not cover the last eight quarters")
	}
	var doc []byte
	if err := pool.QueryRow(ctx, `SELECT document FROM commitments WHERE document IS NOT NULL LIMIT 1`).Scan(&doc); err != nil ||
		!bytes.HasPrefix(doc, []byte("%PDF-1.4")) || !bytes.HasSuffix(doc, []byte("%%EOF\n")) {
		t.Errorf("demo document: %v %.40q", err, doc)
	}
	if q.int(`SELECT count(*) FROM audit_log a JOIN commitments c ON c.id = a.entity_id
		WHERE a.entity = 'commitment' AND a.employer_id = c.employer_id AND a.source = 'seed'`) < with {
		t.Error("the demo commitments are not in the history")
	}
}
