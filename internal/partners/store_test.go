package partners_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/partners"
	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/identity"
)

func TestStorePartners(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	store := partners.NewStore(env.Pool)
	net1 := networkAt(t, env, 1)
	ctx := asUser(t, env, net1)
	twente, amsterdam := regionID(t, env, "Twente"), regionID(t, env, "Groot Amsterdam")
	find, coach := tagID(t, env, "Kandidaten vinden"), tagID(t, env, "Begeleiding op de werkvloer")

	in := partners.PartnerInput{RegionID: twente, Kind: "gemeente", Name: "Gemeente Hengelo", Email: "werk@hengelo.example.nl",
		TagIDs: []int64{coach, find}}
	pid, err := store.Create(ctx, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	p, err := store.Get(ctx, pid)
	if err != nil || p.Name != in.Name || p.RegionName != "Twente" || p.Version != 1 || !slices.Equal(p.TagIDs, []int64{find, coach}) {
		t.Fatalf("get: %+v, %v", p, err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'partner' AND entity_id = $1 AND action = 'aangemaakt'
		AND actor = 'Test Coördinator' AND employer_id IS NULL AND changes->'soort'->>'new' = 'Gemeente'`, pid); n != 1 {
		t.Errorf("%d audit entries for the creation", n)
	}
	// Unique per region, whatever the case; another region may use the name.
	if _, err := store.Create(ctx, partners.PartnerInput{RegionID: twente, Kind: "gemeente", Name: "GEMEENTE HENGELO"}); !errors.Is(err, partners.ErrNameTaken) {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := store.Create(ctx, partners.PartnerInput{RegionID: amsterdam, Kind: "gemeente", Name: "Gemeente Hengelo"}); err != nil {
		t.Errorf("same name in another region: %v", err)
	}
	// Update with the version read; a stale version is a conflict.
	up := in
	up.Version, up.TagIDs, up.Notes = 1, nil, "Alleen voor Hengelo"
	if err := store.Update(ctx, pid, up); err != nil {
		t.Fatalf("update: %v", err)
	}
	if p, _ := store.Get(ctx, pid); len(p.TagIDs) != 0 || p.Version != 2 || p.Notes != up.Notes {
		t.Errorf("after update: %+v", p)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'partner' AND entity_id = $1 AND action = 'gewijzigd'
		AND changes->'helpt_bij'->>'old' = 'Kandidaten vinden, Begeleiding op de werkvloer' AND changes->'helpt_bij'->>'new' = ''`, pid); n != 1 {
		t.Errorf("%d audit entries for the update", n)
	}
	up.Notes = "Verouderd"
	if err := store.Update(ctx, pid, up); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	if err := store.Update(ctx, 999999, up); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown partner: %v", err)
	}
	if _, err := store.Get(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("get unknown partner: %v", err)
	}
}

func TestStoreReferrals(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	store := partners.NewStore(env.Pool)
	net1, net2 := networkAt(t, env, 1), networkAt(t, env, 2)
	ctx := asUser(t, env, net1)
	twente := regionID(t, env, "Twente")
	e, c := newEmployer(t, env, net1, twente, "Opslagtest BV", "c@opslag.example.nl")
	_, foreign := newEmployer(t, env, net1, twente, "Buurman BV", "b@buurman.example.nl")
	p := newPartner(t, env, twente, "Opslagpartner", "p@partner.example.nl")
	bare := newPartner(t, env, twente, "Partner Zonder Adres", "")
	noMail := apptest.Scalar[int64](t, env, `INSERT INTO contacts (employer_id, name, function, level) VALUES ($1, 'Stil', 'hr', 'tactisch') RETURNING id`, e)

	in := partners.ReferralInput{EmployerID: e, NetworkID: net1, PartnerID: p, ContactID: &c, Question: "Hulp bij werving",
		ReferredOn: day(-2), Status: partners.Referred, Intro: true}
	rid, err := store.CreateReferral(ctx, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	r, err := store.Referral(ctx, identity.Scope{Networks: []int64{net1}}, rid)
	if err != nil || r.NetworkID != net1 || r.MailedAt == nil || r.ContactName != "Carla Contact" || r.PartnerName != "Opslagpartner" {
		t.Fatalf("referral: %+v, %v", r, err)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM audit_log WHERE entity = 'referral' AND entity_id = $1 AND employer_id = $2
		AND action = 'aangemaakt' AND changes->'partner'->>'new' = 'Opslagpartner' AND changes->'status'->>'new' = 'Doorverwezen'`, rid, e); n != 1 {
		t.Errorf("%d audit entries for the referral", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'doorverwijzing_introductie' AND employer_id = $1
		AND to_addr = 'p@partner.example.nl' AND cc_addr = 'c@opslag.example.nl' AND reply_to = 'test.coordinator@example.org'`, e); n != 1 {
		t.Errorf("%d introduction mails queued", n)
	}

	// The rules the transaction checks; nothing is saved when one fails.
	ptr := func(n int64) *int64 { return &n }
	broken := []struct {
		name   string
		change func(*partners.ReferralInput)
		want   error
	}{
		{"unknown partner", func(i *partners.ReferralInput) { i.PartnerID = 999999 }, partners.ErrPartnerGone},
		{"contact of another employer", func(i *partners.ReferralInput) { i.ContactID = ptr(foreign) }, partners.ErrContactInvalid},
		{"mail, partner without address", func(i *partners.ReferralInput) { i.PartnerID = bare }, partners.ErrPartnerNoEmail},
		{"mail, no contact", func(i *partners.ReferralInput) { i.ContactID = nil }, partners.ErrNoContact},
		{"mail, contact without address", func(i *partners.ReferralInput) { i.ContactID = ptr(noMail) }, partners.ErrContactNoEmail},
		{"employer moved", func(i *partners.ReferralInput) { i.NetworkID = net2 }, apperr.ErrNotFound},
	}
	for _, b := range broken {
		bad := in
		b.change(&bad)
		if _, err := store.CreateReferral(ctx, bad); !errors.Is(err, b.want) {
			t.Errorf("%s: %v, want %v", b.name, err, b.want)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM referrals WHERE employer_id = $1`, e); n != 1 {
		t.Errorf("%d referrals after the refused ones, want 1", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM mail_outbox WHERE kind = 'doorverwijzing_introductie'`); n != 1 {
		t.Errorf("%d introduction mails after the refused ones, want 1", n)
	}
	// Without the mail, no address is needed and no contact either.
	quiet := in
	quiet.Intro, quiet.ContactID, quiet.PartnerID = false, nil, bare
	if _, err := store.CreateReferral(ctx, quiet); err != nil {
		t.Errorf("referral without mail: %v", err)
	}

	// Scope: another network's scope neither reads nor updates it.
	other := identity.Scope{Networks: []int64{net2}}
	if _, err := store.Referral(ctx, other, rid); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another network reads it: %v", err)
	}
	st := partners.StatusInput{Status: partners.Done, Outcome: "Geplaatst", Version: 1}
	if err := store.UpdateReferral(ctx, other, rid, st); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another network updates it: %v", err)
	}
	if err := store.UpdateReferral(ctx, identity.Scope{Networks: []int64{net1}}, rid, st); err != nil {
		t.Fatalf("update: %v", err)
	}
	if err := store.UpdateReferral(ctx, identity.Scope{Networks: []int64{net1}}, rid, st); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	if list, _ := store.ForEmployer(ctx, other, e); len(list) != 0 {
		t.Errorf("another network lists %d referrals of the employer", len(list))
	}
	list, counts, err := store.ForPartner(ctx, identity.Scope{Networks: []int64{net1}}, p)
	if err != nil || len(list) != 1 || counts[partners.Done] != 1 || list[0].Outcome != "Geplaatst" {
		t.Errorf("for partner: %+v %v %v", list, counts, err)
	}
	if list, counts, _ := store.ForPartner(ctx, other, p); len(list) != 0 || len(counts) != 0 {
		t.Errorf("another network sees %d referrals to the partner, counts %v", len(list), counts)
	}
}

// TestSuggestions: partners of the employer's region that help with its
// challenges, the most matching first, with the matches named.
func TestSuggestions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	store := partners.NewStore(env.Pool)
	net1 := networkAt(t, env, 1)
	ctx := asUser(t, env, net1)
	// A region without demo partners, so only this test's partners count.
	region := regionID(t, env, "Drenthe")
	tags := map[string]int64{}
	for _, n := range []string{"Kandidaten vinden", "Passend werk maken (jobcarving)", "Begeleiding op de werkvloer", "Behoud en doorgroei", "Draagvlak bij leidinggevenden"} {
		tags[n] = tagID(t, env, n)
	}
	e, _ := newEmployer(t, env, net1, region, "Suggestietest BV", "s@suggestie.example.nl",
		tags["Kandidaten vinden"], tags["Passend werk maken (jobcarving)"], tags["Begeleiding op de werkvloer"])
	one := newPartner(t, env, region, "Zeta Een Match", "", tags["Kandidaten vinden"], tags["Draagvlak bij leidinggevenden"])
	three := newPartner(t, env, region, "Alfa Drie Matches", "", tags["Begeleiding op de werkvloer"], tags["Kandidaten vinden"], tags["Passend werk maken (jobcarving)"])
	two := newPartner(t, env, region, "Beta Twee Matches", "", tags["Passend werk maken (jobcarving)"], tags["Begeleiding op de werkvloer"])
	newPartner(t, env, region, "Geen Match", "", tags["Behoud en doorgroei"])
	newPartner(t, env, regionID(t, env, "Twente"), "Elders Alles", "", tags["Kandidaten vinden"], tags["Passend werk maken (jobcarving)"], tags["Begeleiding op de werkvloer"])

	got, err := store.Suggestions(ctx, e, 5)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, s := range got {
		ids = append(ids, s.PartnerID)
	}
	if !slices.Equal(ids, []int64{three, two, one}) {
		t.Fatalf("suggestions %+v, want three, two, one match(es) and none from elsewhere", got)
	}
	if strings.Join(got[1].Matched, ", ") != "Passend werk maken (jobcarving), Begeleiding op de werkvloer" {
		t.Errorf("matched challenges of the second: %v", got[1].Matched)
	}
	if got, _ := store.Suggestions(ctx, e, 2); len(got) != 2 {
		t.Errorf("limit 2 gives %d", len(got))
	}

	// On the profile: ranked, the matches named, a link to refer to each.
	coord := env.Login(t, apptest.Coordinator)
	doc := coord.Get(fmt.Sprintf("/werkgevers/%d", e)).Doc(t)
	sug := doc.Find("section[aria-labelledby=doorverwijzingen] ul.suggestions li")
	if sug.Length() != 3 {
		t.Fatalf("%d suggestions on the profile", sug.Length())
	}
	if got := apptest.Text(sug.First()); !strings.HasPrefix(got, "Alfa Drie Matches (Anders)") ||
		!strings.Contains(got, "Helpt bij: Kandidaten vinden, Passend werk maken (jobcarving), Begeleiding op de werkvloer") {
		t.Errorf("first suggestion %q", got)
	}
	if sug.First().Find(fmt.Sprintf(`a[href=%q]`, newPath(e)+"&partner="+apptest.ID(three))).Length() != 1 {
		t.Errorf("no link to refer to the first suggestion")
	}
	if strings.Contains(apptest.Text(doc.Find("section[aria-labelledby=doorverwijzingen]")), "Elders Alles") {
		t.Errorf("a partner of another region is suggested")
	}
	// The board reads the suggestions but gets no links to refer.
	doc = env.Login(t, apptest.Bestuur).Get(fmt.Sprintf("/werkgevers/%d", e)).Doc(t)
	if n := doc.Find(`section[aria-labelledby=doorverwijzingen] a[href^="/verwijzingen/nieuw"]`).Length(); n != 0 {
		t.Errorf("the board gets %d links to refer", n)
	}
	if doc.Find("section[aria-labelledby=doorverwijzingen] ul.suggestions li").Length() != 3 {
		t.Errorf("the board does not see the suggestions")
	}

	// Without challenges, or without a region, the section says what to do.
	bare, _ := newEmployer(t, env, net1, region, "Zonder Uitdagingen", "z@zonder.example.nl")
	if got := apptest.Text(coord.Get(fmt.Sprintf("/werkgevers/%d", bare)).Doc(t).Find("section[aria-labelledby=doorverwijzingen]")); !strings.Contains(got, "heeft nog geen uitdagingen genoemd") {
		t.Errorf("no challenges: %q", got)
	}
	nowhere, _ := newEmployer(t, env, net1, 0, "Zonder Regio", "r@zonder.example.nl", tags["Kandidaten vinden"])
	if got := apptest.Text(coord.Get(fmt.Sprintf("/werkgevers/%d", nowhere)).Doc(t).Find("section[aria-labelledby=doorverwijzingen]")); !strings.Contains(got, "Vul de arbeidsmarktregio van de werkgever in") {
		t.Errorf("no region: %q", got)
	}
}

// TestDemoPartners: every demo region has its second ring, and every
// network referred members in every status.
func TestDemoPartners(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM networks n WHERE (SELECT count(DISTINCT p.kind) FROM partners p
		WHERE p.region_id = n.region_id AND p.kind IN ('wsp', 'uwv', 'gemeente', 'reintegratiebureau', 'commercieel', 'matchingsplatform', 'onderwijs')) <> 7`); n != 0 {
		t.Errorf("%d demo networks whose region lacks a kind of partner", n)
	}
	for _, region := range []string{"Twente", "Groot Amsterdam", "Zuid-Kennemerland en IJmond"} {
		if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM partners p JOIN regions r ON r.id = p.region_id
			WHERE r.name = $1 AND p.name IN ('Werkgeversservicepunt ' || $1, 'Onbeperkt aan de Slag')`, region); n != 2 {
			t.Errorf("%s: %d of its WSP and Onbeperkt aan de Slag", region, n)
		}
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM partners p WHERE NOT EXISTS (SELECT 1 FROM partner_tags t WHERE t.partner_id = p.id)
		OR (p.email <> '' AND p.email !~ '@[a-z0-9.-]+\.example\.(nl|org)$') OR p.contact_name = ''`); n != 0 {
		t.Errorf("%d demo partners without challenges, a contact or an example address", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM networks n WHERE (SELECT count(DISTINCT status) FROM referrals r WHERE r.network_id = n.id) <> 5`); n != 0 {
		t.Errorf("%d demo networks without referrals in every status", n)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*)::int FROM referrals r JOIN employers e ON e.id = r.employer_id JOIN partners p ON p.id = r.partner_id
		LEFT JOIN contacts c ON c.id = r.contact_id
		WHERE e.network_id <> r.network_id OR p.region_id <> e.region_id OR c.employer_id <> r.employer_id
		OR r.referred_on > current_date OR r.follow_up_on < r.referred_on
		OR (r.mailed_at IS NOT NULL AND (p.email = '' OR c.email = ''))`); n != 0 {
		t.Errorf("%d implausible demo referrals", n)
	}
	for _, q := range []string{
		`SELECT count(*)::int FROM referrals WHERE follow_up_on < current_date AND status NOT IN ('afgerond', 'niet_gelukt')`,
		`SELECT count(*)::int FROM referrals WHERE mailed_at IS NOT NULL`,
		`SELECT count(*)::int FROM audit_log WHERE entity = 'referral' AND action = 'aangemaakt'`,
	} {
		if n := apptest.Scalar[int](t, env, q); n < 2 {
			t.Errorf("%s = %d, want some", q, n)
		}
	}
}
