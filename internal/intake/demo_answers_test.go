package intake

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"netwerkportaal/internal/demo/demotest"
)

// TestDemoAnswersPassTheForm checks that every completed step of every
// seeded intake holds answers the questionnaire itself would accept, in the
// form it would store them: the demo never shows what the form refuses.
func TestDemoAnswersPassTheForm(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := demotest.DB(t)
	rows, err := pool.Query(ctx, `SELECT i.id, i.status, e.network_id, i.answers, i.done_steps
		FROM intakes i JOIN employers e ON e.id = i.employer_id ORDER BY i.id`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, network int64
		status      string
		answers     []byte
		done        []int32
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.status, &r.network, &r.answers, &r.done); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("the demo seeds no intakes")
	}

	checked := 0
	for _, r := range all {
		ref, err := reference(ctx, pool, r.network)
		if err != nil {
			t.Fatalf("reference of network %d: %v", r.network, err)
		}
		var a Answers
		if err := json.Unmarshal(r.answers, &a); err != nil {
			t.Fatalf("intake %d: answers: %v", r.id, err)
		}
		for _, d := range r.done {
			n := int(d)
			if !a.Has(n) {
				t.Errorf("intake %d (%s): step %d is done but has no answers", r.id, r.status, n)
				continue
			}
			stored := a.Step(n)
			out, errs := check(ctx, n, stored, ref)
			if len(errs) > 0 {
				t.Errorf("intake %d (%s): step %d is refused: %v\nanswers: %v", r.id, r.status, n, errs, stored)
				continue
			}
			if !reflect.DeepEqual(out, stored) {
				t.Errorf("intake %d (%s): step %d is stored as\n%v\nthe form would store\n%v", r.id, r.status, n, stored, out)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no completed step was checked")
	}
	t.Logf("%d intakes, %d completed steps checked", len(all), checked)
}
