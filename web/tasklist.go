package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"netwerkportaal/internal/platform/db"
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

// TaskListRead queues the window w of a list of /taken on b and returns
// what renders its rows, with their number and the list's, once b was
// sent.
type TaskListRead func(b *db.Batch, w TaskWindow) func() (rows templ.Component, shown, total int)

// ServeTaskList serves a list of /taken on its own page at path,
// ?pagina=n, TaskPageRows rows at a time, read in one round trip on to. A
// page past the end (the list shrank since its link was made, say by a
// task done on its last page) leads to the first.
func ServeTaskList(w http.ResponseWriter, r *http.Request, to db.Sender, path, title, hint string, read TaskListRead) {
	n, window := taskPageOf(r.URL.Query())
	var b db.Batch
	result := read(&b, window)
	if err := b.Send(r.Context(), to); err != nil {
		Fail(w, r, err)
		return
	}
	rows, shown, total := result()
	if shown == 0 && n > 1 {
		Redirect(w, r, path)
		return
	}
	Render(w, r, http.StatusOK, TaskListPage(title, hint, Pager{Page: n, PerPage: TaskPageRows, Total: total, Path: path}, rows))
}

// taskPageOf reads ?pagina= of a task list's own page (1 when absent or
// out of range) and returns the page number and the rows it shows.
func taskPageOf(q url.Values) (int, TaskWindow) {
	page, err := strconv.Atoi(q.Get("pagina"))
	if err != nil || page < 1 || page > 100000 {
		page = 1
	}
	return page, TaskWindow{Offset: (page - 1) * TaskPageRows, Limit: TaskPageRows}
}

// taskListTitle names the page of a list in the window title, so each
// page of the list has its own (WCAG 2.4.2).
func taskListTitle(ctx context.Context, title string, p Pager) string {
	if p.Pages() == 1 {
		return title
	}
	return i18n.T(ctx, "%s, pagina %d van %d", title, p.Page, p.Pages())
}
