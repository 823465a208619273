package employers

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/validate"
	"netwerkportaal/web"
)

// EmployerForm is the profile form as typed by the user: every value kept as
// text so it can be shown again exactly, with the errors next to it.
type EmployerForm struct {
	NetworkID      string
	Name           string
	KvK            string
	SectorID       string
	EmployeeCount  string
	Address        string
	Postcode       string
	City           string
	RegionID       string
	Status         string
	StatusDate     string
	MaturityID     string
	TagIDs         []string
	ChallengesNote string
	OffersNote     string
	Notes          string
	Version        string
	Errors         web.Errors
}

// employerFieldOrder is the order of the fields on the form, for the error
// summary.
var employerFieldOrder = []string{"netwerk", "naam", "kvk", "sector", "medewerkers", "adres", "postcode", "plaats",
	"regio", "status", "status_datum", "volwassenheid", "tags", "uitdagingen_toelichting", "aanbod_toelichting", "notities"}

// EmployerInput is a validated form, typed for the store.
type EmployerInput struct {
	NetworkID      int64
	Name           string
	KvK            *string
	SectorID       *int64
	EmployeeCount  *int
	Address        string
	Postcode       *string
	City           string
	RegionID       *int64
	Status         string
	StatusDate     time.Time
	MaturityID     *int64
	TagIDs         []int64
	ChallengesNote string
	OffersNote     string
	Notes          string
	Version        int
}

func parseEmployerForm(v url.Values) EmployerForm {
	return EmployerForm{
		NetworkID:      v.Get("netwerk"),
		Name:           v.Get("naam"),
		KvK:            v.Get("kvk"),
		SectorID:       v.Get("sector"),
		EmployeeCount:  v.Get("medewerkers"),
		Address:        v.Get("adres"),
		Postcode:       v.Get("postcode"),
		City:           v.Get("plaats"),
		RegionID:       v.Get("regio"),
		Status:         v.Get("status"),
		StatusDate:     v.Get("status_datum"),
		MaturityID:     v.Get("volwassenheid"),
		TagIDs:         v["tags"],
		ChallengesNote: v.Get("uitdagingen_toelichting"),
		OffersNote:     v.Get("aanbod_toelichting"),
		Notes:          v.Get("notities"),
		Version:        v.Get("versie"),
	}
}

// formFromEmployer fills the form with a stored profile, for editing.
func formFromEmployer(e Employer) EmployerForm {
	f := EmployerForm{
		NetworkID: formatID(e.NetworkID), Name: e.Name, KvK: e.KvK, SectorID: idOrEmpty(e.SectorID),
		Address: e.Address, Postcode: e.Postcode, City: e.City, RegionID: idOrEmpty(e.RegionID),
		Status: e.Status, MaturityID: idOrEmpty(e.MaturityID), ChallengesNote: e.ChallengesNote,
		OffersNote: e.OffersNote, Notes: e.Notes, Version: strconv.Itoa(e.Version),
	}
	if e.EmployeeCount != nil {
		f.EmployeeCount = strconv.Itoa(*e.EmployeeCount)
	}
	for _, t := range e.TagIDs {
		f.TagIDs = append(f.TagIDs, formatID(t))
	}
	return f
}

// Validate checks the form against the rules and the reference data the
// user may choose from, fills f.Errors (in the language of ctx) and returns
// the typed input when there are none.
func (f *EmployerForm) Validate(ctx context.Context, ref Reference, networks []int64, today time.Time) (EmployerInput, bool) {
	t := func(s string, a ...any) string { return i18n.T(ctx, s, a...) }
	f.Errors = web.FormErrors(ctx)
	in := EmployerInput{}
	f.checkOrganisation(ctx, t, &in, ref, networks)
	f.checkAddress(t, &in)
	in.RegionID = f.optionalID(ctx, "regio", f.RegionID, ref.Regions, t("Kies een arbeidsmarktregio uit de lijst."))
	f.checkStatus(t, &in, today)
	f.checkTopics(ctx, t, &in, ref)
	f.checkNotes(t, &in)
	in.Version, _ = strconv.Atoi(f.Version)
	return in, len(f.Errors) == 0
}

// checkOrganisation checks the network, name, KvK number, sector and size.
func (f *EmployerForm) checkOrganisation(ctx context.Context, t func(string, ...any) string, in *EmployerInput, ref Reference, networks []int64) {
	var ok bool
	if in.NetworkID, ok = web.PickID(f.NetworkID, networks); !ok {
		f.Errors["netwerk"] = t("Kies het netwerk van deze werkgever.")
	}
	f.Name = f.Errors.Text("naam", f.Name, 200, t("Vul de naam van de werkgever in."), t("De naam mag hoogstens 200 tekens hebben."))
	in.Name = f.Name
	if strings.TrimSpace(f.KvK) != "" {
		if kvk, valid := validate.KvK(f.KvK); valid {
			f.KvK, in.KvK = kvk, &kvk
		} else {
			f.Errors["kvk"] = t("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 01234567.")
		}
	}
	in.SectorID = f.optionalID(ctx, "sector", f.SectorID, ref.Sectors, t("Kies een sector uit de lijst."))
	if strings.TrimSpace(f.EmployeeCount) != "" {
		if n, valid := validate.Count(f.EmployeeCount, 10_000_000); valid {
			in.EmployeeCount = &n
		} else {
			f.Errors["medewerkers"] = t("Vul het aantal medewerkers in als een heel getal van 0 of meer.")
		}
	}
}

// checkAddress checks the address, place and postcode.
func (f *EmployerForm) checkAddress(t func(string, ...any) string, in *EmployerInput) {
	f.Address = f.Errors.Text("adres", f.Address, 200, "", t("Het adres mag hoogstens 200 tekens hebben."))
	f.City = f.Errors.Text("plaats", f.City, 100, "", t("De plaatsnaam mag hoogstens 100 tekens hebben."))
	in.Address, in.City = f.Address, f.City
	if strings.TrimSpace(f.Postcode) != "" {
		if pc, valid := validate.Postcode(f.Postcode); valid {
			f.Postcode, in.Postcode = pc, &pc
		} else {
			f.Errors["postcode"] = t("Vul een postcode in als 1234 AB: vier cijfers (niet beginnend met 0) en twee letters.")
		}
	}
}

// checkStatus checks the status and the date it took effect (today when
// none is given; never in the future).
func (f *EmployerForm) checkStatus(t func(string, ...any) string, in *EmployerInput, today time.Time) {
	if !slices.Contains(Statuses, f.Status) {
		f.Errors["status"] = t("Kies een status.")
	}
	in.Status = f.Status
	in.StatusDate = today
	if strings.TrimSpace(f.StatusDate) != "" {
		d, valid := validate.Date(f.StatusDate)
		switch {
		case !valid:
			f.Errors["status_datum"] = t("Vul een geldige datum in, zoals 31-12-2025 (dag-maand-jaar).")
		case d.After(today):
			f.Errors["status_datum"] = t("De datum van de statuswijziging kan niet in de toekomst liggen.")
		case d.Year() < 1990:
			f.Errors["status_datum"] = t("Deze datum ligt te ver terug.")
		default:
			in.StatusDate = d
		}
	}
}

// checkTopics checks the maturity level and the chosen challenges and
// offers against the reference data.
func (f *EmployerForm) checkTopics(ctx context.Context, t func(string, ...any) string, in *EmployerInput, ref Reference) {
	in.MaturityID = f.optionalID(ctx, "volwassenheid", f.MaturityID, ref.Maturity, t("Kies een niveau uit de lijst."))
	allTags := append(slices.Clone(ref.Challenges), ref.Offers...)
	for _, s := range f.TagIDs {
		tid, valid := web.PickID(s, optionIDs(allTags))
		if !valid {
			f.Errors["tags"] = t("Een van de gekozen onderwerpen bestaat niet (meer).")
			break
		}
		if !slices.Contains(in.TagIDs, tid) {
			in.TagIDs = append(in.TagIDs, tid)
		}
	}
}

// checkNotes checks the lengths of the free texts.
func (f *EmployerForm) checkNotes(t func(string, ...any) string, in *EmployerInput) {
	f.ChallengesNote = f.Errors.Text("uitdagingen_toelichting", f.ChallengesNote, 4000, "", t("Deze toelichting mag hoogstens 4000 tekens hebben."))
	f.OffersNote = f.Errors.Text("aanbod_toelichting", f.OffersNote, 4000, "", t("Deze toelichting mag hoogstens 4000 tekens hebben."))
	f.Notes = f.Errors.Text("notities", f.Notes, 10000, "", t("De notities mogen hoogstens 10.000 tekens hebben."))
	in.ChallengesNote, in.OffersNote, in.Notes = f.ChallengesNote, f.OffersNote, f.Notes
}

// optionalID reads an optional choice from reference data; an unknown value
// is an error on field.
func (f *EmployerForm) optionalID(_ context.Context, field, value string, opts []Option, msg string) *int64 {
	if strings.TrimSpace(value) == "" {
		return nil
	}
	v, ok := web.PickID(value, optionIDs(opts))
	if !ok {
		f.Errors[field] = msg
		return nil
	}
	return &v
}

func optionIDs(opts []Option) []int64 { return web.IDs(opts, func(o Option) int64 { return o.ID }) }

// formatID is an id as a form value.
func formatID(v int64) string { return strconv.FormatInt(v, 10) }

func idOrEmpty(v int64) string {
	if v == 0 {
		return ""
	}
	return formatID(v)
}

// Input returns the stored profile as store input, for changes made by
// another part of the portal (the intake) that set only some fields.
func (e Employer) Input() EmployerInput {
	in := EmployerInput{NetworkID: e.NetworkID, Name: e.Name, EmployeeCount: e.EmployeeCount, Address: e.Address,
		City: e.City, Status: e.Status, StatusDate: e.StatusChangedOn, TagIDs: e.TagIDs,
		ChallengesNote: e.ChallengesNote, OffersNote: e.OffersNote, Notes: e.Notes, Version: e.Version}
	if e.KvK != "" {
		in.KvK = &e.KvK
	}
	if e.Postcode != "" {
		in.Postcode = &e.Postcode
	}
	for _, p := range []struct {
		dst **int64
		v   int64
	}{{&in.SectorID, e.SectorID}, {&in.RegionID, e.RegionID}, {&in.MaturityID, e.MaturityID}} {
		if p.v != 0 {
			v := p.v
			*p.dst = &v
		}
	}
	return in
}
