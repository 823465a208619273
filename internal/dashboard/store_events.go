package dashboard

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Attendance returns, per quarter, the counted events (see countedEventsCTE)
// and their invitations: all of them, the registered (aangemeld, aanwezig
// or afwezig) and the present.
func (s *Store) Attendance(ctx context.Context, sc Scope) ([]AttendanceRow, error) {
	return collect(ctx, s, `WITH `+quartersCTE+`, `+countedEventsCTE+`,
		per AS (SELECT ev.day, count(i.id) AS invited,
				count(i.id) FILTER (WHERE i.status IN ('aangemeld', 'aanwezig', 'afwezig')) AS registered,
				count(i.id) FILTER (WHERE i.status = 'aanwezig') AS present
			FROM ev JOIN event_invitations i ON i.event_id = ev.id GROUP BY ev.id, ev.day)
		SELECT q.q_start, count(per.day), coalesce(sum(per.invited), 0), coalesce(sum(per.registered), 0), coalesce(sum(per.present), 0)
		FROM q LEFT JOIN per ON per.day >= q.q_start AND per.day < q.q_end
		GROUP BY q.q_start ORDER BY q.q_start`, sc, func(r pgx.Row, a *AttendanceRow) error {
		return r.Scan(&a.Quarter, &a.Events, &a.Invited, &a.Registered, &a.Present)
	})
}

// FunctionAttendance splits the invitations of the counted events of the
// period by the function of the invited contact (as it is now), in the
// order of the function list; the totals equal Attendance's.
func (s *Store) FunctionAttendance(ctx context.Context, sc Scope) ([]FunctionAttendance, error) {
	return collect(ctx, s, `WITH `+countedEventsCTE+`,
		inv AS (SELECT c.function, i.status FROM ev
			JOIN event_invitations i ON i.event_id = ev.id JOIN contacts c ON c.id = i.contact_id)
		SELECT ft.code, ft.name, count(inv.status),
			count(inv.status) FILTER (WHERE inv.status IN ('aangemeld', 'aanwezig', 'afwezig')),
			count(inv.status) FILTER (WHERE inv.status = 'aanwezig')
		FROM function_types ft LEFT JOIN inv ON inv.function = ft.code
		GROUP BY ft.code, ft.name, ft.position ORDER BY ft.position`, sc, func(r pgx.Row, f *FunctionAttendance) error {
		return r.Scan(&f.Function, &f.FunctionName, &f.Invited, &f.Registered, &f.Present)
	})
}
