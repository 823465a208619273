package web

import (
	"context"
	"net/url"
	"strconv"

	"netwerkportaal/internal/platform/i18n"
)

// TaskRows is how many rows of each list /taken shows, the most urgent
// first: a coordinator acts on the top of a list, and with a cap the
// page's work no longer grows with the size of the network (issue 12).
// The whole list is on its own page, TaskPageRows rows at a time.
const (
	TaskRows     = 10
	TaskPageRows = 50
)

// TaskWindow is the part of a list to read: Limit rows after the first
// Offset.
type TaskWindow struct{ Offset, Limit int }

// TaskPageOf reads ?pagina= of a task list's own page (1 when absent or
// out of range) and returns the page number and the rows it shows.
func TaskPageOf(q url.Values) (int, TaskWindow) {
	page, err := strconv.Atoi(q.Get("pagina"))
	if err != nil || page < 1 || page > 100000 {
		page = 1
	}
	return page, TaskWindow{Offset: (page - 1) * TaskPageRows, Limit: TaskPageRows}
}

// TaskPager is the pager of page page of a task list at path with total
// rows.
func TaskPager(path string, page, total int) Pager {
	return Pager{Page: page, PerPage: TaskPageRows, Total: total, Path: path}
}

// taskListTitle names the page of a list in the window title, so each
// page of the list has its own (WCAG 2.4.2).
func taskListTitle(ctx context.Context, title string, p Pager) string {
	if p.Pages() == 1 {
		return title
	}
	return i18n.T(ctx, "%s, pagina %d van %d", title, p.Page, p.Pages())
}
