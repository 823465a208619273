package commitments_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"netwerkportaal/internal/app/apptest"
)

// networkAt returns the id of the demo network at position pos (1-based).
func networkAt(t testing.TB, env *apptest.Env, pos int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1`, pos-1)
}

// bareMember returns a demo member of network pos without commitments or
// placement reports, and its name.
func bareMember(t testing.TB, env *apptest.Env, pos int) (int64, string) {
	t.Helper()
	var employer int64
	var name string
	err := env.Pool.QueryRow(context.Background(), `SELECT e.id, e.name FROM employers e
		WHERE e.network_id = (SELECT id FROM networks ORDER BY id OFFSET $1 LIMIT 1) AND e.status = 'lid'
		ORDER BY e.id LIMIT 1`, pos-1).Scan(&employer, &name)
	if err != nil {
		t.Fatalf("member: %v", err)
	}
	apptest.Exec(t, env, `DELETE FROM commitments WHERE employer_id = $1`, employer)
	apptest.Exec(t, env, `DELETE FROM placement_reports WHERE employer_id = $1`, employer)
	return employer, name
}

// kindID returns the id of a global kind by code.
func kindID(t testing.TB, env *apptest.Env, code string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `SELECT id FROM commitment_kinds WHERE code = $1 AND network_id IS NULL`, code)
}

// newCommitment inserts a commitment straight into the table.
func newCommitment(t testing.TB, env *apptest.Env, employer, kind int64, status string) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO commitments (employer_id, kind_id, status, signed_on)
		VALUES ($1, $2, $3, CASE WHEN $3 = 'toegezegd' THEN NULL ELSE current_date - 30 END) RETURNING id`, employer, kind, status)
}

// newReport inserts a placement report for a quarter straight into the table.
func newReport(t testing.TB, env *apptest.Env, employer int64, year, quarter int) int64 {
	t.Helper()
	return apptest.Scalar[int64](t, env, `INSERT INTO placement_reports (employer_id, year, quarter, people, weekly_hours)
		VALUES ($1, $2, $3, 2, 40) RETURNING id`, employer, year, quarter)
}

// file is a file to upload with a form.
type file struct {
	name string
	data []byte
}

// postMultipart posts fields and an optional document as a same-origin
// browser would, the file last as on the page.
func postMultipart(t testing.TB, env *apptest.Env, c *apptest.Client, path string, fields url.Values, doc *file) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	if doc != nil {
		fw, err := w.CreateFormFile("document", doc.name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(doc.data)
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, env.URL(path), &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// smallPDF is a valid one-page PDF, with its cross-reference table right.
func smallPDF() []byte {
	objects := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objects {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// section returns the text of a profile section by its heading id.
func section(t testing.TB, c *apptest.Client, employer int64, headingID string) string {
	t.Helper()
	res := c.Get("/werkgevers/" + apptest.ID(employer))
	apptest.WantStatus(t, res, http.StatusOK)
	return apptest.Text(res.Doc(t).Find(`section[aria-labelledby="` + headingID + `"]`))
}
