package importer_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"netwerkportaal/internal/app/apptest"
	"netwerkportaal/internal/importer"
)

// bigFile returns a spreadsheet of rows data rows (the limit is
// importer.MaxRows): the 200-employer sample over and over, each copy with
// its own names, KvK numbers and addresses, so every row is a new employer
// or a further contact of one. Generated, not stored: 20,000 rows are
// about 3 MB.
func bigFile(t testing.TB, rows int) []byte {
	t.Helper()
	lines := strings.Split(strings.TrimRight(string(testdata(t, "voorbeeld-200-werkgevers.csv")), "\r\n"), "\n")
	header, sample := lines[0], lines[1:]
	var b bytes.Buffer
	b.WriteString(header + "\n")
	for i := 0; i < rows; i++ {
		copyNo, line := i/len(sample), sample[i%len(sample)]
		f := strings.Split(strings.TrimRight(line, "\r"), ";")
		f[0] = fmt.Sprintf("%s %d", f[0], copyNo) // Bedrijfsnaam
		if len(f[1]) == 8 {                       // KvK-nummer: the sample's are 930000nn
			f[1] = fmt.Sprintf("%02d%s", 20+copyNo, f[1][2:])
		}
		f[10] = strings.Replace(f[10], "@", fmt.Sprintf(".%d@", copyNo), 1) // E-mail
		b.WriteString(strings.Join(f, ";") + "\n")
	}
	return b.Bytes()
}

// BenchmarkImport20000 times a 20,000-row import through the pages, as a
// coordinator does it: upload and mapping, the preview, and the import
// itself, reported separately (ms per step).
//
//	go test -run '^$' -bench Import20000 -benchtime 1x ./internal/importer/
func BenchmarkImport20000(b *testing.B) {
	for range b.N {
		b.StopTimer()
		env := apptest.New(b)
		c := env.Login(b, apptest.Coordinator)
		network := networkAt(b, env, 1)
		data := bigFile(b, importer.MaxRows)
		b.StartTimer()

		start := time.Now()
		up := upload(b, env, c, network, "werkgevers.csv", data)
		page := c.Get(up + "/koppelen")
		apptest.WantStatus(b, page, http.StatusOK)
		res := c.PostForm(up+"/koppelen", apptest.FormValues(page.Doc(b), `form[action$="/koppelen"]`))
		apptest.WantStatus(b, res, http.StatusSeeOther)
		uploaded := time.Now()
		preview := c.Get(up + "/voorbeeld")
		apptest.WantStatus(b, preview, http.StatusOK)
		previewed := time.Now()
		res = apply(b, c, up, "geldig")
		apptest.WantStatus(b, res, http.StatusSeeOther)
		if !strings.HasSuffix(res.Header.Get("Location"), "/resultaat") {
			b.Fatalf("import went to %q", res.Header.Get("Location"))
		}
		imported := time.Now()
		b.StopTimer()
		if n := apptest.Scalar[int](b, env, `SELECT count(DISTINCT name) FROM employers WHERE network_id = $1 AND name ~ ' [0-9]+$'`, network); n < 10000 {
			b.Fatalf("%d employers of the file imported", n)
		}
		b.ReportMetric(float64(uploaded.Sub(start).Milliseconds()), "upload+map-ms")
		b.ReportMetric(float64(previewed.Sub(uploaded).Milliseconds()), "preview-ms")
		b.ReportMetric(float64(imported.Sub(previewed).Milliseconds()), "import-ms")
		b.ReportMetric(float64(imported.Sub(start).Milliseconds()), "total-ms")
	}
}
