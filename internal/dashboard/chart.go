package dashboard

import (
	"math"
	"strconv"
	"strings"
)

// Chart describes a server-rendered SVG chart: bars (counts, on the left
// axis) and lines (fractions 0..1, on the right axis, or the left one when
// there are no bars), over categories. Every bar and point carries its
// value as text and the series differ in pattern, marker and dash, so
// colour is never the only signal; the data table beside it has the rest.
type Chart struct {
	ID         string
	Title      string
	Desc       string
	Labels     []string
	Bars       []Series
	Lines      []Series
	Horizontal bool // one bar series, labels on the left: for long names
	Percent    bool // horizontal bars of fractions 0..1 instead of counts
}

// Series is one named row of values; Valid false means "no value" (a
// quarter without events), drawn as a gap, not as zero.
type Series struct {
	Name   string
	Values []float64
	Valid  []bool
}

func (s Series) ok(i int) bool { return i < len(s.Values) && (s.Valid == nil || s.Valid[i]) }

// Geometry of the drawing, in SVG user units.
const (
	chartW      = 640
	chartTop    = 52 // room for one row of the legend, and a value above the tallest bar
	chartBottom = 58 // room for the category labels, in two lines
	legendRowH  = 30 // a further row of the legend
	barRowH     = 28
	hLabelW     = 250
)

// chartView is a Chart laid out for drawing.
type chartView struct {
	ID, Title, Desc     string
	W, H                int
	X0, X1, Y0, Y1      float64
	LeftTicks           []tick
	RightTicks          []tick
	XLabels             []xLabel
	Bars                []bar
	Lines               []line
	Legend              []legendItem
	Horizontal, HasLine bool
}

type tick struct {
	Y     float64
	Label string
}

type xLabel struct {
	X, Y         float64
	Line1, Line2 string
}

type bar struct {
	X, Y, W, H float64
	Series     int
	Label      string
	LX, LY     float64 // where the value is written
	Anchor     string
}

type point struct {
	X, Y  float64
	Label string
}

type line struct {
	Series   int
	Segments []string // "x,y x,y ..." per run of valid points
	Points   []point
}

type legendItem struct {
	X, Y   float64 // Y: the top of its row
	Name   string
	Bar    bool
	Series int
}

// f formats a coordinate for an SVG attribute.
func f(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten, and
// returns the tick step that gives at most five intervals.
func niceMax(max float64) (top, step float64) {
	if max <= 0 {
		return 4, 1
	}
	for _, s := range []float64{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000} {
		if math.Ceil(max/s) <= 5 {
			return math.Ceil(max/s) * s, s
		}
	}
	p := math.Pow(10, math.Ceil(math.Log10(max)))
	return p, p / 5
}

func (c Chart) view() chartView {
	if c.Horizontal {
		return c.horizontal()
	}
	v := chartView{ID: c.ID, Title: c.Title, Desc: c.Desc, W: chartW, H: 300, HasLine: len(c.Lines) > 0}
	// Room for "100%" beside the axes in the largest chart text (22 units).
	right := 16.0
	if len(c.Bars) > 0 && len(c.Lines) > 0 {
		right = 64
	}
	v.X0, v.X1 = 64, chartW-right
	rows := v.legend(c)
	v.H += (rows - 1) * legendRowH
	v.Y0, v.Y1 = float64(chartTop+(rows-1)*legendRowH), float64(v.H-chartBottom)
	n := max(len(c.Labels), 1)
	slot := (v.X1 - v.X0) / float64(n)
	for i, l := range c.Labels {
		l1, l2, _ := strings.Cut(l, " ")
		v.XLabels = append(v.XLabels, xLabel{X: v.X0 + slot*(float64(i)+0.5), Y: v.Y1 + 22, Line1: l1, Line2: l2})
	}
	if len(c.Bars) > 0 {
		v.layoutBars(c, slot)
	}
	if len(c.Lines) > 0 {
		v.layoutLines(c, slot, len(c.Bars) > 0)
	}
	return v
}

func (v *chartView) layoutBars(c Chart, slot float64) {
	top := 0.0
	for _, s := range c.Bars {
		for i := range s.Values {
			if s.ok(i) {
				top = math.Max(top, s.Values[i])
			}
		}
	}
	top, step := niceMax(top)
	for t := 0.0; t <= top+step/2; t += step {
		v.LeftTicks = append(v.LeftTicks, tick{Y: v.Y1 - (v.Y1-v.Y0)*t/top, Label: strconv.Itoa(int(t))})
	}
	bw := slot * 0.7 / float64(len(c.Bars))
	for j, s := range c.Bars {
		for i, val := range s.Values {
			if !s.ok(i) {
				continue
			}
			h := (v.Y1 - v.Y0) * val / top
			x := v.X0 + slot*float64(i) + slot*0.15 + bw*float64(j)
			v.Bars = append(v.Bars, bar{X: x, Y: v.Y1 - h, W: bw, H: h, Series: j, Label: strconv.Itoa(int(math.Round(val))),
				LX: x + bw/2, LY: v.Y1 - h - 4, Anchor: "middle"})
		}
	}
}

func (v *chartView) layoutLines(c Chart, slot float64, right bool) {
	ticks := []float64{0, 0.25, 0.5, 0.75, 1}
	for _, t := range ticks {
		tk := tick{Y: v.Y1 - (v.Y1-v.Y0)*t, Label: formatPct(t)}
		if right {
			v.RightTicks = append(v.RightTicks, tk)
		} else {
			v.LeftTicks = append(v.LeftTicks, tk)
		}
	}
	for j, s := range c.Lines {
		l := line{Series: j}
		var run []string
		for i := range c.Labels {
			if !s.ok(i) {
				if len(run) > 0 {
					l.Segments = append(l.Segments, strings.Join(run, " "))
				}
				run = nil
				continue
			}
			p := point{X: v.X0 + slot*(float64(i)+0.5), Y: v.Y1 - (v.Y1-v.Y0)*math.Min(math.Max(s.Values[i], 0), 1), Label: formatPct(s.Values[i])}
			l.Points = append(l.Points, p)
			run = append(run, f(p.X)+","+f(p.Y))
		}
		if len(run) > 0 {
			l.Segments = append(l.Segments, strings.Join(run, " "))
		}
		v.Lines = append(v.Lines, l)
	}
}

// legend places the series names in one row above the plot.
// legend places the legend's items in rows above the chart and returns the
// number of rows. The widths are reckoned for the largest chart text (22
// units, in a narrow container, see portal.css), so the items never run
// into each other on a phone; what does not fit goes to the next row.
func (v *chartView) legend(c Chart) int {
	x, row := v.X0, 0
	add := func(name string, isBar bool, i int) {
		w := 56 + float64(len([]rune(name)))*12.6
		if x > v.X0 && x+w > float64(chartW) {
			x, row = v.X0, row+1
		}
		v.Legend = append(v.Legend, legendItem{X: x, Y: 10 + float64(row*legendRowH), Name: name, Bar: isBar, Series: i})
		x += w
	}
	for i, s := range c.Bars {
		add(s.Name, true, i)
	}
	for i, s := range c.Lines {
		add(s.Name, false, i)
	}
	return row + 1
}

// horizontal lays out one bar series as rows with the label on the left.
func (c Chart) horizontal() chartView {
	n := len(c.Labels)
	v := chartView{ID: c.ID, Title: c.Title, Desc: c.Desc, W: chartW, H: 16 + n*barRowH, Horizontal: true}
	v.X0, v.X1, v.Y0 = hLabelW, chartW-48, 8
	if len(c.Bars) == 0 {
		return v
	}
	s := c.Bars[0]
	top := 1.0
	for i := range s.Values {
		if !c.Percent {
			top = math.Max(top, s.Values[i])
		}
	}
	for i, label := range c.Labels {
		y := v.Y0 + float64(i)*barRowH
		v.XLabels = append(v.XLabels, xLabel{X: v.X0 - 8, Y: y + barRowH/2 + 4, Line1: shorten(label, 34)})
		if !s.ok(i) {
			continue
		}
		w := (v.X1 - v.X0) * s.Values[i] / top
		v.Bars = append(v.Bars, bar{X: v.X0, Y: y + 4, W: w, H: barRowH - 8, Label: c.valueText(s.Values[i]),
			LX: v.X0 + w + 6, LY: y + barRowH/2 + 4, Anchor: "start"})
	}
	return v
}

func (c Chart) valueText(v float64) string {
	if c.Percent {
		return formatPct(v)
	}
	return strconv.Itoa(int(math.Round(v)))
}

// shorten cuts a label for the drawing; the table has it in full.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
