package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// measureExtras times the duplicates page as the beheerder (every network:
// all employers) and checks which responses are compressed.
func measureExtras(ctx context.Context, in *instance, logf func(string, ...any)) []string {
	var out []string
	beheer := newClient(in.proc.base, newTransport(1))
	res, err := beheer.PostForm("/inloggen", url.Values{"email": {"beheer@example.org"}, "wachtwoord": {"demo-wachtwoord"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		return append(out, fmt.Sprintf("beheerder kan niet inloggen: %v", err))
	}
	logf("/dubbelen als beheerder")
	for i := range 2 {
		start := time.Now()
		status, _, _ := fetch(ctx, beheer, "/dubbelen", "")
		out = append(out, fmt.Sprintf("/dubbelen, beheerder (all employers), request %d: %s, status %d (target ≤ 2 s, or ≤ 100 ms from background)",
			i+1, time.Since(start).Round(time.Millisecond), status))
	}
	c := in.clients["coordinator"][0]
	for _, path := range []string{"/werkgevers", "/static/portal.css", "/werkgevers/export.csv"} {
		status, enc, n := fetch(ctx, c, path, "gzip, br")
		if enc == "" {
			enc = "none"
		}
		out = append(out, fmt.Sprintf("compression %s: status %d, Content-Encoding %s, %d bytes on the wire", path, status, enc, n))
	}
	return out
}

// fetch GETs path with an explicit Accept-Encoding (so Go does not decode
// it for us) and returns the status, encoding and bytes on the wire.
func fetch(ctx context.Context, c *Client, path, acceptEncoding string) (int, string, int64) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Base+path, nil)
	if err != nil {
		return 0, "", 0
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return 0, err.Error(), 0
	}
	defer res.Body.Close()
	n, _ := io.Copy(io.Discard, res.Body)
	return res.StatusCode, res.Header.Get("Content-Encoding"), n
}
