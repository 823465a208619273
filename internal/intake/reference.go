package intake

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/db"
	"netwerkportaal/web"
)

// Reference is the reference data the questionnaire offers, for one network:
// its maturity scale and its conditions of membership.
type Reference struct {
	Sectors    []web.Option
	Regions    []web.Option
	Maturity   []web.Option // with a one-line explanation as Hint
	Challenges []web.Option
	Offers     []web.Option
	Functions  []web.Option
	Levels     []web.Option
	Themes     []web.Option
	Conditions []web.Option // Value is the commitment kind's code
	// retired holds the values retired in /beheer ("tag:12", "ml:3",
	// "fn:directie", "th:4"): shown in answers and summaries, offered only
	// to an intake that already holds them (see offered).
	retired map[string]bool
}

// Levels of a contact in their organisation, as the profile has them.
var levelCodes = []string{"strategisch", "tactisch", "operationeel"}

// reference loads the choices of the questionnaire for a network.
func reference(ctx context.Context, q db.Querier, networkID int64) (Reference, error) {
	var ref Reference
	var err error
	load := func(dst *[]web.Option, sql string, args ...any) {
		if err != nil {
			return
		}
		*dst, err = options(ctx, q, sql, args...)
	}
	load(&ref.Sectors, `SELECT id::text, code || ' ' || name, '' FROM sectors ORDER BY code`)
	load(&ref.Regions, `SELECT id::text, name, '' FROM regions ORDER BY name`)
	load(&ref.Maturity, `SELECT m.id::text, m.name, m.description FROM maturity_levels m
		JOIN networks n ON n.maturity_scale = m.scale WHERE n.id = $1 ORDER BY m.position`, networkID)
	load(&ref.Challenges, `SELECT id::text, name, '' FROM tags WHERE kind = 'uitdaging' ORDER BY position`)
	load(&ref.Offers, `SELECT id::text, name, '' FROM tags WHERE kind = 'aanbod' ORDER BY position`)
	load(&ref.Functions, `SELECT code, name, '' FROM function_types ORDER BY position`)
	load(&ref.Themes, `SELECT id::text, name, '' FROM themes ORDER BY position`)
	load(&ref.Conditions, `SELECT k.code, k.name, k.description FROM commitment_kinds k
		JOIN network_conditions c ON c.kind_id = k.id WHERE c.network_id = $1 ORDER BY k.position`, networkID)
	if err == nil {
		ref.retired, err = retiredValues(ctx, q)
	}
	for _, l := range levelCodes {
		ref.Levels = append(ref.Levels, web.Option{Value: l, Label: levelLabel(l)})
	}
	return ref, err
}

func options(ctx context.Context, q db.Querier, sql string, args ...any) ([]web.Option, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (web.Option, error) {
		var o web.Option
		return o, r.Scan(&o.Value, &o.Label, &o.Hint)
	})
}

// label returns the label of value among opts ("" when unknown).
func label(opts []web.Option, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return ""
}

func levelLabel(code string) string {
	switch code {
	case "strategisch":
		return "Strategisch"
	case "tactisch":
		return "Tactisch"
	case "operationeel":
		return "Operationeel"
	}
	return code
}

func retiredValues(ctx context.Context, q db.Querier) (map[string]bool, error) {
	rows, err := q.Query(ctx, `SELECT 'tag:' || id FROM tags WHERE retired_at IS NOT NULL
		UNION ALL SELECT 'ml:' || id FROM maturity_levels WHERE retired_at IS NOT NULL
		UNION ALL SELECT 'fn:' || code FROM function_types WHERE retired_at IS NOT NULL
		UNION ALL SELECT 'th:' || id FROM themes WHERE retired_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out, err
}

// offered is ref as a step offers and accepts it: without retired values,
// except those the intake already holds in held (its saved answers and
// draft of the step), so an employer never meets an error on an answer
// they did not touch.
func (ref Reference) offered(held ...url.Values) Reference {
	has := func(match func(key string) bool, v string) bool {
		for _, h := range held {
			for k, vs := range h {
				if match(k) && slices.Contains(vs, v) {
					return true
				}
			}
		}
		return false
	}
	keep := func(opts []web.Option, prefix string, match func(string) bool) []web.Option {
		var out []web.Option
		for _, o := range opts {
			if !ref.retired[prefix+o.Value] || has(match, o.Value) {
				out = append(out, o)
			}
		}
		return out
	}
	field := func(name string) func(string) bool { return func(k string) bool { return k == name } }
	ref.Challenges = keep(ref.Challenges, "tag:", field("uitdagingen"))
	ref.Offers = keep(ref.Offers, "tag:", field("aanbod"))
	ref.Maturity = keep(ref.Maturity, "ml:", field("niveau"))
	ref.Themes = keep(ref.Themes, "th:", field("themas"))
	ref.Functions = keep(ref.Functions, "fn:", func(k string) bool { return strings.Contains(k, "functie") })
	return ref
}
