package dashboard

import (
	"context"
	"math"
	"strconv"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// Tile is one figure of "In één oogopslag": a key number, its change over
// the period, a signal in words (with colour as a second cue) and a link to
// the section that explains it.
type Tile struct {
	Title  string
	Value  string
	Change string // over the period, in words; empty when it has none
	Signal string // in words: "groeit", "let op: …"
	Tone   string // web.ToneGood, web.ToneWarn or ""
	Href   string
}

// buildTiles summarises the dashboard's data in eight tiles, from the same
// numbers as the sections below, so the tiles never disagree with them.
func buildTiles(ctx context.Context, d *Data) []Tile {
	return []Tile{
		membersTile(ctx, d), attendanceTile(ctx, d), activeTile(ctx, d), fragileTile(ctx, d),
		mandateTile(ctx, d), conditionsTile(ctx, d), jobsTile(ctx, d), intakeTile(ctx, d),
	}
}

func membersTile(ctx context.Context, d *Data) Tile {
	t := Tile{Title: i18n.T(ctx, "Leden"), Href: "#fig-leden", Value: "–"}
	if len(d.Growth) == 0 {
		return t
	}
	in, out := 0, 0
	for _, g := range d.Growth {
		in, out = in+g.Joins, out+g.Leaves
	}
	t.Value = strconv.Itoa(d.Growth[len(d.Growth)-1].Members)
	t.Change = i18n.T(ctx, "+%d erbij, −%d weg in de periode", in, out)
	switch net := in - out; {
	case net > 0:
		t.Signal, t.Tone = i18n.T(ctx, "groeit"), web.ToneGood
	case net < 0:
		t.Signal, t.Tone = i18n.T(ctx, "krimpt"), web.ToneWarn
	default:
		t.Signal = i18n.T(ctx, "stabiel")
	}
	return t
}

// pointsChange says how a share moved, in percentage points.
func pointsChange(ctx context.Context, from, to float64) string {
	pp := int(math.Round((to - from) * 100))
	switch {
	case pp > 0:
		return i18n.T(ctx, "+%d procentpunt in de periode", pp)
	case pp < 0:
		return i18n.T(ctx, "−%d procentpunt in de periode", -pp)
	}
	return i18n.T(ctx, "gelijk gebleven in de periode")
}

func attendanceTile(ctx context.Context, d *Data) Tile {
	t := Tile{Title: i18n.T(ctx, "Opkomst"), Href: "#fig-opkomst", Value: "–", Signal: i18n.T(ctx, "geen bijeenkomsten met aanwezigheid")}
	var rates []float64
	present, registered := 0, 0
	for _, a := range d.Attendance {
		present, registered = present+a.Present, registered+a.Registered
		if a.Registered > 0 {
			rates = append(rates, float64(a.Present)/float64(a.Registered))
		}
	}
	if registered == 0 {
		return t
	}
	t.Value = formatPct(float64(present) / float64(registered))
	t.Signal = i18n.T(ctx, "van de aangemelden was er")
	if len(rates) > 1 {
		first, last := rates[0], rates[len(rates)-1]
		t.Change = pointsChange(ctx, first, last)
		if last-first <= -0.10 {
			t.Signal, t.Tone = i18n.T(ctx, "let op: de opkomst daalt"), web.ToneWarn
		} else if last > first {
			t.Signal, t.Tone = i18n.T(ctx, "de opkomst stijgt"), web.ToneGood
		}
	}
	return t
}

func activeTile(ctx context.Context, d *Data) Tile {
	t := Tile{Title: i18n.T(ctx, "Actieve leden"), Href: "#fig-actief", Value: "–"}
	var shares []float64
	for _, g := range d.Growth {
		if g.Members > 0 {
			shares = append(shares, float64(g.Active)/float64(g.Members))
		}
	}
	if len(shares) == 0 {
		return t
	}
	last := shares[len(shares)-1]
	t.Value = formatPct(last)
	t.Signal = i18n.T(ctx, "was het afgelopen halfjaar bij een bijeenkomst")
	if len(shares) > 1 {
		t.Change = pointsChange(ctx, shares[0], last)
	}
	if last < 0.5 {
		t.Signal, t.Tone = i18n.T(ctx, "let op: minder dan de helft is actief"), web.ToneWarn
	}
	return t
}

func fragileTile(ctx context.Context, d *Data) Tile {
	s := d.Summary
	t := Tile{Title: i18n.T(ctx, "Kwetsbare leden"), Href: "#fig-een-contact", Value: strconv.Itoa(s.OneContact),
		Change: i18n.T(ctx, "stand van vandaag")}
	share := fraction(s.OneContact, s.Members)
	switch {
	case s.Members == 0:
		t.Signal = i18n.T(ctx, "geen leden")
	case share >= FragileShare:
		t.Signal, t.Tone = i18n.T(ctx, "let op: %s van de leden hangt aan één persoon", formatPct(share)), web.ToneWarn
	default:
		t.Signal, t.Tone = i18n.T(ctx, "%s van de leden hangt aan één persoon", formatPct(share)), web.ToneGood
	}
	return t
}

func mandateTile(ctx context.Context, d *Data) Tile {
	s := d.Summary
	t := Tile{Title: i18n.T(ctx, "Mandaat"), Href: "#fig-directie", Value: "–", Change: i18n.T(ctx, "stand van vandaag")}
	if s.Members == 0 {
		return t
	}
	share := fraction(s.Directie, s.Members)
	t.Value = formatPct(share)
	if share < DirectieShareLo {
		t.Signal, t.Tone = i18n.T(ctx, "let op: weinig leden met contact in de directie"), web.ToneWarn
	} else {
		t.Signal, t.Tone = i18n.T(ctx, "van de leden heeft contact in de directie"), web.ToneGood
	}
	return t
}

func conditionsTile(ctx context.Context, d *Data) Tile {
	t := Tile{Title: i18n.T(ctx, "Voorwaarden vervuld"), Href: "#fig-voorwaarden", Value: "–",
		Change: i18n.T(ctx, "stand van vandaag"), Signal: i18n.T(ctx, "het netwerk stelt geen voorwaarden")}
	met, members := 0, 0
	for _, c := range d.Conditions {
		met, members = met+c.Met, members+c.Members
	}
	if members == 0 {
		return t
	}
	share := fraction(met, members)
	t.Value = formatPct(share)
	if share < 0.75 {
		t.Signal, t.Tone = i18n.T(ctx, "let op: een kwart of meer voldoet niet"), web.ToneWarn
	} else {
		t.Signal, t.Tone = i18n.T(ctx, "van de voorwaarden is vervuld"), web.ToneGood
	}
	return t
}

func jobsTile(ctx context.Context, d *Data) Tile {
	t := Tile{Title: i18n.T(ctx, "Banen tegen ambitie"), Href: "#fig-plaatsingen", Value: "–", Signal: i18n.T(ctx, "nog geen rapportages")}
	for i := len(d.Placements) - 1; i >= 0; i-- {
		p := d.Placements[i]
		if p.Reports == 0 {
			continue
		}
		jobs := Jobs(p.WeeklyHours)
		t.Value = i18n.T(ctx, "%s van %d", formatDec(ctx, jobs), p.Ambition)
		t.Change = i18n.T(ctx, "laatste kwartaal met rapportages: %s", quarterLabel(ctx, p.Quarter))
		if p.Ambition > 0 && jobs < float64(p.Ambition) {
			t.Signal, t.Tone = i18n.T(ctx, "let op: achter op de ambitie"), web.ToneWarn
		} else {
			t.Signal, t.Tone = i18n.T(ctx, "op of boven de ambitie"), web.ToneGood
		}
		return t
	}
	return t
}

func intakeTile(ctx context.Context, d *Data) Tile {
	f := d.Intake
	waiting := max(f.Submitted-f.Processed, 0)
	t := Tile{Title: i18n.T(ctx, "Intakes wachtend"), Href: "#fig-intake", Value: strconv.Itoa(waiting),
		Change: i18n.T(ctx, "%d uitgenodigd, %d ingediend in de periode", f.Invited, f.Submitted)}
	if waiting > 0 {
		t.Signal, t.Tone = i18n.T(ctx, "let op: ingediend, nog niet verwerkt"), web.ToneWarn
	} else {
		t.Signal, t.Tone = i18n.T(ctx, "niets te verwerken"), web.ToneGood
	}
	return t
}
