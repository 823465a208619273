package intake

import (
	"context"
	"net/url"
	"testing"
)

// A value retired in /beheer is not offered to an intake that does not hold
// it, and is refused there; an intake whose answers hold it keeps it.
func TestRetiredValuesOnlyForIntakesThatHoldThem(t *testing.T) {
	ref := stepsRef()
	ref.retired = map[string]bool{"tag:31": true, "ml:21": true, "fn:hr": true, "th:51": true}
	ctx := context.Background()

	fresh := ref.offered(url.Values{})
	if label(fresh.Challenges, "31") != "" || label(fresh.Maturity, "21") != "" || label(fresh.Functions, "hr") != "" || label(fresh.Themes, "51") != "" {
		t.Error("a retired value is offered to an intake that does not hold it")
	}
	if label(fresh.Challenges, "32") == "" || label(fresh.Functions, "directie") == "" {
		t.Error("a value in use is no longer offered")
	}
	if _, errs := check(ctx, StepChallenges, form("uitdagingen", "31"), fresh); errs["uitdagingen"] == "" {
		t.Error("a retired challenge was accepted from an intake that did not hold it")
	}

	saved := form("uitdagingen", "31", "uitdagingen", "32")
	if _, errs := check(ctx, StepChallenges, saved, ref.offered(saved)); len(errs) != 0 {
		t.Errorf("saving held answers unchanged: %v", errs)
	}
	people := form("deelnemer_naam", "Anna Jansen", "deelnemer_functie", "hr", "deelnemer_niveau", "strategisch")
	if _, errs := check(ctx, StepPeople, people, ref.offered(people)); len(errs) != 0 {
		t.Errorf("a held retired function: %v", errs)
	}
	if _, errs := check(ctx, StepPeople, people, fresh); len(errs) == 0 {
		t.Error("a retired function was accepted from an intake that did not hold it")
	}
}
