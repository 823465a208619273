package recruitment_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/recruitment"
)

// nothingStored fails when the public form left a prospect or a mail.
func nothingStored(t *testing.T, env *apptest.Env) {
	t.Helper()
	if n := count(t, env, `SELECT count(*) FROM prospects`); n != 0 {
		t.Errorf("%d prospects stored", n)
	}
	if n := count(t, env, `SELECT count(*) FROM mail_outbox WHERE kind LIKE 'werving_%'`); n != 0 {
		t.Errorf("%d mails queued", n)
	}
}

func TestPublicFormInvalidInDutch(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	network, _ := firstNetwork(t, env)
	anon := env.Anonymous(t)
	form := url.Values{"naam": {""}, "organisatie": {"Kapsalon Knip"}, "kvk": {"1234"}, "postcode": {"1234 SA"},
		"functie": {"koning"}, "email": {"geen-adres"}, "telefoon": {"bel me"}}
	res := anon.PostForm("/aanmelden/"+apptest.ID(network)+"/", form)
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	doc := res.Doc(t)
	for field, want := range map[string]string{
		"naam":        "Vul uw naam in.",
		"kvk":         "Een KvK-nummer heeft 8 cijfers, bijvoorbeeld 12345678.",
		"postcode":    "Vul een postcode in als 1234 AB.",
		"functie":     "Kies een functie uit de lijst.",
		"email":       "Vul een e-mailadres in als naam@voorbeeld.nl.",
		"telefoon":    "Vul een telefoonnummer in met alleen cijfers",
		"toestemming": "Geef toestemming om contact met u op te nemen",
	} {
		if got := apptest.Text(doc.Find("#f-" + field + "-error")); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if doc.Find(".error-summary[role=alert] li").Length() != 7 {
		t.Errorf("summary has %d errors", doc.Find(".error-summary li").Length())
	}
	if v, _ := doc.Find("#f-organisatie").Attr("value"); v != "Kapsalon Knip" {
		t.Errorf("input not kept: %q", v)
	}
	if !strings.HasPrefix(apptest.Text(doc.Find("title")), "Fout: ") {
		t.Error("the title does not say the form has errors")
	}
	nothingStored(t, env)
	// An unknown network is not found.
	apptest.WantStatus(t, anon.Get("/aanmelden/bestaat-niet/"), http.StatusNotFound)
}

func TestPublicFormHoneypot(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	form := interest()
	form.Set("website", "http://spam.example")
	res := env.Anonymous(t).PostForm("/aanmelden/99vantwente/", form)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/aanmelden/99vantwente/bedankt" {
		t.Errorf("Location = %q: the bot should see what a person sees", loc)
	}
	nothingStored(t, env)
}

func TestPublicFormRateLimit(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	anon := env.Anonymous(t)
	for i := range recruitment.FormLimit {
		form := interest()
		form.Set("organisatie", "Werkgever "+apptest.ID(int64(i)))
		form.Del("kvk")
		apptest.WantStatus(t, anon.PostForm("/aanmelden/99vantwente/", form), http.StatusSeeOther)
	}
	form := interest()
	form.Del("kvk")
	res := anon.PostForm("/aanmelden/99vantwente/", form)
	apptest.WantStatus(t, res, http.StatusTooManyRequests)
	if !strings.Contains(res.Body, "Er zijn vanaf dit adres te veel aanmeldingen verstuurd.") {
		t.Error("no Dutch message for the limit")
	}
	if v, _ := res.Doc(t).Find("#f-naam").Attr("value"); v != "Fatima el Amrani" {
		t.Errorf("input not kept: %q", v)
	}
	if n := count(t, env, `SELECT count(*) FROM prospects`); n != int64(recruitment.FormLimit) {
		t.Errorf("%d prospects, want %d", n, recruitment.FormLimit)
	}
	// A different network does not reset the count: the limit is per address.
	apptest.WantStatus(t, anon.PostForm("/aanmelden/99vangroot-amsterdam/", interest()), http.StatusTooManyRequests)
}

// The messages of control characters and bad bytes are the input gate's
// (web.InputGate), shown next to the field.
func TestPublicFormRefusesHostileInput(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	emptyPipeline(t, env)
	anon := env.Anonymous(t)
	cases := map[string]struct{ field, value, want string }{
		"header injection":  {"organisatie", "Evil BV\r\nBcc: victim@example.org", "op één regel"},
		"NUL":               {"naam", "Jan\x00", "nul-teken"},
		"bidi override":     {"hoopt", "abc\u202Egnp.exe", "onzichtbare stuurtekens"},
		"invalid UTF-8":     {"biedt", "caf\xe9", "geen geldige tekst"},
		"too long":          {"hoopt", strings.Repeat("a", 2001), "Gebruik hoogstens 2000 tekens."},
		"address with Bcc":  {"email", "a@b.nl\nBcc: c@d.nl", "Vul een e-mailadres in"},
		"query in address":  {"email", "a@b.nl?cc=c@d.nl", "Vul een e-mailadres in"},
		"script as name":    {"organisatie", strings.Repeat("<script>alert(1)</script>", 10), "Gebruik hoogstens 200 tekens."},
		"long single line":  {"naam", strings.Repeat("x", 121), "Gebruik hoogstens 120 tekens."},
		"newline in name":   {"naam", "Jan\nJansen", "op één regel"},
		"unknown function":  {"functie", "'; DROP TABLE prospects; --", "Kies een functie uit de lijst."},
		"postcode injected": {"postcode", "7511 AB<img src=x>", "Vul een postcode in als 1234 AB."},
	}
	for name, c := range cases {
		form := interest()
		form.Set(c.field, c.value)
		res := anon.PostForm("/aanmelden/99vantwente/", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, res.StatusCode)
			continue
		}
		if got := apptest.Text(res.Doc(t).Find("#f-" + c.field + "-error")); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
		if strings.Contains(res.Body, "<script>alert(1)") || strings.Contains(res.Body, "<img src=x>") {
			t.Errorf("%s: markup echoed unescaped", name)
		}
	}
	// A body over the portal's limit is refused before it is read.
	big := interest()
	big.Set("hoopt", strings.Repeat("a", 2<<20))
	if res := anon.PostForm("/aanmelden/99vantwente/", big); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d", res.StatusCode)
	}
	nothingStored(t, env)
}

func TestNameKeyAndSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Bakkerij De Korenschoof B.V.": "bakkerij korenschoof",
		"bakkerij korenschoof":         "bakkerij korenschoof",
		"Transportbedrijf Ter Hörst":   "transportbedrijf ter horst",
		"Stichting Zorg & Welzijn":     "zorg welzijn",
		"  ":                           "",
	} {
		if got := recruitment.NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"99vanTwente": "99vantwente", "99vanZuid-Kennemerland & IJmond": "99vanzuid-kennemerland-ijmond",
		"Groot-Amsterdam (Zuid)": "groot-amsterdam-zuid", "Één netwerk": "een-netwerk",
	} {
		if got := recruitment.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRateLimitHoldsAcrossTwoInstances: two portals on one database, eight
// submissions from one address at the same moment: exactly FormLimit get in.
func TestRateLimitHoldsAcrossTwoInstances(t *testing.T) {
	t.Parallel()
	one := apptest.New(t)
	emptyPipeline(t, one)
	two := apptest.NewEmpty(t, one.Pool)
	var wg sync.WaitGroup
	statuses := make(chan int, 8)
	for i := range 8 {
		env := one
		if i%2 == 1 {
			env = two
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := interest()
			form.Del("kvk")
			form.Set("organisatie", "Gelijktijdig "+apptest.ID(int64(i)))
			statuses <- env.Anonymous(t).PostForm("/aanmelden/99vantwente/", form).StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[http.StatusSeeOther] != recruitment.FormLimit || got[http.StatusTooManyRequests] != 8-recruitment.FormLimit {
		t.Errorf("statuses %v, want %d × 303 and %d × 429", got, recruitment.FormLimit, 8-recruitment.FormLimit)
	}
	if n := count(t, one, `SELECT count(*) FROM prospects`); n != int64(recruitment.FormLimit) {
		t.Errorf("%d prospects stored, want %d", n, recruitment.FormLimit)
	}
}
