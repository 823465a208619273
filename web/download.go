package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/export"
	"netwerkportaal/internal/platform/nltime"
)

// Download answers with t as a download in format ("csv" or "xlsx"; anything
// else is 404). The file is made in memory first, so a failure is a clean
// error page rather than half a file; it is never cached.
func Download(w http.ResponseWriter, r *http.Request, t export.Table, format string, now time.Time) {
	var buf bytes.Buffer
	var ctype string
	var err error
	switch format {
	case "csv":
		ctype, err = export.ContentTypeCSV, export.WriteCSV(&buf, t)
	case "xlsx":
		ctype, err = export.ContentTypeXLSX, export.WriteXLSX(&buf, t)
	default:
		Fail(w, r, apperr.ErrNotFound)
		return
	}
	if err != nil {
		Fail(w, r, fmt.Errorf("export %s.%s: %w", t.Name, format, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="`+export.FileName(t.Name, now.In(nltime.Amsterdam), format)+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}
