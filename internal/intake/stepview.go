package intake

import (
	"context"
	"strconv"

	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/web"
)

// field is a plain text or select field of the step with its value and error.
func (p StepPage) field(name, label, autocomplete string, required bool) web.Field {
	return web.Field{Name: name, Label: label, Value: p.Values.Get(name), Error: p.Errors[name],
		Autocomplete: autocomplete, Required: required}
}

// rowField is field name of row i of step 5.
func (p StepPage) rowField(name string, i int, label, autocomplete string) web.Field {
	id := rowField(name, i)
	return web.Field{Name: name, ElemID: id, Label: label, Value: at(p.Values, name, i), Error: p.Errors[id],
		Autocomplete: autocomplete, Plain: true}
}

// rows is how many rows of a list to show: those filled in plus room for
// more, at least two, at most MaxRows.
func (p StepPage) rows(fields []string) int {
	return min(max(rowCount(p.Values, fields)+2, 2), MaxRows)
}

func (p StepPage) selected(name string) map[string]bool {
	m := map[string]bool{}
	for _, v := range p.Values[name] {
		m[v] = true
	}
	return m
}

func (p StepPage) maturityOptions(ctx context.Context) []web.Option {
	return append(p.Ref.Maturity[:len(p.Ref.Maturity):len(p.Ref.Maturity)], web.Option{Value: MaturityUnknown,
		Label: i18n.T(ctx, "Weet ik niet"), Hint: i18n.T(ctx, "De coördinator helpt u het niveau te bepalen.")})
}

func (p StepPage) levelOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, o := range p.Ref.Levels {
		out = append(out, web.Option{Value: o.Value, Label: i18n.T(ctx, o.Label)})
	}
	return out
}

func (p StepPage) willingOptions(ctx context.Context) []web.Option {
	var out []web.Option
	for _, w := range willingness {
		out = append(out, web.Option{Value: w, Label: WillingLabel(ctx, w)})
	}
	return out
}

// jobs is the current weekly hours as jobs of 25.5 hours, once saved.
func (p StepPage) jobs() (string, bool) {
	h, err := strconv.ParseFloat(p.Values.Get("uren_nu"), 64)
	if err != nil || len(p.Errors) > 0 {
		return "", false
	}
	return decimal(strconv.FormatFloat(Jobs(h), 'f', 1, 64)), true
}

// errorOrder is the order of the fields of the step, rows expanded, for the
// error summary.
func errorOrder(p StepPage) []string {
	var order []string
	if p.Step == StepPeople {
		for _, fields := range [][]string{participantFields, colleagueFields} {
			for i := range 50 {
				for _, f := range fields {
					order = append(order, rowField(f, i))
				}
			}
		}
		return order
	}
	order = append(order, stepFields[p.Step]...)
	for _, c := range p.Ref.Conditions {
		order = append(order, "bereid_"+c.Value)
	}
	return order
}

// incompleteMessage names the steps that still need attention.
func incompleteMessage(ctx context.Context, in Intake) string {
	var missing string
	for n := 1; n <= answerSteps; n++ {
		if !in.Done(n) {
			if missing != "" {
				missing += ", "
			}
			missing += strconv.Itoa(n) + ". " + StepTitle(ctx, n)
		}
	}
	return i18n.T(ctx, "U kunt de intake nog niet indienen. Rond eerst deze stappen af: %s.", missing)
}
