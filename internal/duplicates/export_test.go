package duplicates

// NormName is normName, for the test that employers.dup_name (kept by a
// trigger) says the same.
var NormName = normName

// OneStatementPairsSQL is the search the kept pairs replaced (before
// issue 12): every name compared with every other in one statement, with
// pg_trgm.similarity_threshold set to similarityMin. The tests check that
// the kept pairs give exactly its answer.
var OneStatementPairsSQL = `WITH pairs AS (
		SELECT a.id AS a, b.id AS b FROM employers a JOIN employers b ON b.name % a.name AND b.id > a.id
		WHERE a.erased_at IS NULL AND b.erased_at IS NULL
			AND ((btrim(a.city) <> '' AND lower(btrim(b.city)) = lower(btrim(a.city))) OR b.postcode = a.postcode)
			AND ($1 OR (a.network_id = ANY($2) AND b.network_id = a.network_id))
		UNION
		SELECT a.id, b.id FROM employers a JOIN employers b ON ` + normName("b.name") + ` = ` + normName("a.name") + ` AND b.id > a.id
		WHERE a.erased_at IS NULL AND b.erased_at IS NULL AND ` + normName("a.name") + ` <> ''
			AND ($1 OR (a.network_id = ANY($2) AND b.network_id = a.network_id))
	), scored AS (
		SELECT a.id AS a_id, a.name AS a_name, a.city AS a_city, coalesce(a.postcode, '') AS a_postcode, na.name AS a_network,
			b.id AS b_id, b.name AS b_name, b.city AS b_city, coalesce(b.postcode, '') AS b_postcode, nb.name AS b_network,
			similarity(a.name, b.name) AS sim,
			` + normName("a.name") + ` = ` + normName("b.name") + ` AS same_norm,
			btrim(a.city) <> '' AND lower(btrim(a.city)) = lower(btrim(b.city)) AS same_city,
			coalesce(a.postcode = b.postcode, false) AS same_postcode,
			coalesce(a.kvk_number <> b.kvk_number, false) AS kvk_differs,
			a.network_id <> b.network_id AS cross_network
		FROM pairs p
		JOIN employers a ON a.id = p.a JOIN networks na ON na.id = a.network_id
		JOIN employers b ON b.id = p.b JOIN networks nb ON nb.id = b.network_id
	)
	SELECT a_id, a_name, a_city, a_postcode, a_network, b_id, b_name, b_city, b_postcode, b_network,
		sim, same_norm, same_city, same_postcode, kvk_differs, cross_network
	FROM scored
	WHERE same_norm OR (sim > $3 AND (same_city OR same_postcode))
	ORDER BY kvk_differs, (same_norm::int + sim + (same_city OR same_postcode)::int * 0.5) DESC, lower(a_name), a_id, b_id
	LIMIT $4`

// OneStatementContactPairsSQL is the contact search the kept contact pairs
// replaced (before issue 12), with the same parameters as contactPairsSQL:
// the tests check that the kept pairs give exactly its answer.
var OneStatementContactPairsSQL = `WITH pairs AS (
		SELECT a.id AS a, b.id AS b
		FROM contacts a JOIN employers ea ON ea.id = a.employer_id
		JOIN contacts b ON lower(b.email) = lower(a.email) AND b.id > a.id
		JOIN employers eb ON eb.id = b.employer_id
		WHERE a.email <> '' AND b.email <> '' AND ea.network_id = eb.network_id
			AND ($1 OR ea.network_id = ANY($2))
		UNION
		SELECT a.id, b.id
		FROM contacts a JOIN employers ea ON ea.id = a.employer_id
		JOIN contacts b ON b.employer_id = a.employer_id AND ` + folded("b.name") + ` = ` + folded("a.name") + ` AND b.id > a.id
		WHERE $1 OR ea.network_id = ANY($2)
		UNION
		-- A "?" in a name or address is a character a code page lost:
		-- "Özlem Y?lmaz" is likely "Özlem Yılmaz" of the same network.
		SELECT least(a.id, q.id), greatest(a.id, q.id)
		FROM contacts q JOIN employers eq ON eq.id = q.employer_id
		JOIN employers ea ON ea.network_id = eq.network_id
		JOIN contacts a ON a.employer_id = ea.id AND a.id <> q.id
		WHERE (q.name LIKE '%?%' OR q.email LIKE '%?%') AND ($1 OR eq.network_id = ANY($2))
			AND ((q.name LIKE '%?%' AND ` + folded("a.name") + ` LIKE ` + foldPattern("q.name") + `)
				OR (q.email LIKE '%?%' AND a.email <> '' AND ` + folded("a.email") + ` LIKE ` + foldPattern("q.email") + `))
	)
	SELECT a.id, a.name, a.email, ea.id, ea.name, b.id, b.name, b.email, eb.id, eb.name,
		a.email <> '' AND lower(a.email) = lower(b.email) AS same_email,
		a.employer_id = b.employer_id AND lower(btrim(a.name)) = lower(btrim(b.name)) AS same_name,
		a.employer_id = b.employer_id AS same_employer,
		lower(btrim(a.name)) <> lower(btrim(b.name)) AND NOT (a.email <> '' AND lower(a.email) = lower(b.email)) AS folded
	FROM pairs p
	JOIN contacts a ON a.id = p.a JOIN employers ea ON ea.id = a.employer_id
	JOIN contacts b ON b.id = p.b JOIN employers eb ON eb.id = b.employer_id
	WHERE a.erased_at IS NULL AND b.erased_at IS NULL AND ea.erased_at IS NULL AND eb.erased_at IS NULL
	ORDER BY (a.email <> '' AND lower(a.email) = lower(b.email))::int + (` + folded("a.name") + ` = ` + folded("b.name") + `)::int DESC,
		(a.employer_id = b.employer_id) DESC, lower(ea.name), lower(a.name), a.id, b.id
	LIMIT $3`
