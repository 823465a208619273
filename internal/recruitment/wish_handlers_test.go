package recruitment_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// TestWishProfilePages: the coordinator states the profile (a mistake
// first), the page shows the gaps against the demo members computed in the
// database, the board reads it, and a prospect shows the gap it fills.
func TestWishProfilePages(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	network, name := firstNetwork(t, env)
	path := "/netwerken/" + apptest.ID(network) + "/wensprofiel"
	c := env.Login(t, apptest.Coordinator)

	doc := c.Get(path).Doc(t)
	if !strings.Contains(apptest.Text(doc.Find("main")), "Het netwerk heeft nog geen wensprofiel vastgelegd.") {
		t.Error("an empty profile is not said so")
	}
	res := c.PostForm(path+"/bewerken", url.Values{"versie": {"0"}, "doel": {"veel"}, "groei": {"-1"}, "samenstelling": {"anders"},
		"functies": {"directie", "kapitein"}, "plaatsen": {"Hengelo"}})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc = res.Doc(t)
	for field, want := range map[string]string{
		"doel": "Vul een heel getal in van 1 tot en met 100000.", "groei": "Vul een heel getal in van 0 tot en met 10000.",
		"samenstelling": "Kies of het netwerk gemengd of gericht is.", "functies": "Kies alleen uit de lijst.",
	} {
		if got := apptest.Text(doc.Find("#f-" + field + "-error")); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if got := apptest.Text(doc.Find("#f-plaatsen")); got != "Hengelo" {
		t.Errorf("input not kept: %q", got)
	}

	// Every member of the demo network has a size and a city; the expected
	// words are computed here from the same data, independently.
	members := count(t, env, `SELECT count(*) FROM employers WHERE network_id = $1 AND status = 'lid'`, network)
	withDirectie := count(t, env, `SELECT count(DISTINCT e.id) FROM employers e JOIN contacts c ON c.employer_id = e.id
		WHERE e.network_id = $1 AND e.status = 'lid' AND c.function = 'directie' AND (c.active_until IS NULL OR c.active_until >= current_date)`, network)
	target := members + 7
	res = c.PostForm(path+"/bewerken", url.Values{"versie": {"0"}, "doel": {apptest.ID(target)}, "groei": {"2"}, "samenstelling": {"gemengd"},
		"functies": {"directie", "mvo"}, "plaatsen": {"Nergenshuizen\nnergenshuizen"}, "directie": {"100"}, "soorten": {"bedrijf", "overheid"}})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	text := apptest.Text(c.Get(path).Doc(t).Find(".findings"))
	for _, want := range []string{
		"Nog open · Omvang: Het netwerk heeft " + apptest.ID(members) + " leden; het doel is " + apptest.ID(target) + ": er kunnen er nog 7 bij.",
		"Nog open · Plaatsen: Er ontbreken werkgevers uit Nergenshuizen.",
		apptest.ID(withDirectie) + " van de " + apptest.ID(members) + " leden",
		"gewenst is 100%: daarvoor zijn er nog " + apptest.ID(members-withDirectie) + " nodig.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("findings lack %q:\n%s", want, text)
		}
	}
	if got := apptest.Scalar[string](t, env, `SELECT array_to_string(municipalities, '|') FROM wish_profiles WHERE network_id = $1`, network); got != "Nergenshuizen" {
		t.Errorf("municipalities stored as %q: one place in two spellings is one place", got)
	}

	// A stale form is a conflict; the board reads the profile; the other
	// network's coordinator does not find it.
	apptest.WantStatus(t, c.PostForm(path+"/bewerken", url.Values{"versie": {"0"}, "samenstelling": {"gericht"}}), http.StatusConflict)
	b := env.Login(t, apptest.Bestuur)
	apptest.WantStatus(t, b.Get(path), http.StatusOK)
	apptest.WantStatus(t, b.PostForm(path+"/bewerken", url.Values{"versie": {"1"}, "samenstelling": {"gericht"}}), http.StatusForbidden)
	apptest.WantStatus(t, env.Login(t, apptest.Coordinator2).Get(path), http.StatusNotFound)

	// A prospect with an MVO contact fills the wanted function if no member
	// has one yet; one from the directie helps the directie share.
	mvoMembers := count(t, env, `SELECT count(*) FROM employers e JOIN contacts c ON c.employer_id = e.id
		WHERE e.network_id = $1 AND e.status = 'lid' AND c.function = 'mvo' AND (c.active_until IS NULL OR c.active_until >= current_date)`, network)
	id := apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_function)
		VALUES ($1, 'Directeur BV', 'directeur', 'anders', 'directie') RETURNING id`, network)
	fit := apptest.Text(c.Get("/werving/" + apptest.ID(id) + "/").Doc(t).Find("main"))
	if want := "Brengt een contactpersoon uit de directie; het netwerk zoekt er nog " + apptest.ID(members-withDirectie) + "."; !strings.Contains(fit, want) {
		t.Errorf("prospect page lacks %q", want)
	}
	id = apptest.Scalar[int64](t, env, `INSERT INTO prospects (network_id, name, name_key, source, contact_function)
		VALUES ($1, 'Duurzaam BV', 'duurzaam', 'anders', 'mvo') RETURNING id`, network)
	fit = apptest.Text(c.Get("/werving/" + apptest.ID(id) + "/").Doc(t).Find("main"))
	if filled := strings.Contains(fit, "Vult een gat: de gewenste functie MVO ontbreekt nog in het netwerk."); filled != (mvoMembers == 0) {
		t.Errorf("MVO gap shown = %v, but %d members have an MVO contact", filled, mvoMembers)
	}
	if !strings.Contains(apptest.Text(c.Get("/werving/").Doc(t).Find("main")), "Wensprofiel van "+name) {
		t.Error("the board does not link to the wish profile")
	}
}
