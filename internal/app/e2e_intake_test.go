package app_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/browsertest"
)

var linkRe = regexp.MustCompile(`https?://\S+/intake/[A-Za-z0-9_-]{43}`)

// press focuses sel and presses Enter on it, as a keyboard user tabbing to
// a button or link would, and returns the status of the page it loads.
func (b *browser) press(sel string) int {
	b.t.Helper()
	return b.load(chromedp.Focus(sel, chromedp.ByQuery), browsertest.Enter())
}

// toggle focuses a checkbox or radio button and presses Space.
func (b *browser) toggle(sel string) {
	b.t.Helper()
	b.run(chromedp.Focus(sel, chromedp.ByQuery), browsertest.Space())
}

func (b *browser) checked(sel string) bool {
	b.t.Helper()
	var ok bool
	b.eval(`(() => { const e = document.querySelector(`+strconv.Quote(sel)+`); return !!(e && e.checked); })()`, &ok)
	return ok
}

// firstUnchecked returns a selector of the first checkbox named name that is
// not checked yet.
func (b *browser) firstUnchecked(name string) string {
	b.t.Helper()
	var id string
	b.eval(`(() => { const e = [...document.querySelectorAll('input[name=`+name+`]')].find(x => !x.checked); return e ? e.id : ""; })()`, &id)
	if id == "" {
		b.t.Fatalf("%s: every %s box is checked already", b.path(), name)
	}
	return "#" + id
}

const nextButton = `button[name=actie][value=volgende]`

// TestE2EIntakeInSeveralSittings is the employer's intake as the issue
// tells it: the coordinator invites, the contact follows the link from the
// mail, fills two steps, leaves the third half-filled and closes the
// browser; days later, in a fresh browser, the answers are there; the
// contact finishes and submits, by keyboard; the coordinator takes two
// answers over and finds them in the profile's Geschiedenis. axe-core checks
// every page on the way, with and without errors.
func TestE2EIntakeInSeveralSittings(t *testing.T) {
	coord := newBrowser(t)
	env := coord.env
	var employerID, contactID int64
	var contactEmail, employerName string
	err := env.Pool.QueryRow(context.Background(), `SELECT e.id, e.name, c.id, c.email FROM employers e
		JOIN contacts c ON c.employer_id = e.id AND c.email <> '' AND c.active_until IS NULL
		WHERE e.network_id = (SELECT id FROM networks ORDER BY id LIMIT 1) AND e.status = 'lid'
		AND NOT EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = e.id) ORDER BY e.id, c.id LIMIT 1`).
		Scan(&employerID, &employerName, &contactID, &contactEmail)
	if err != nil {
		t.Fatal(err)
	}
	profile := "/werkgevers/" + strconv.FormatInt(employerID, 10)

	// The coordinator invites from the profile.
	coord.signIn(apptest.Coordinator)
	coord.open(profile, 200)
	if st := coord.press(`a[href^="/intakes/nieuw?werkgever="]`); st != 200 {
		t.Fatalf("invitation form: status %d", st)
	}
	browsertest.Axe(t, coord.ctx, "uitnodigen")
	if st := coord.press(`form[action="/intakes/nieuw"] button[type=submit]`); st != 422 {
		t.Fatalf("invitation without a contact: status %d, want 422", st)
	}
	browsertest.Axe(t, coord.ctx, "uitnodigen met fouten")
	coord.toggle(`input[name=contactpersoon][value="` + strconv.FormatInt(contactID, 10) + `"]`)
	if st := coord.press(`form[action="/intakes/nieuw"] button[type=submit]`); st != 200 {
		t.Fatalf("invite: status %d", st)
	}
	intakePath := coord.path()
	if !strings.HasPrefix(intakePath, "/intakes/") || coord.value("#intake-link") == "<ontbreekt>" {
		t.Fatalf("after inviting at %s without the link to copy", intakePath)
	}
	browsertest.Axe(t, coord.ctx, "intake uitgenodigd")
	browsertest.Screenshot(t, coord.ctx, "uitgenodigd")

	// The mail arrives over SMTP with the personal link.
	var link string
	for _, m := range env.DeliverMail(t) {
		if strings.Contains(strings.Join(m.To, ","), contactEmail) && strings.Contains(m.Subject, "intake") {
			link = linkRe.FindString(m.Text)
		}
	}
	if link == "" {
		t.Fatalf("no invitation mail with a link to %s", contactEmail)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}

	// First sitting: steps 1 and 2, then step 3 half-filled.
	first := &browser{t: t, ctx: browsertest.New(t), env: env}
	first.open(u.Path, 200)
	if !strings.HasSuffix(first.path(), "/stap/1") {
		t.Fatalf("the link opens %s, want step 1", first.path())
	}
	if got := first.value("#f-naam"); got != employerName {
		t.Errorf("step 1 prefilled with %q, want %q", got, employerName)
	}
	browsertest.Axe(t, first.ctx, "stap 1")
	browsertest.Screenshot(t, first.ctx, "1280-intake-stap-1")
	first.run(chromedp.EmulateViewport(390, 844))
	browsertest.Screenshot(t, first.ctx, "390-intake-stap-1")
	first.run(chromedp.EmulateViewport(1280, 900))
	first.typeInto("#f-medewerkers", "veel")
	if st := first.load(chromedp.Focus("#f-medewerkers", chromedp.ByQuery), browsertest.Enter()); st != 422 {
		t.Fatalf("step 1 with a wrong number: status %d, want 422", st)
	}
	if got := first.value("#f-medewerkers"); got != "veel" {
		t.Errorf("the wrong input is not kept: %q", got)
	}
	if first.count("#f-medewerkers-error") != 1 {
		t.Error("no message next to the number of employees")
	}
	browsertest.Axe(t, first.ctx, "stap 1 met fouten")
	first.typeInto("#f-medewerkers", "250")
	if st := first.load(chromedp.Focus("#f-medewerkers", chromedp.ByQuery), browsertest.Enter()); st != 200 || !strings.HasSuffix(first.path(), "/stap/2") {
		t.Fatalf("step 1: status %d at %s", st, first.path())
	}
	browsertest.Axe(t, first.ctx, "stap 2")
	// Nothing chosen and nothing written is refused; the choices come back.
	var prefilled []string
	first.eval(`[...document.querySelectorAll('input[name=uitdagingen]:checked')].map(e => e.id)`, &prefilled)
	first.eval(`document.querySelectorAll('input[name=uitdagingen]').forEach(e => e.checked = false); document.getElementById('f-uitdagingen_toelichting').value = ''; true`, nil)
	if st := first.press(nextButton); st != 422 {
		t.Fatalf("step 2 without an answer: status %d, want 422", st)
	}
	browsertest.Axe(t, first.ctx, "stap 2 met fouten")
	for _, id := range prefilled {
		first.toggle("#" + id)
	}
	newChallenge := first.firstUnchecked("uitdagingen")
	first.toggle(newChallenge)
	if st := first.press(nextButton); st != 200 || !strings.HasSuffix(first.path(), "/stap/3") {
		t.Fatalf("step 2: status %d at %s", st, first.path())
	}
	browsertest.Axe(t, first.ctx, "stap 3")
	first.eval(`document.getElementById('f-kennis_onderwerpen').value = 'x'.repeat(1001); true`, nil)
	if st := first.press(nextButton); st != 422 {
		t.Fatalf("step 3 with too long a text: status %d, want 422", st)
	}
	browsertest.Axe(t, first.ctx, "stap 3 met fouten")
	first.typeInto("#f-kennis_onderwerpen", "")
	first.toggle(`#f-aanbod-0`)
	first.run(chromedp.Focus("#f-kennis_onderwerpen", chromedp.ByQuery), browsertest.TypeKeys("Jobcarving in de bakkerij"))
	// The script saves the half-filled step while typing; wait until it says so.
	first.run(chromedp.Poll(`document.getElementById("autosave-status").textContent.includes("opgeslagen")`, nil))
	chromedp.Cancel(first.ctx) // the browser is closed

	// Second sitting, days later, in a fresh browser profile.
	second := &browser{t: t, ctx: browsertest.New(t), env: env}
	second.open(u.Path, 200)
	if !strings.HasSuffix(second.path(), "/stap/3") {
		t.Fatalf("the link resumes at %s, want step 3", second.path())
	}
	if got := second.value("#f-kennis_onderwerpen"); got != "Jobcarving in de bakkerij" {
		t.Fatalf("the half-filled answer is lost: %q", got)
	}
	if !second.checked("#f-aanbod-0") {
		t.Fatal("the half-filled checkbox is lost")
	}
	if st := second.press(nextButton); st != 200 {
		t.Fatalf("step 3: status %d", st)
	}
	browsertest.Axe(t, second.ctx, "stap 4")
	// The level may be prefilled from the profile; clear it to see the error.
	second.eval(`document.querySelectorAll('input[name=niveau]').forEach(e => e.checked = false); true`, nil)
	if st := second.press(nextButton); st != 422 {
		t.Fatalf("step 4 without a choice: status %d, want 422", st)
	}
	browsertest.Axe(t, second.ctx, "stap 4 met fouten")
	second.toggle(`input[name=niveau][value=onbekend]`)
	if st := second.press(nextButton); st != 200 || !strings.HasSuffix(second.path(), "/stap/5") {
		t.Fatalf("step 4: status %d at %s", st, second.path())
	}
	browsertest.Axe(t, second.ctx, "stap 5")
	second.run(chromedp.Focus("#f-collega_email-0", chromedp.ByQuery), browsertest.TypeKeys("geen-adres"))
	if st := second.press(nextButton); st != 422 {
		t.Fatalf("step 5 with a half colleague: status %d, want 422", st)
	}
	browsertest.Axe(t, second.ctx, "stap 5 met fouten")
	second.typeInto("#f-collega_email-0", "")
	if st := second.press(nextButton); st != 200 || !strings.HasSuffix(second.path(), "/stap/6") {
		t.Fatalf("step 5: status %d at %s", st, second.path())
	}
	browsertest.Axe(t, second.ctx, "stap 6")
	second.typeInto("#f-banen_ambitie", "2")
	second.typeInto("#f-mensen_nu", "3")
	second.typeInto("#f-uren_nu", "200")
	if st := second.load(chromedp.Focus("#f-uren_nu", chromedp.ByQuery), browsertest.Enter()); st != 422 {
		t.Fatalf("step 6 with too many hours: status %d, want 422", st)
	}
	browsertest.Axe(t, second.ctx, "stap 6 met fouten")
	second.typeInto("#f-uren_nu", "51")
	if st := second.load(chromedp.Focus("#f-uren_nu", chromedp.ByQuery), browsertest.Enter()); st != 200 || !strings.HasSuffix(second.path(), "/stap/7") {
		t.Fatalf("step 6: status %d at %s", st, second.path())
	}
	browsertest.Axe(t, second.ctx, "stap 7")
	if st := second.press(nextButton); st != 422 {
		t.Fatalf("step 7 without answers to the conditions: status %d, want 422", st)
	}
	browsertest.Axe(t, second.ctx, "stap 7 met fouten")
	var conditions []string
	second.eval(`[...new Set([...document.querySelectorAll('input[type=radio][name^=bereid_]')].map(e => e.name))]`, &conditions)
	for _, name := range conditions {
		second.toggle(`input[name=` + name + `][value=ja]`)
	}
	if st := second.press(nextButton); st != 200 || !strings.HasSuffix(second.path(), "/stap/8") {
		t.Fatalf("step 7: status %d at %s", st, second.path())
	}
	browsertest.Axe(t, second.ctx, "overzicht")
	if !strings.Contains(second.text("main"), "Jobcarving in de bakkerij") {
		t.Error("the summary lacks an answer of the first sitting")
	}
	if st := second.press(`form[action$="/stap/8"] button[type=submit]`); st != 200 || !strings.HasSuffix(second.path(), "/ingediend") {
		t.Fatalf("submit: status %d at %s", st, second.path())
	}
	browsertest.Axe(t, second.ctx, "ingediend")

	// The coordinator reviews and takes two answers over.
	coord.open(intakePath, 200)
	browsertest.Axe(t, coord.ctx, "intake beoordelen")
	browsertest.Screenshot(t, coord.ctx, "beoordelen")
	if st := coord.press(`form[action$="/terugsturen"] button[type=submit]`); st != 422 {
		t.Fatalf("sending back without a question: status %d, want 422", st)
	}
	browsertest.Axe(t, coord.ctx, "intake beoordelen met fouten")
	coord.toggle(`#overnemen-medewerkers`)
	coord.toggle(`#overnemen-uitdagingen`)
	if st := coord.press(`form[action$="/verwerken"] button[type=submit]`); st != 200 {
		t.Fatalf("take over: status %d", st)
	}
	coord.open(profile, 200)
	browsertest.Screenshot(t, coord.ctx, "profiel")
	h := coord.latestHistory()
	for _, e := range []historyEntry{h} {
		if !strings.Contains(e.Meta, "intake") {
			t.Errorf("the latest change does not say it came from the intake: %q", e.Meta)
		}
	}
	// The newest entry is the intake's own; the profile change is just
	// before it, with both fields.
	var lines []historyLine
	coord.eval(`(() => {
		const clean = s => s.replace(/\s+/g, " ").trim();
		const li = [...document.querySelectorAll("ol.history > li")].find(l => l.querySelector("strong").textContent.includes("Profiel gewijzigd"));
		if (!li) return [];
		return [...li.querySelectorAll(".diff > li")].map(d => ({label: clean(d.firstChild.textContent).replace(/:$/, ""), old: "", new: clean((d.querySelector("ins") || {}).textContent || "").replace(/^wordt /, "")}));
	})()`, &lines)
	found := map[string]string{}
	for _, l := range lines {
		found[l.Label] = l.New
	}
	if found["Aantal medewerkers"] != "250" {
		t.Errorf("Geschiedenis does not show the number of employees taken over: %v", found)
	}
	if _, ok := found["Uitdagingen"]; !ok {
		t.Errorf("Geschiedenis does not show the challenges taken over: %v", found)
	}
	if got := coord.text("#gegevens + dl"); !strings.Contains(got, "250") {
		t.Errorf("the profile does not show 250 employees: %q", got)
	}
}

// TestE2EIntakeByKeyboardAlone tabs through every page of the questionnaire
// from the top and checks that focus reaches every control of the form, in
// the order of the page, and the buttons.
func TestE2EIntakeByKeyboardAlone(t *testing.T) {
	b := newBrowser(t)
	c := b.env.Login(t, apptest.Coordinator)
	var employerID, contactID int64
	err := b.env.Pool.QueryRow(context.Background(), `SELECT e.id, c.id FROM employers e
		JOIN contacts c ON c.employer_id = e.id AND c.email <> '' AND c.active_until IS NULL
		WHERE e.status = 'lid' AND NOT EXISTS (SELECT 1 FROM intakes i WHERE i.employer_id = e.id)
		AND e.network_id = (SELECT id FROM networks ORDER BY id LIMIT 1) ORDER BY e.id LIMIT 1`).Scan(&employerID, &contactID)
	if err != nil {
		t.Fatal(err)
	}
	res := c.PostForm("/intakes/nieuw", url.Values{"werkgever": {strconv.FormatInt(employerID, 10)},
		"contactpersoon": {strconv.FormatInt(contactID, 10)}, "dagen": {"30"}})
	page := c.Get(res.Header.Get("Location"))
	link, _ := page.Doc(t).Find("#intake-link").Attr("value")
	u, err := url.Parse(link)
	if err != nil || link == "" {
		t.Fatalf("no link: %q", link)
	}
	for n := 1; n <= 8; n++ {
		b.open(u.Path+"/stap/"+strconv.Itoa(n), 200)
		var want []string
		// A group of radio buttons is one Tab stop (the checked one, else the
		// first); arrow keys move within it.
		b.eval(`[...document.querySelectorAll('main form input:not([type=hidden]), main form select, main form textarea, main form button')]
			.filter(e => !e.disabled)
			.filter(e => e.type !== 'radio' || e === (document.querySelector('input[type=radio][name="' + e.name + '"]:checked') || document.querySelector('input[type=radio][name="' + e.name + '"]')))
			.map(e => e.id || e.name + "=" + e.value)`, &want)
		if len(want) == 0 {
			t.Fatalf("step %d: no controls", n)
		}
		var got []string
		seen := map[string]bool{}
		for i := 0; i < 200 && len(got) < len(want); i++ {
			b.run(browsertest.Tab(1))
			el := browsertest.Focused(t, b.ctx)
			key := el.ID
			if key == "" {
				key = el.Name + "=" + el.Value
			}
			if el.Tag == "body" || seen[key] {
				continue
			}
			seen[key] = true
			for _, w := range want {
				if w == key {
					got = append(got, key)
				}
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("step %d: Tab reaches\n%v\nwant, in this order,\n%v", n, got, want)
		}
	}
}
