package web

import (
	"net/url"
	"strconv"

	"netwerkportaal/internal/platform/validate"
)

// Pager describes one page of a list with a known total.
type Pager struct {
	Page, PerPage, Total int
	Query                url.Values // the list's filters, kept in every page link
	Path                 string
}

// Pages returns the number of pages (at least 1).
func (p Pager) Pages() int {
	if p.PerPage <= 0 || p.Total == 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// Href returns the link to page n with the same filters.
func (p Pager) Href(n int) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Del("pagina")
	if n > 1 {
		q.Set("pagina", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.Path
	}
	return p.Path + "?" + q.Encode()
}

// Window returns the page numbers to show: the first, the last and two on
// each side of the current page; 0 marks a gap.
func (p Pager) Window() []int {
	last := p.Pages()
	var out []int
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= p.Page-2 && n <= p.Page+2) {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// PageParam is the page a list's URL asks for (?pagina=): 1 when there is
// none or it is out of range, so an odd link still shows a page.
func PageParam(q url.Values) int {
	n := int(ParseID(q.Get("pagina")))
	if n < 1 || n > 100000 {
		return 1
	}
	return n
}

// SearchParam is a list's search text (?q=), cleaned and cut to 100
// characters: a longer search finds nothing a shorter one would not.
func SearchParam(q url.Values) string {
	return Cut(validate.CleanText(q.Get("q")), 100)
}

// Cut shortens s to at most n characters.
func Cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
