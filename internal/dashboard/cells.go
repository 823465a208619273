package dashboard

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// Table is one data table of the dashboard: shown beside its chart and
// downloadable as CSV and .xlsx under its Name.
type Table struct {
	Name    string // file name and element id
	Caption string
	Columns []Column
	Rows    [][]Cell
	Note    string // how to read it (the <5 rule, for instance)
}

// Column is a table heading; numeric columns are right-aligned.
type Column struct {
	Label string
	Num   bool
}

// CellKind says how a cell goes into a spreadsheet.
type CellKind int

const (
	KindText CellKind = iota
	KindInt
	KindDec  // one decimal
	KindPct  // Value is a fraction, Text a whole percentage
	KindDate // Text as the page shows it, Date in ISO for downloads
)

// Cell is one value as shown (Text, also in CSV) and as a number (Value,
// for .xlsx); Href links it on the page only.
type Cell struct {
	Text  string
	Value float64
	Kind  CellKind
	Href  string
	Date  string // ISO, for KindDate
	Dutch bool   // Text stays Dutch in another language (web.RefLabel)
}

// Below is the threshold of the privacy rule: per-employer counts of
// people (and jobs) from 1 up to Below show as "<5".
const Below = 5

// Suppressed is what a hidden small number reads.
const Suppressed = "<5"

func textCell(s string) Cell { return Cell{Text: s} }

// refCell is a reference value (sector, function, challenge, ...):
// translated where the catalogue knows it, else Dutch and marked so.
func refCell(ctx context.Context, name string) Cell {
	c := Cell{}
	c.Text, c.Dutch = web.RefLabel(ctx, name)
	return c
}

func intCell(n int) Cell { return Cell{Text: strconv.Itoa(n), Value: float64(n), Kind: KindInt} }

// decCell shows one decimal, with a decimal comma in Dutch.
func decCell(ctx context.Context, f float64) Cell {
	return Cell{Text: formatDec(ctx, f), Value: math.Round(f*10) / 10, Kind: KindDec}
}

// pctCell is part of whole as a percentage; "–" when whole is 0.
func pctCell(part, whole int) Cell {
	if whole == 0 {
		return missingCell()
	}
	f := float64(part) / float64(whole)
	return Cell{Text: formatPct(f), Value: f, Kind: KindPct}
}

func missingCell() Cell { return Cell{Text: "–"} }

// smallInt applies the privacy rule to a count of people of one employer.
func smallInt(n int) Cell {
	if n > 0 && n < Below {
		return Cell{Text: Suppressed}
	}
	return intCell(n)
}

// smallDec applies the privacy rule to one employer's realised jobs.
func smallDec(ctx context.Context, f float64) Cell {
	if f > 0 && f < Below {
		return Cell{Text: Suppressed}
	}
	return decCell(ctx, f)
}

func formatDec(ctx context.Context, f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
	if i18n.LangOf(ctx) == i18n.NL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// formatIndex shows an indicator between 0 and 1 with two decimals.
func formatIndex(ctx context.Context, f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	if i18n.LangOf(ctx) == i18n.NL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func formatPct(f float64) string { return strconv.Itoa(int(math.Round(f*100))) + "%" }

func dateCell(t *time.Time) Cell {
	if t == nil {
		return missingCell()
	}
	return Cell{Text: t.Format("02-01-2006"), Date: t.Format("2006-01-02"), Kind: KindDate}
}
