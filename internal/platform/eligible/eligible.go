// Package eligible holds the one rule for which contacts may be chosen for
// something new: a walk-in, a subgroup member, a visit participant, a
// referral contact, an invitation to an event or an intake. Only contacts
// who still work there and were not erased on a privacy request qualify; the
// stores add their own network condition. One rule, so no form can forget
// a part of it (finding 5 of the security review: the walk-in check-in
// accepted erased and ended contacts).
package eligible

// Contact is the SQL condition for an eligible contact, whose table has the
// alias c.
const Contact = `(c.active_until IS NULL OR c.active_until > current_date) AND c.erased_at IS NULL`

// ContactOfNetwork is Contact for a contact of an employer, not erased, of
// the network given by the SQL parameter param (e.g. "$2").
func ContactOfNetwork(param string) string {
	return Contact + ` AND c.employer_id IN (SELECT en.id FROM employers en WHERE en.network_id = ` + param +
		` AND en.erased_at IS NULL)`
}
