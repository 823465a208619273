package commitments_test

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/commitments"
)

func day(offset int) string { return time.Now().AddDate(0, 0, offset).Format("2006-01-02") }

// validCommitment is a complete, valid form: a letter of intent signed ten
// days ago.
func validCommitment(kind int64) url.Values {
	return url.Values{"soort": {apptest.ID(kind)}, "status": {"getekend"}, "toegezegd_op": {day(-40)}, "getekend_op": {day(-10)},
		"geldig_vanaf": {day(-10)}, "geldig_tot": {""}, "notities": {"Getekend tijdens de netwerkbijeenkomst."}, "versie": {""}}
}

// TestCommitmentValidation: every rule of the form gives 422 with its
// Dutch message next to its field and in the summary, keeps the input and
// stores nothing.
func TestCommitmentValidation(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := bareMember(t, env, 1)
	intent := kindID(t, env, "intentieverklaring")
	foreign := apptest.Scalar[int64](t, env, `SELECT id FROM commitment_kinds WHERE network_id = $1`, networkAt(t, env, 3))
	path := "/toezeggingen/nieuw?werkgever=" + apptest.ID(employer)
	base := validCommitment(intent)

	cases := []struct {
		name   string
		form   url.Values
		doc    *file
		field  string
		want   string
		noKeep bool // the notes themselves are the error
	}{
		{"no kind", apptest.With(base, "soort", ""), nil, "soort", "Kies de soort toezegging.", false},
		{"another network's kind", apptest.With(base, "soort", apptest.ID(foreign)), nil, "soort", "Kies de soort toezegging.", false},
		{"no status", apptest.With(base, "status", ""), nil, "status", "Kies de status van de toezegging.", false},
		{"unknown status", apptest.With(base, "status", "bedacht"), nil, "status", "Kies de status van de toezegging.", false},
		{"signed without a date", apptest.With(base, "getekend_op", ""), nil, "getekend_op", "Vul de datum van ondertekening in.", false},
		{"promised with a signing date", apptest.With(base, "status", "toegezegd"), nil, "getekend_op", "Een toezegging met een datum van ondertekening is getekend.", false},
		{"signed in the future", apptest.With(base, "getekend_op", day(2)), nil, "getekend_op", "Deze datum ligt in de toekomst.", false},
		{"promised in the future", apptest.With(base, "toegezegd_op", day(1)), nil, "toegezegd_op", "Deze datum ligt in de toekomst.", false},
		{"not a date", apptest.With(base, "toegezegd_op", "31-02-2026"), nil, "toegezegd_op", "Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).", false},
		{"too long ago", apptest.With(base, "toegezegd_op", "1999-12-31"), nil, "toegezegd_op", "Deze datum ligt te ver terug.", false},
		{"signed before promised", apptest.With(base, "toegezegd_op", day(-5)), nil, "getekend_op", "De datum van ondertekening ligt voor de datum van de toezegging.", false},
		{"valid until before valid from", apptest.With(base, "geldig_tot", day(-20)), nil, "geldig_tot", "‘Geldig tot’ ligt voor ‘geldig vanaf’.", false},
		{"valid until far away", apptest.With(base, "geldig_tot", day(365*30)), nil, "geldig_tot", "Deze datum ligt te ver in de toekomst.", false},
		{"notes too long", apptest.With(base, "notities", strings.Repeat("x", 4001)), nil, "notities", "De notities mogen hoogstens 4000 tekens hebben.", true},
		{"not a PDF", base, &file{"verklaring.pdf", []byte("<html>dit is geen pdf</html>")}, "document", "Dit bestand is geen PDF.", false},
		{"an empty file", base, &file{"verklaring.pdf", nil}, "document", "Het gekozen bestand is leeg.", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := postMultipart(t, env, coord, path, tc.form, tc.doc)
			apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
			doc := res.Doc(t)
			apptest.CheckFieldError(t, doc, tc.field, tc.want)
			if got := apptest.FieldsWithErrors(doc); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("fields with errors %v, want only %s", got, tc.field)
			}
			if !tc.noKeep && apptest.ValueOf(doc, "notities") != tc.form.Get("notities") {
				t.Errorf("notes not kept: %q", apptest.ValueOf(doc, "notities"))
			}
			if !strings.HasPrefix(doc.Find("title").Text(), "Fout: ") {
				t.Errorf("title %q does not start with Fout:", doc.Find("title").Text())
			}
		})
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM commitments WHERE employer_id = $1`, employer); n != 0 {
		t.Errorf("%d commitments stored from invalid forms", n)
	}
}

// TestCommitmentWithDocument: a coordinator records a signed letter of
// intent with its PDF; the PDF comes back byte for byte to those who may
// read the employer; editing, replacing and removing the document are
// audited; a stale form is a 409 that keeps the input.
func TestCommitmentWithDocument(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := bareMember(t, env, 1)
	pdf := smallPDF()
	res := postMultipart(t, env, coord, "/toezeggingen/nieuw?werkgever="+apptest.ID(employer), validCommitment(kindID(t, env, "intentieverklaring")),
		&file{`C:\Scans\Intentieverklaring "Bakker" <2026>.PDF`, pdf})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/werkgevers/"+apptest.ID(employer)+"#toezeggingen" {
		t.Errorf("redirect to %q", loc)
	}
	c := apptest.Scalar[int64](t, env, `SELECT id FROM commitments WHERE employer_id = $1`, employer)
	if name := apptest.Scalar[string](t, env, `SELECT document_name FROM commitments WHERE id = $1`, c); name != "Intentieverklaring _Bakker_ _2026.pdf" {
		t.Errorf("stored file name %q", name)
	}
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'commitment' AND entity_id = $1 AND employer_id = $2
		AND action = 'aangemaakt' AND changes->'status'->>'new' = 'Getekend'`, c, employer); n != 1 {
		t.Errorf("%d creation entries", n)
	}

	// Served back byte for byte, as a download nothing caches.
	doc := coord.Get("/toezeggingen/" + apptest.ID(c) + "/document")
	apptest.WantStatus(t, doc, http.StatusOK)
	if !bytes.Equal([]byte(doc.Body), pdf) {
		t.Errorf("document differs: %d bytes, want %d", len(doc.Body), len(pdf))
	}
	h := doc.Header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Cache-Control") != "private, no-store" || h.Get("Content-Disposition") != `attachment; filename="Intentieverklaring _Bakker_ _2026.pdf"` {
		t.Errorf("headers %v", h)
	}
	// Who may read the employer gets it; another network's coordinator
	// learns nothing, a visitor must sign in.
	apptest.WantStatus(t, env.Login(t, apptest.Bestuur).Get("/toezeggingen/"+apptest.ID(c)+"/document"), http.StatusOK)
	apptest.WantStatus(t, env.Login(t, apptest.Beheerder).Get("/toezeggingen/"+apptest.ID(c)+"/document"), http.StatusOK)
	other := env.Login(t, apptest.Coordinator2).Get("/toezeggingen/" + apptest.ID(c) + "/document")
	apptest.WantStatus(t, other, http.StatusNotFound)
	if strings.Contains(other.Body, "%PDF") {
		t.Error("another network's coordinator got the document")
	}
	anon := env.Anonymous(t).Get("/toezeggingen/" + apptest.ID(c) + "/document")
	if anon.StatusCode != http.StatusSeeOther || !strings.HasPrefix(anon.Header.Get("Location"), "/inloggen") {
		t.Errorf("anonymous: %d to %q", anon.StatusCode, anon.Header.Get("Location"))
	}

	// The profile lists it with its document.
	sec := section(t, coord, employer, "toezeggingen")
	for _, want := range []string{"Intentieverklaring", "Getekend", "Intentieverklaring _Bakker_ _2026.pdf"} {
		if !strings.Contains(sec, want) {
			t.Errorf("profile section lacks %q: %s", want, sec)
		}
	}

	// Edit: the status and the end of the validity; the history keeps both.
	edit := "/toezeggingen/" + apptest.ID(c) + "/bewerken"
	form := apptest.FormOf(t, coord, edit)
	res = postMultipart(t, env, coord, edit, apptest.With(form, "status", "verlopen", "geldig_tot", day(-1)), nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'commitment' AND entity_id = $1 AND action = 'gewijzigd'
		AND changes->'status'->>'old' = 'Getekend' AND changes->'status'->>'new' = 'Verlopen'`, c); n != 1 {
		t.Errorf("%d update entries with the status before and after", n)
	}
	if sec := section(t, coord, employer, "geschiedenis"); !strings.Contains(sec, "Toezegging gewijzigd: Intentieverklaring") {
		t.Errorf("history lacks the change: %.500s", sec)
	}

	// Replace the document, then remove it.
	other2 := append(smallPDF(), []byte("% tweede versie\n")...)
	res = postMultipart(t, env, coord, edit, apptest.FormOf(t, coord, edit), &file{"nieuw.pdf", other2})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if got := coord.Get("/toezeggingen/" + apptest.ID(c) + "/document"); got.Body != string(other2) {
		t.Error("the replaced document is not served")
	}
	res = postMultipart(t, env, coord, edit, apptest.With(apptest.FormOf(t, coord, edit), "document_verwijderen", "1"), nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
	apptest.WantStatus(t, coord.Get("/toezeggingen/"+apptest.ID(c)+"/document"), http.StatusNotFound)
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM audit_log WHERE entity = 'commitment' AND entity_id = $1
		AND action = 'gewijzigd' AND changes ? 'document'`, c); n != 2 {
		t.Errorf("%d entries about the document, want 2 (replaced, removed)", n)
	}

	// Someone else saved meanwhile: 409, the input kept, the new version in
	// the form so saving again is a choice.
	form = apptest.FormOf(t, coord, edit)
	apptest.Exec(t, env, `UPDATE commitments SET version = version + 1, notes = 'Door een ander' WHERE id = $1`, c)
	res = postMultipart(t, env, coord, edit, apptest.With(form, "notities", "Mijn aanvulling"), nil)
	apptest.WantStatus(t, res, http.StatusConflict)
	d := res.Doc(t)
	if apptest.ValueOf(d, "notities") != "Mijn aanvulling" || !strings.Contains(apptest.Text(d.Find(".error-summary")), "Door een ander") {
		t.Errorf("conflict page: notes %q, notice %q", apptest.ValueOf(d, "notities"), apptest.Text(d.Find(".error-summary")))
	}
	res = postMultipart(t, env, coord, edit, apptest.FormValues(d, apptest.MainForm), nil)
	apptest.WantStatus(t, res, http.StatusSeeOther)
}

// TestDocumentLimits: the upload route takes a document of 10 MB, and
// refuses a larger one, or a file that only pretends to be a PDF, with a
// Dutch message next to the field; never a 500.
func TestDocumentLimits(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	employer, _ := bareMember(t, env, 1)
	path := "/toezeggingen/nieuw?werkgever=" + apptest.ID(employer)
	form := validCommitment(kindID(t, env, "intentieverklaring"))
	pdfOf := func(n int) []byte {
		b := bytes.Repeat([]byte("0"), n)
		copy(b, "%PDF-1.7\n")
		return b
	}

	for _, tc := range []struct {
		name string
		size int
	}{
		{"11 MB", 11 * 1000 * 1000},                              // refused by its size
		{"over the body limit", commitments.UploadBodyBytes + 1}, // reading stops
	} {
		res := postMultipart(t, env, coord, path, form, &file{"groot.pdf", pdfOf(tc.size)})
		apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
		doc := res.Doc(t)
		apptest.CheckFieldError(t, doc, "document", "Het document is groter dan 10 MB.")
		if apptest.ValueOf(doc, "notities") != form.Get("notities") || apptest.ValueOf(doc, "getekend_op") != form.Get("getekend_op") {
			t.Errorf("%s: input not kept", tc.name)
		}
	}
	res := postMultipart(t, env, coord, path, form, &file{"brief.pdf", []byte("GIF89a nep")})
	apptest.WantStatus(t, res, http.StatusUnprocessableEntity)
	apptest.CheckFieldError(t, res.Doc(t), "document", "Dit bestand is geen PDF.")
	if n := apptest.Scalar[int](t, env, `SELECT count(*) FROM commitments WHERE employer_id = $1`, employer); n != 0 {
		t.Fatalf("%d commitments stored from refused uploads", n)
	}

	// Exactly 10 MB is accepted (above the portal's usual 1 MB body limit).
	big := pdfOf(10 << 20)
	res = postMultipart(t, env, coord, path, form, &file{"precies.pdf", big})
	apptest.WantStatus(t, res, http.StatusSeeOther)
	if n := apptest.Scalar[int](t, env, `SELECT document_size FROM commitments WHERE employer_id = $1`, employer); n != 10<<20 {
		t.Errorf("stored %d bytes", n)
	}
	// Other forms keep the usual limit.
	big2 := url.Values{"notities": {strings.Repeat("x", 2<<20)}}
	apptest.WantStatus(t, coord.PostForm("/plaatsingen/nieuw?werkgever="+apptest.ID(employer), big2), http.StatusRequestEntityTooLarge)
}
