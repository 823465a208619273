package members

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/web"
)

// AccessSection is one part of what the portal holds about a contact,
// with how many records it has.
type AccessSection struct {
	Label string
	Count int
}

// MyData is what the portal holds about a contact: the beheerder's access
// export (internal/privacy), for the contact themselves.
type MyData struct {
	Fields   [][2]string // label and value of the contact's own record
	Sections []AccessSection
	JSON     []byte // the whole export, as the beheerder downloads it
}

// Access is what the members' page needs of the privacy package.
type Access interface {
	Access(ctx context.Context, contactID int64) (MyData, error)
}

// MyDataPage is Mijn gegevens.
type MyDataPage struct {
	Member           Member
	Data             MyData
	ConsentAt        *time.Time
	MailingsOptedOut *time.Time
	Flash            string
}

func (h *Handler) myData(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(ctx)
	page := MyDataPage{Member: m, Flash: h.flash(r)}
	var err error
	if page.Data, err = h.access.Access(ctx, m.ContactID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.ConsentAt, err = h.store.Consent(ctx, m.ContactID); err != nil {
		web.Fail(w, r, err)
		return
	}
	if page.MailingsOptedOut, err = h.store.MailingsOptedOut(ctx, m.ContactID); err != nil {
		web.Fail(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, myDataPage(page))
}

func (h *Handler) myDataJSON(w http.ResponseWriter, r *http.Request) {
	m := memberOf(r.Context())
	d, err := h.access.Access(r.Context(), m.ContactID)
	if err != nil {
		web.Fail(w, r, err)
		return
	}
	// As the beheerder's export, the download is logged (not audited: it changes nothing).
	slog.InfoContext(r.Context(), "members: access export", "contact", m.ContactID)
	name := "mijn-gegevens-" + nltime.ISODate(h.store.Clock().Today()) + ".json"
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(d.JSON)))
	w.Write(d.JSON)
}

func (h *Handler) mailings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m := memberOf(ctx)
	r.ParseForm()
	choice := r.PostForm.Get("mailings")
	if choice != "ja" && choice != "nee" {
		web.Fail(w, r, apperr.New(apperr.BadRequest, ""))
		return
	}
	if err := h.store.SetMailings(ctx, m, choice == "ja"); err != nil {
		web.Fail(w, r, err)
		return
	}
	msg := i18n.T(ctx, "U ontvangt de nieuwsbrieven en andere mailings van het netwerk weer.")
	if choice == "nee" {
		msg = i18n.T(ctx, "U ontvangt geen mailings van het netwerk meer. Uitnodigingen en berichten over uw eigen aanmeldingen krijgt u wel.")
	}
	h.sessions.Put(ctx, "flash", msg)
	web.Redirect(w, r, "/mijn/gegevens")
}

// MailingsOptedOut returns when the contact opted out of mailings, or nil.
func (s *Store) MailingsOptedOut(ctx context.Context, contactID int64) (*time.Time, error) {
	var at *time.Time
	err := s.pool.QueryRow(ctx, `SELECT mailings_opted_out_at FROM contacts WHERE id = $1`, contactID).Scan(&at)
	return at, err
}

// SetMailings records whether the contact receives the network's mailings
// (contacts.mailings_opted_out_at, NULL: receives), audit-logged on the
// contact; a repeat changes nothing.
func (s *Store) SetMailings(ctx context.Context, m Member, receive bool) (failed error) {
	defer apperr.Annotate(&failed, "members: mailings of %d", m.ContactID)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var sql string
		if receive {
			sql = `UPDATE contacts SET mailings_opted_out_at = NULL, version = version + 1, updated_at = now()
				WHERE id = $1 AND mailings_opted_out_at IS NOT NULL`
		} else {
			sql = `UPDATE contacts SET mailings_opted_out_at = now(), version = version + 1, updated_at = now()
				WHERE id = $1 AND mailings_opted_out_at IS NULL`
		}
		n, err := execCount(ctx, tx, sql, m.ContactID)
		if err != nil || n == 0 {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Actor: m.Name, Source: Source, Entity: audit.EntityContact, EntityID: m.ContactID,
			EmployerID: m.EmployerID, Action: audit.Updated, Changes: map[string]audit.Change{
				"mailings": {Old: yesNo(!receive), New: yesNo(receive)}}})
	})
}
