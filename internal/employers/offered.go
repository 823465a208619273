package employers

import (
	"context"
	"slices"
	"strconv"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/identity"
)

// Held is what a record already holds of the reference lists. A form keeps
// offering and accepting these, retired or outside the network's scale, so
// saving a record unchanged never fails on a value the user did not touch.
type Held struct {
	MaturityID int64
	TagIDs     []int64
	Function   string // a contact's function code
}

// heldBy is what employer e holds (zero for a new employer).
func heldBy(e Employer) Held { return Held{MaturityID: e.MaturityID, TagIDs: e.TagIDs} }

// Offered narrows ref to what a form offers and accepts: values not retired
// in /beheer, maturity levels of the given scales only (the scale of the
// record's network; several while the network is still to be chosen), and
// whatever the record already holds. Filters use ref itself, retired values
// included, so old records can still be found.
func (ref Reference) Offered(scales []string, held Held) Reference {
	keep := func(opts []Option, ok func(Option) bool) []Option {
		var out []Option
		for _, o := range opts {
			if ok(o) {
				out = append(out, o)
			}
		}
		return out
	}
	tag := func(o Option) bool { return !o.Retired || slices.Contains(held.TagIDs, o.ID) }
	ref.Maturity = keep(ref.Maturity, func(o Option) bool {
		return o.ID == held.MaturityID || (!o.Retired && slices.Contains(scales, o.Code))
	})
	ref.Challenges = keep(ref.Challenges, tag)
	ref.Offers = keep(ref.Offers, tag)
	ref.Functions = keep(ref.Functions, func(o Option) bool { return !o.Retired || o.Code == held.Function })
	return ref
}

// MarkRetired returns ref with " (niet meer in gebruik)" after the names of
// retired values, for the list's filters.
func (ref Reference) MarkRetired(ctx context.Context) Reference {
	mark := func(opts []Option) []Option {
		out := slices.Clone(opts)
		for i, o := range out {
			if o.Retired {
				out[i].Name = i18n.T(ctx, "%s (niet meer in gebruik)", o.Name)
			}
		}
		return out
	}
	ref.Maturity, ref.Functions = mark(ref.Maturity), mark(ref.Functions)
	ref.Challenges, ref.Offers = mark(ref.Challenges), mark(ref.Offers)
	return ref
}

// NetworkScales returns the maturity scale of every network.
func (s *Store) NetworkScales(ctx context.Context) (map[int64]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, maturity_scale FROM networks`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var scale string
		if err := rows.Scan(&id, &scale); err != nil {
			return nil, err
		}
		out[id] = scale
	}
	return out, rows.Err()
}

// scalesFor is the scale of the network the form names when the user may
// write it, else the scales of every network the user may write.
func scalesFor(all map[int64]string, networkID string, writable []identity.Network) []string {
	var out []string
	for _, n := range writable {
		if strconv.FormatInt(n.ID, 10) == networkID {
			return []string{all[n.ID]}
		}
		if !slices.Contains(out, all[n.ID]) {
			out = append(out, all[n.ID])
		}
	}
	return out
}

// offeredFor narrows ref for the employer form (see Offered) and says
// which maturity scales it offers.
func (h *Handler) offeredFor(ctx context.Context, ref Reference, networkID string, held Held) (Reference, []string, error) {
	all, err := h.store.NetworkScales(ctx)
	if err != nil {
		return ref, nil, err
	}
	scales := scalesFor(all, networkID, identity.From(ctx).WritableNetworks())
	return ref.Offered(scales, held), scales, nil
}

// explainMaturity replaces "choose from the list" with why a known level
// was refused: retired, or of another scale than the network's.
func explainMaturity(ctx context.Context, f *EmployerForm, full Reference, scales []string) {
	if f.Errors["volwassenheid"] == "" {
		return
	}
	for _, o := range full.Maturity {
		if strconv.FormatInt(o.ID, 10) != f.MaturityID {
			continue
		}
		switch {
		case o.Retired:
			f.Errors["volwassenheid"] = i18n.T(ctx, "Dit niveau is niet meer in gebruik. Kies een ander niveau.")
		case len(scales) == 1:
			f.Errors["volwassenheid"] = i18n.T(ctx, "Dit niveau hoort niet bij de volwassenheidsschaal van het netwerk (%s). Kies een niveau van die schaal.", scales[0])
		}
	}
}
