package recruitment

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"netwerkportaal/internal/platform/i18n"
)

// WishProfile is what a network says it wants, on the chapter's criteria.
type WishProfile struct {
	NetworkID      int64
	TargetSize     *int // members
	MaxGrowth      *int // new members per quarter the network calls healthy
	Composition    string
	SectorIDs      []int64
	SizeClasses    []string
	Municipalities []string
	Functions      []string // contact functions wanted among the participants
	Levels         []string
	DirectieShare  *int // percent of members with a directie contact
	MaturityIDs    []int64
	Kinds          []string // kinds of organisation that may join
	Version        int
}

// Kinds of organisation a network may welcome, each in its role as employer.
var Kinds = []string{"bedrijf", "overheid", "maatschappelijk", "intermediair"}

var kindLabels = map[string]string{
	"bedrijf":         "Bedrijven",
	"overheid":        "Overheden, in hun rol als werkgever",
	"maatschappelijk": "Maatschappelijke organisaties (zorg, onderwijs, cultuur)",
	"intermediair":    "Intermediairs zoals uitzendbureaus en re-integratiebedrijven, alleen in hun rol als werkgever",
}

// KindLabel is the translated kind of organisation.
func KindLabel(ctx context.Context, k string) string {
	if l, ok := kindLabels[k]; ok {
		return i18n.T(ctx, l)
	}
	return k
}

// MemberFacts is what the gaps need to know of one member.
type MemberFacts struct {
	SectorID      int64
	EmployeeCount *int
	City          string
	MaturityID    int64
	Functions     []string // of the active contacts
	Levels        []string
}

// Facts are the network as it is.
type Facts struct {
	Members           []MemberFacts
	JoinedThisQuarter int
}

// SizeClass is a CBS size class.
type SizeClass struct {
	Code     string
	Min      int
	Max      *int
	Name     string
	Position int
}

// Names turn the codes and ids of a profile into words.
type Names struct {
	Sectors     map[int64]string
	SizeClasses []SizeClass
	Functions   map[string]string
	Levels      map[string]string
}

// Finding is one criterion, wanted against actual, in words.
type Finding struct {
	Criterion string
	Text      string
	Met       bool
	Warning   bool // growth faster than the healthy pace
}

// Gaps compares the profile with the network's members, criterion by
// criterion, in words. A criterion the network left empty is skipped.
func Gaps(ctx context.Context, p WishProfile, f Facts, n Names) []Finding {
	var out []Finding
	members := len(f.Members)
	if p.TargetSize != nil {
		fd := Finding{Criterion: i18n.T(ctx, "Omvang")}
		if left := *p.TargetSize - members; left > 0 {
			fd.Text = i18n.T(ctx, "Het netwerk heeft %d leden; het doel is %d: er kunnen er nog %d bij.", members, *p.TargetSize, left)
		} else {
			fd.Met = true
			fd.Text = i18n.T(ctx, "Het netwerk heeft %d leden en heeft zijn doel van %d bereikt.", members, *p.TargetSize)
		}
		out = append(out, fd)
	}
	if p.MaxGrowth != nil {
		fd := Finding{Criterion: i18n.T(ctx, "Groei"), Met: f.JoinedThisQuarter <= *p.MaxGrowth}
		if fd.Met {
			fd.Text = i18n.T(ctx, "Dit kwartaal kwamen er %d leden bij; dat past bij het gezonde tempo van hoogstens %d per kwartaal.", f.JoinedThisQuarter, *p.MaxGrowth)
		} else {
			fd.Warning = true
			fd.Text = i18n.T(ctx, "Dit kwartaal kwamen er %d leden bij, meer dan de %d per kwartaal die het netwerk gezond vindt. Snelle groei gaat ten koste van eigenaarschap en opkomst.", f.JoinedThisQuarter, *p.MaxGrowth)
		}
		out = append(out, fd)
	}
	if len(p.SectorIDs) > 0 {
		var missing []string
		for _, id := range p.SectorIDs {
			if !slices.ContainsFunc(f.Members, func(m MemberFacts) bool { return m.SectorID == id }) {
				missing = append(missing, n.Sectors[id])
			}
		}
		out = append(out, missingFinding(ctx, i18n.T(ctx, "Sectoren"), missing,
			"Uit elke gewenste sector is er een lid.", "Er ontbreken werkgevers uit de sector %s."))
	}
	if len(p.SizeClasses) > 0 {
		var missing []string
		for _, sc := range n.SizeClasses {
			if slices.Contains(p.SizeClasses, sc.Code) && !slices.ContainsFunc(f.Members, func(m MemberFacts) bool { return inClass(m, sc) }) {
				missing = append(missing, sc.Name)
			}
		}
		out = append(out, missingFinding(ctx, i18n.T(ctx, "Grootte"), missing,
			"Alle gewenste grootteklassen zijn vertegenwoordigd.", "Er ontbreken werkgevers van de grootte %s."))
	}
	if len(p.Municipalities) > 0 {
		var missing []string
		for _, c := range p.Municipalities {
			if !slices.ContainsFunc(f.Members, func(m MemberFacts) bool { return strings.EqualFold(strings.TrimSpace(m.City), c) }) {
				missing = append(missing, c)
			}
		}
		out = append(out, missingFinding(ctx, i18n.T(ctx, "Plaatsen"), missing,
			"Uit elke gewenste plaats is er een lid.", "Er ontbreken werkgevers uit %s."))
	}
	if len(p.Functions) > 0 {
		out = append(out, coverage(ctx, i18n.T(ctx, "Functies"), p.Functions, n.Functions, f.Members,
			func(m MemberFacts) []string { return m.Functions }, "%d van de %d gewenste functies zijn vertegenwoordigd"))
	}
	if len(p.Levels) > 0 {
		out = append(out, coverage(ctx, i18n.T(ctx, "Niveaus"), p.Levels, n.Levels, f.Members,
			func(m MemberFacts) []string { return m.Levels }, "%d van de %d gewenste niveaus zijn vertegenwoordigd"))
	}
	if p.DirectieShare != nil {
		out = append(out, directie(ctx, *p.DirectieShare, f.Members))
	}
	return out
}

func inClass(m MemberFacts, sc SizeClass) bool {
	return m.EmployeeCount != nil && *m.EmployeeCount >= sc.Min && (sc.Max == nil || *m.EmployeeCount <= *sc.Max)
}

func missingFinding(ctx context.Context, criterion string, missing []string, metText, gapText string) Finding {
	if len(missing) == 0 {
		return Finding{Criterion: criterion, Met: true, Text: i18n.T(ctx, metText)}
	}
	return Finding{Criterion: criterion, Text: i18n.T(ctx, gapText, andList(ctx, missing))}
}

// coverage says how many of the wanted values some member's contact has.
func coverage(ctx context.Context, criterion string, wanted []string, names map[string]string, ms []MemberFacts,
	of func(MemberFacts) []string, text string) Finding {
	var missing []string
	for _, w := range wanted {
		if !slices.ContainsFunc(ms, func(m MemberFacts) bool { return slices.Contains(of(m), w) }) {
			missing = append(missing, names[w])
		}
	}
	fd := Finding{Criterion: criterion, Met: len(missing) == 0,
		Text: i18n.T(ctx, text, len(wanted)-len(missing), len(wanted))}
	switch len(missing) {
	case 0:
		fd.Text += "."
	case 1:
		fd.Text += i18n.T(ctx, "; er ontbreekt %s.", missing[0])
	default:
		fd.Text += i18n.T(ctx, "; er ontbreken %s.", andList(ctx, missing))
	}
	return fd
}

// directieNeeded is how many more members need a directie contact to
// reach share percent of members.
func directieNeeded(share int, ms []MemberFacts) (have, need int) {
	for _, m := range ms {
		if slices.Contains(m.Functions, "directie") {
			have++
		}
	}
	want := int(math.Ceil(float64(share) * float64(len(ms)) / 100))
	return have, max(want-have, 0)
}

func directie(ctx context.Context, share int, ms []MemberFacts) Finding {
	have, need := directieNeeded(share, ms)
	pct := 0
	if len(ms) > 0 {
		pct = int(math.Round(float64(have) * 100 / float64(len(ms))))
	}
	fd := Finding{Criterion: i18n.T(ctx, "Directie"), Met: need == 0,
		Text: i18n.T(ctx, "%d van de %d leden (%d%%) hebben een contactpersoon uit de directie; gewenst is %d%%", have, len(ms), pct, share)}
	switch need {
	case 0:
		fd.Text += "."
	case 1:
		fd.Text += i18n.T(ctx, ": daarvoor is er nog 1 nodig.")
	default:
		fd.Text += i18n.T(ctx, ": daarvoor zijn er nog %d nodig.", need)
	}
	return fd
}

// andList joins names as Dutch prose: "a, b en c".
func andList(ctx context.Context, xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " " + i18n.T(ctx, "en") + " " + xs[len(xs)-1]
}

// Fit says which gaps of the profile a prospect would close, as far as its
// data tell: the function of its contact, a directie contact, its place
// (from the KvK data the coordinator may add later), and whether the
// network has room to grow this quarter.
func Fit(ctx context.Context, p WishProfile, f Facts, n Names, pr Prospect) []string {
	var out []string
	fn := pr.ContactFunction
	if fn != "" && slices.Contains(p.Functions, fn) &&
		!slices.ContainsFunc(f.Members, func(m MemberFacts) bool { return slices.Contains(m.Functions, fn) }) {
		out = append(out, i18n.T(ctx, "Vult een gat: de gewenste functie %s ontbreekt nog in het netwerk.", n.Functions[fn]))
	}
	if fn == "directie" && p.DirectieShare != nil {
		if _, need := directieNeeded(*p.DirectieShare, f.Members); need > 0 {
			out = append(out, i18n.T(ctx, "Brengt een contactpersoon uit de directie; het netwerk zoekt er nog %d.", need))
		}
	}
	if p.TargetSize != nil && len(f.Members) >= *p.TargetSize {
		out = append(out, i18n.T(ctx, "Let op: het netwerk heeft zijn doel van %d leden al bereikt.", *p.TargetSize))
	}
	if p.MaxGrowth != nil && f.JoinedThisQuarter >= *p.MaxGrowth {
		out = append(out, i18n.T(ctx, "Let op: dit kwartaal kwamen er al %d leden bij; het gezonde tempo is hoogstens %d per kwartaal.", f.JoinedThisQuarter, *p.MaxGrowth))
	}
	return out
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
