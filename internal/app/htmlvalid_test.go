package app_test

// The served HTML of the main pages is valid HTML according to the Nu Html
// Checker (vnu.jar from npm package vnu-jar, run with Java). Set VNU_JAR to
// the jar; without it (or without java) the test is skipped and says so.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/platform/linktoken"
)

func TestHTMLValidates(t *testing.T) {
	t.Parallel()
	// .ci/run installs the checker, so in CI a missing one fails the run;
	// on a developer's machine without it the test says how to get it.
	missing := t.Skip
	if os.Getenv("CI") != "" {
		missing = t.Fatal
	}
	jar := os.Getenv("VNU_JAR")
	if jar == "" {
		missing("VNU_JAR is not set: run .ci/run once, or `npm install vnu-jar` and set VNU_JAR=node_modules/vnu-jar/build/dist/vnu.jar")
		return
	}
	java, err := exec.LookPath("java")
	if err != nil {
		missing("java is not installed (apt-get install default-jre-headless)")
		return
	}
	env := apptest.New(t)
	coord := env.Login(t, apptest.Coordinator)
	emp, _ := env.EmployerOf(t, 1, "lid")
	profile := "/werkgevers/" + strconv.FormatInt(emp, 10)
	prospect := apptest.Scalar[int64](t, env, `SELECT p.id FROM prospects p JOIN user_networks un ON un.network_id = p.network_id
		JOIN users u ON u.id = un.user_id WHERE u.email = $1 ORDER BY p.id LIMIT 1`, apptest.Coordinator)

	dir := t.TempDir()
	var files []string
	save := func(name string, res *apptest.Response, want int) {
		t.Helper()
		if res.StatusCode != want {
			t.Fatalf("%s: status %d, want %d", name, res.StatusCode, want)
		}
		f := filepath.Join(dir, name+".html")
		if err := os.WriteFile(f, []byte(res.Body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for name, path := range map[string]string{
		"werkgevers": "/werkgevers", "profiel": profile, "profiel-bewerken": profile + "/bewerken",
		"dashboard": "/dashboard", "bijeenkomsten": "/bijeenkomsten", "intakes": "/intakes",
		"partners": "/partners", "partner-nieuw": "/partners/nieuw", "taken": "/taken",
		"taken-te-bezoeken": "/taken/te-bezoeken", "taken-werving": "/taken/werving", "taken-wijzigingen": "/taken/wijzigingen",
		"toezeggingen": "/toezeggingen", "contact-nieuw": profile + "/contactpersonen/nieuw",
		"werving": "/werving/", "werving-wijzigen": "/werving/" + strconv.FormatInt(prospect, 10) + "/wijzigen",
		"bijeenkomsten-werkgever": "/bijeenkomsten/werkgever?werkgever=" + strconv.FormatInt(emp, 10),
	} {
		save(name, coord.Get(path), http.StatusOK)
	}
	save("partner-nieuw-fouten", coord.PostForm("/partners/nieuw", url.Values{}), http.StatusUnprocessableEntity)
	save("inloggen", env.Anonymous(t).Get("/inloggen"), http.StatusOK)
	// Issue 15, mail to members: the list, the form (with errors), a
	// draft's preview and the confirmation.
	network := apptest.ID(apptest.Scalar[int64](t, env, `SELECT network_id FROM employers WHERE id = $1`, emp))
	save("mailing-nieuw", coord.Get("/mailings/nieuw"), http.StatusOK)
	save("mailing-fouten", coord.PostForm("/mailings/nieuw", url.Values{"netwerk": {network}, "tekst": {"{{x}}"}, "status": {"lid"}}),
		http.StatusUnprocessableEntity)
	draft := coord.PostForm("/mailings/nieuw", url.Values{"netwerk": {network}, "onderwerp": {"Nieuws"},
		"tekst": {"Beste {{naam}},\n\nZie https://example.org/agenda.\nTot dan"}, "status": {"lid"}}).Header.Get("Location")
	save("mailing-voorbeeld", coord.Get(draft), http.StatusOK)
	save("mailing-versturen", coord.Get(draft+"versturen"), http.StatusOK)
	save("mailings", coord.Get("/mailings/"), http.StatusOK)
	if res := coord.PostForm(draft+"versturen", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending the mailing: status %d", res.StatusCode)
	}
	save("mailing-voortgang", coord.Get(draft), http.StatusOK)
	token, hash := linktoken.New()
	apptest.Exec(t, env, `UPDATE mailing_recipients SET token_hash = $1 WHERE id = (SELECT min(id) FROM mailing_recipients)`, hash)
	save("afmelden", env.Anonymous(t).Get("/afmelden/"+token), http.StatusOK)

	args := append([]string{"-jar", jar, "--errors-only", "--format", "json"}, files...)
	out, _ := exec.Command(java, args...).CombinedOutput() // exits 1 when it finds errors
	var report struct {
		Messages []struct {
			Type, Message, URL, Extract string
			LastLine                    int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu output: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		if m.Type == "error" || m.Type == "non-document-error" {
			t.Errorf("%s:%d: %s\n\t%s", filepath.Base(m.URL), m.LastLine, m.Message, strings.TrimSpace(m.Extract))
		}
	}
}
