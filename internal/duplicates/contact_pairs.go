package duplicates

// The likely duplicate contacts are kept in contact_dup_pairs (migration
// 00082) as the employers are (pairs.go): the search on every view joined
// all contacts with each other, seconds at national scale. A full
// comparison runs once; after that the contacts a trigger queued because
// their name, e-mail address, employer or erasure changed (or their
// employer's network) are compared again with the others through indexes.
// The pairs are those of the one-statement search they replace:
//   - the same e-mail address (case ignored), both of one network;
//   - the same name (accents and case folded) at one employer;
//   - a name or address with a "?" (a letter a code page lost) that
//     matches another contact of its network with "?" as any one letter:
//     "Özlem Y?lmaz" is likely "Özlem Yılmaz".
//
// What the list shows and sorts by (employer names, erasure, the user's
// networks) is read with the pairs in ContactPairs.

// lostLetter is the SQL of "q has a letter a code page lost" (the
// predicate of contacts_lost_letter_idx).
func lostLetter(q string) string { return `(` + q + `.name LIKE '%?%' OR ` + q + `.email LIKE '%?%')` }

// lostMatch is the SQL of "q, with a lost letter, matches a".
func lostMatch(q, a string) string {
	return `((` + q + `.name LIKE '%?%' AND ` + folded(a+".name") + ` LIKE ` + foldPattern(q+".name") + `)
		OR (` + q + `.email LIKE '%?%' AND ` + a + `.email <> '' AND ` + folded(a+".email") + ` LIKE ` + foldPattern(q+".email") + `))`
}

// compareContactsSQL inserts the pairs of the contacts x that cond selects
// (with $1) with every other contact. fence is " OFFSET 0" when x are a
// few: each is then looked up by its address (contacts_email_idx), where
// the planner would go through every employer of the network instead;
// for all contacts ("") it joins the addresses at once.
func compareContactsSQL(cond, fence string) string {
	return `INSERT INTO contact_dup_pairs (a_id, b_id)
		SELECT DISTINCT least(x, b), greatest(x, b) FROM (
			SELECT x.id AS x, b.id AS b
			FROM contacts x JOIN employers ex ON ex.id = x.employer_id
			CROSS JOIN LATERAL (SELECT b.id FROM contacts b JOIN employers eb ON eb.id = b.employer_id
				WHERE lower(b.email) = lower(x.email) AND b.email <> '' AND b.id <> x.id AND eb.network_id = ex.network_id` +
		fence + `) b
			WHERE x.email <> '' AND ` + cond + `
			UNION ALL
			SELECT x.id, b.id
			FROM contacts x JOIN contacts b ON b.employer_id = x.employer_id AND b.id <> x.id
				AND ` + folded("b.name") + ` = ` + folded("x.name") + `
			WHERE ` + cond + `
			UNION ALL
			-- x has a lost letter and matches another contact of its network.
			SELECT x.id, a.id
			FROM contacts x JOIN employers ex ON ex.id = x.employer_id
			JOIN employers ea ON ea.network_id = ex.network_id
			JOIN contacts a ON a.employer_id = ea.id AND a.id <> x.id
			WHERE ` + lostLetter("x") + ` AND ` + cond + ` AND ` + lostMatch("x", "a") + `
			UNION ALL
			-- Another contact of x's network has a lost letter and matches x.
			SELECT x.id, q.id
			FROM contacts x JOIN employers ex ON ex.id = x.employer_id
			JOIN (SELECT q.*, eq.network_id FROM contacts q JOIN employers eq ON eq.id = q.employer_id
				WHERE ` + lostLetter("q") + `) q ON q.network_id = ex.network_id AND q.id <> x.id
			WHERE ` + cond + ` AND ` + lostMatch("q", "x") + `
		) p
		ON CONFLICT DO NOTHING`
}

var contactPairs = kept{what: "contacts", state: "contact_dup_state", queue: "contact_dup_queue",
	queueCol: "contact_id", pairs: "contact_dup_pairs", records: "contacts",
	fullSQL: compareContactsSQL(`$1::bigint[] IS NULL`, ""), queuedSQL: compareContactsSQL(`x.id = ANY($1)`, " OFFSET 0"),
	// A queued contact takes about half a millisecond (more under load):
	// a page view compares up to 100 of them, the background 5,000 a pass.
	inlineFullMax: 8000, inlineQueueMax: 100, queueBatch: 5000}
