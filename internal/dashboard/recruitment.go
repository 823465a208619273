package dashboard

import (
	"context"
	"strconv"
	"time"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
)

// Recruitment is the recruitment part of the dashboard as the page shows
// it: each network's wish profile against its members, in words, and the
// pipeline's counts per stage and per source.
type Recruitment struct {
	Wishes  []WishNetwork
	Stages  []PipelineStage // in pipeline order, "afgevallen" apart
	Dropped int
	Sources []PipelineSource
}

// WishNetwork is one network's profile, criterion by criterion.
type WishNetwork struct {
	NetworkID int64
	Network   string
	Findings  []WishFinding
}

// WishFinding is one criterion, wanted against actual, in words.
type WishFinding struct {
	Criterion, Text string
	Met, Warning    bool
}

// PipelineStage is one stage: how many prospects are in it now and how
// many ever reached it.
type PipelineStage struct {
	Label        string
	Now, Reached int
}

// PipelineSource is one source: its prospects and how many became members.
type PipelineSource struct {
	Label          string
	Total, Members int
}

// RecruitmentSource computes the recruitment figures. The recruitment
// package owns them (the wish profile's gaps are computed there, once);
// app registers them, so the dashboard imports no other domain. Load runs
// in the view's read-only transaction and returns what the snapshot keeps;
// Read turns that into the page's words when the page is shown, in the
// reader's language.
type RecruitmentSource struct {
	Load func(ctx context.Context, q db.Querier, networks []int64, today time.Time) ([]byte, error)
	Read func(ctx context.Context, data []byte) (Recruitment, error)
}

// UseRecruitment adds the recruitment section to the page.
func (s *Store) UseRecruitment(src RecruitmentSource) *Store {
	s.recruitment = &src
	return s
}

var loadRecruitment = func(ctx context.Context, s *Store, d *Data) (err error) {
	if s.recruitment == nil {
		return nil
	}
	d.Recruitment, err = s.recruitment.Load(ctx, s.q(ctx), d.Scope.Networks, d.Scope.Today())
	return err
}

// recruitmentSections are the page's sections 9 and 10, when recruitment
// is wired in.
func (s *Store) recruitmentSections(ctx context.Context, d *Data) ([]Section, error) {
	if s.recruitment == nil {
		return nil, nil
	}
	rc, err := s.recruitment.Read(ctx, d.Recruitment)
	if err != nil {
		return nil, err
	}
	return []Section{
		{ID: "wensprofiel", Title: i18n.T(ctx, "9. Wensprofiel en werkelijkheid"), Figures: wishFigures(ctx, rc)},
		{ID: "werving", Title: i18n.T(ctx, "10. Werving"), Figures: []Figure{stagesFigure(ctx, rc), sourcesFigure(ctx, rc)}},
	}, nil
}

func wishFigures(ctx context.Context, rc Recruitment) []Figure {
	definition := i18n.T(ctx, "Wat het netwerk in zijn wensprofiel vastlegde, per criterium vergeleken met de huidige leden (status lid) en hun actieve contactpersonen. Groei: werkgevers die dit kwartaal lid werden, tegen het hoogste aantal per kwartaal dat het netwerk gezond vindt. Een criterium dat het netwerk leeg liet, staat er niet bij.")
	if len(rc.Wishes) == 0 {
		return []Figure{{ID: "fig-wensprofiel", Title: i18n.T(ctx, "Wensprofiel tegen de leden"), Definition: definition,
			Stat:  i18n.T(ctx, "Geen van de gekozen netwerken heeft een wensprofiel vastgelegd."),
			Table: wishTable(ctx, "wensprofiel", nil)}}
	}
	var out []Figure
	for _, w := range rc.Wishes {
		id := "wensprofiel"
		if len(rc.Wishes) > 1 {
			id += "-" + strconv.FormatInt(w.NetworkID, 10)
		}
		met := 0
		f := Figure{ID: "fig-" + id, Title: i18n.T(ctx, "Wensprofiel van %s tegen de leden", w.Network), Definition: definition,
			Table: wishTable(ctx, id, w.Findings)}
		for _, fd := range w.Findings {
			if fd.Met {
				met++
			}
			if fd.Warning {
				f.Warning = w.Network + ": " + fd.Text
			}
		}
		f.Stat = i18n.T(ctx, "%d van de %d criteria zijn gehaald.", met, len(w.Findings))
		out = append(out, f)
	}
	return out
}

func wishTable(ctx context.Context, name string, fs []WishFinding) Table {
	t := Table{Name: name, Caption: i18n.T(ctx, "Gewenst tegen werkelijk, per criterium"),
		Columns: []Column{col(i18n.T(ctx, "Criterium")), col(i18n.T(ctx, "Stand")), col(i18n.T(ctx, "Gehaald"))}}
	for _, f := range fs {
		met := i18n.T(ctx, "nee")
		if f.Met {
			met = i18n.T(ctx, "ja")
		}
		t.Rows = append(t.Rows, []Cell{textCell(f.Criterion), textCell(f.Text), textCell(met)})
	}
	return t
}

func stagesFigure(ctx context.Context, rc Recruitment) Figure {
	t := Table{Name: "werving-per-fase", Caption: i18n.T(ctx, "Prospects per fase"),
		Columns: []Column{col(i18n.T(ctx, "Fase")), numCol(i18n.T(ctx, "Nu in deze fase")), numCol(i18n.T(ctx, "Kwamen zo ver")),
			numCol(i18n.T(ctx, "Door naar de volgende fase"))}}
	c := Chart{ID: "chart-werving", Title: i18n.T(ctx, "Prospects die elke fase bereikten"), Desc: chartDesc(ctx, i18n.T(ctx, "Staafdiagram."))}
	s := Series{Name: i18n.T(ctx, "Kwamen zo ver")}
	total := rc.Dropped
	for i, st := range rc.Stages {
		next := missingCell()
		if i+1 < len(rc.Stages) {
			next = pctCell(rc.Stages[i+1].Reached, st.Reached)
		}
		t.Rows = append(t.Rows, []Cell{textCell(st.Label), intCell(st.Now), intCell(st.Reached), next})
		c.Labels = append(c.Labels, st.Label)
		s.Values = append(s.Values, float64(st.Reached))
		total += st.Now
	}
	t.Rows = append(t.Rows, []Cell{textCell(i18n.T(ctx, "Afgevallen")), intCell(rc.Dropped), missingCell(), missingCell()})
	c.Bars = []Series{s}
	f := Figure{ID: "fig-werving-fases", Title: i18n.T(ctx, "Werving: prospects per fase en doorstroom"),
		Definition: i18n.T(ctx, "Alle prospects van de gekozen netwerken, ongeacht de periode. Kwamen zo ver: wie deze fase ooit bereikte, ook als die later verder kwam of afviel. Door naar de volgende fase: het deel daarvan dat ook de volgende fase bereikte."),
		Table:      t}
	if total == 0 {
		f.Stat = i18n.T(ctx, "Er staan nog geen prospects in de werving.")
	} else {
		f.Stat = i18n.T(ctx, "%d prospects in de werving, van wie %d lid werden en %d afvielen.", total, lastReached(rc.Stages), rc.Dropped)
		f.Charts = []chartView{c.view()}
	}
	return f
}

func lastReached(stages []PipelineStage) int {
	if len(stages) == 0 {
		return 0
	}
	return stages[len(stages)-1].Reached
}

func sourcesFigure(ctx context.Context, rc Recruitment) Figure {
	t := Table{Name: "werving-per-bron", Caption: i18n.T(ctx, "Prospects per bron"),
		Columns: []Column{col(i18n.T(ctx, "Bron")), numCol(i18n.T(ctx, "Prospects")), numCol(i18n.T(ctx, "Lid geworden")),
			numCol(i18n.T(ctx, "Conversie"))}}
	for _, s := range rc.Sources {
		t.Rows = append(t.Rows, []Cell{textCell(s.Label), intCell(s.Total), intCell(s.Members), pctCell(s.Members, s.Total)})
	}
	return Figure{ID: "fig-werving-bronnen", Title: i18n.T(ctx, "Werving: waar prospects vandaan komen"),
		Definition: i18n.T(ctx, "Alle prospects van de gekozen netwerken per bron. Conversie: het deel dat lid werd."),
		Table:      t}
}

// recruitmentSpec is the download of a table of the recruitment sections;
// its table has no name when there is no such table (or its figures cannot
// be read), which the download answers with 404.
func recruitmentSpec(s *Store, name string) tableSpec {
	return tableSpec{name: name, loads: []loader{loadRecruitment}, build: func(ctx context.Context, d *Data, _ bool) Table {
		sections, err := s.recruitmentSections(ctx, d)
		if err != nil {
			return Table{}
		}
		for _, sec := range sections {
			for _, f := range sec.Figures {
				if f.Table.Name == name {
					return f.Table
				}
			}
		}
		return Table{}
	}}
}
