package privacy

import (
	"context"
	"sort"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/nltime"
)

// OverviewPage is /privacy: the search and the retention list.
type OverviewPage struct {
	Query     string
	Searched  bool
	Results   []Person
	Retention Retention
	Error     string // nothing chosen for a bulk erasure
	Prospects ProspectsView
}

// SubjectPage is the page about one contact, and its confirmation page.
type SubjectPage struct {
	Subject Subject
}

// BulkPage confirms a bulk erasure.
type BulkPage struct {
	Years     int
	Contacts  []Person
	Employers []DueEmployer
}

func datePtr(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return nltime.FormatDate(*t)
}

func dateTimePtr(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return nltime.FormatDateTime(*t)
}

func yesNo(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "ja")
	}
	return i18n.T(ctx, "nee")
}

// personStatus says whether a contact still works at the employer.
func personStatus(ctx context.Context, p Person) string {
	switch {
	case p.ErasedAt != nil:
		return i18n.T(ctx, "gewist op %s", nltime.FormatDate(*p.ErasedAt))
	case p.ActiveUntil != nil:
		return i18n.T(ctx, "vertrokken op %s", nltime.FormatDate(*p.ActiveUntil))
	}
	return i18n.T(ctx, "actief")
}

// roleLabel names a contact's place in a subgroup.
func roleLabel(ctx context.Context, role string) string {
	if role == "trekker" {
		return i18n.T(ctx, "trekker")
	}
	return i18n.T(ctx, "lid")
}

// namedLabel says how an intake names the contact.
func namedLabel(ctx context.Context, named []string) string {
	s := ""
	for i, n := range named {
		if i > 0 {
			s += ", "
		}
		switch n {
		case "deelnemer":
			s += i18n.T(ctx, "als deelnemer")
		case "collega":
			s += i18n.T(ctx, "als voorgestelde collega")
		default:
			s += i18n.T(ctx, "elders in de antwoorden")
		}
	}
	return s
}

// changeRow is one changed field of an audit entry, for the page.
type changeRow struct {
	Field, Old, New string
}

func changeRows(c map[string]ChangeVal) []changeRow {
	var out []changeRow
	for f, v := range c {
		out = append(out, changeRow{Field: f, Old: v.Old, New: v.New})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// contactCount says how many contacts an employer erasure takes along.
func contactCount(ctx context.Context, n int) string {
	if n == 1 {
		return i18n.T(ctx, "1 contactpersoon")
	}
	return i18n.T(ctx, "%d contactpersonen", n)
}

// intakeLine says in one line how an intake concerns the contact.
func intakeLine(ctx context.Context, in IntakeData) string {
	s := i18n.T(ctx, "Intake %d (%s)", in.Year, in.Status)
	if in.Invited {
		s += ": " + i18n.T(ctx, "de uitnodiging ging naar deze persoon")
	}
	if len(in.Named) > 0 {
		s += "; " + i18n.T(ctx, "genoemd %s", namedLabel(ctx, in.Named))
	}
	return s
}

// mailingState says whether a mailing reached the contact.
func mailingState(ctx context.Context, m MailingData) string {
	switch {
	case m.Skipped:
		return i18n.T(ctx, "niet verstuurd")
	case m.QueuedAt == nil:
		return i18n.T(ctx, "nog te versturen")
	}
	return i18n.T(ctx, "verstuurd op %s", nltime.FormatDateTime(*m.QueuedAt))
}
