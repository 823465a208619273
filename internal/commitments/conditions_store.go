package commitments

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/db"
)

// NetworkConditions is a network with the kinds it may require and the
// ones it does.
type NetworkConditions struct {
	NetworkID   int64
	NetworkName string
	Kinds       []Kind
	Required    []int64
}

// ErrKindNameTaken is a kind name the network already knows (its own, or a
// global one), without regard to case.
var ErrKindNameTaken = errors.New("commitment kind name in use")

// NetworkConditions returns every network with its kinds and conditions.
func (s *Store) NetworkConditions(ctx context.Context) ([]NetworkConditions, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name,
			array(SELECT kind_id FROM network_conditions c WHERE c.network_id = n.id ORDER BY kind_id)
		FROM networks n ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (NetworkConditions, error) {
		var n NetworkConditions
		return n, r.Scan(&n.NetworkID, &n.NetworkName, &n.Required)
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Kinds, err = s.OfferedKinds(ctx, out[i].NetworkID, out[i].Required...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetConditions makes exactly kindIDs the conditions of a network; the
// caller has checked that the network may use them.
func (s *Store) SetConditions(ctx context.Context, networkID int64, kindIDs []int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		before, err := conditionNames(ctx, tx, networkID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM network_conditions WHERE network_id = $1 AND kind_id <> ALL($2)`, networkID, kindIDs); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO network_conditions (network_id, kind_id) SELECT $1, unnest($2::bigint[])
			ON CONFLICT DO NOTHING`, networkID, kindIDs); err != nil {
			return err
		}
		after, err := conditionNames(ctx, tx, networkID)
		if err != nil || before == after {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network_conditions", EntityID: networkID, Action: audit.Updated,
			Changes: map[string]audit.Change{"voorwaarden": {Old: before, New: after}}})
	})
}

// conditionNames lists a network's conditions as the history shows them;
// FOR UPDATE of the network makes two saves of its conditions take turns.
func conditionNames(ctx context.Context, tx pgx.Tx, networkID int64) (string, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM networks WHERE id = $1 FOR UPDATE`, networkID); err != nil {
		return "", err
	}
	var names []string
	err := tx.QueryRow(ctx, `SELECT array(SELECT k.name FROM network_conditions c JOIN commitment_kinds k ON k.id = c.kind_id
		WHERE c.network_id = $1 ORDER BY k.network_id NULLS FIRST, k.position, lower(k.name))`, networkID).Scan(&names)
	return strings.Join(names, ", "), err
}

// KindInput is a network's own kind of commitment.
type KindInput struct {
	NetworkID   int64
	Name        string
	Description string
	Required    bool // make it a condition of membership at once
}

// AddKind adds a network's own kind, with a code made from its name.
func (s *Store) AddKind(ctx context.Context, in KindInput) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The network row lock makes two additions to one network take
		// turns, so the name check and the code choice cannot race.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM networks WHERE id = $1 FOR UPDATE`, in.NetworkID); err != nil {
			return err
		}
		var taken bool
		var codes []string
		err := tx.QueryRow(ctx, `SELECT
			EXISTS (SELECT 1 FROM commitment_kinds WHERE (network_id IS NULL OR network_id = $1) AND lower(name) = lower($2)),
			array(SELECT code FROM commitment_kinds WHERE network_id IS NULL OR network_id = $1)`, in.NetworkID, in.Name).Scan(&taken, &codes)
		if err != nil {
			return err
		}
		if taken {
			return ErrKindNameTaken
		}
		err = tx.QueryRow(ctx, `INSERT INTO commitment_kinds (network_id, code, name, description, position)
			VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position), 0) + 1 FROM commitment_kinds WHERE network_id IS NULL OR network_id = $1))
			RETURNING id`, in.NetworkID, uniqueCode(kindCode(in.Name), codes), in.Name, in.Description).Scan(&id)
		if err != nil {
			if db.IsUniqueViolation(err, "commitment_kinds_name_key") {
				return ErrKindNameTaken
			}
			return err
		}
		changes := audit.Diff(nil, map[string]string{"naam": in.Name, "beschrijving": in.Description})
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "commitment_kind", EntityID: id, Action: audit.Created, Changes: changes}); err != nil {
			return err
		}
		if !in.Required {
			return nil
		}
		before, err := conditionNames(ctx, tx, in.NetworkID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO network_conditions (network_id, kind_id) VALUES ($1, $2)`, in.NetworkID, id); err != nil {
			return err
		}
		after, err := conditionNames(ctx, tx, in.NetworkID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "network_conditions", EntityID: in.NetworkID, Action: audit.Updated,
			Changes: map[string]audit.Change{"voorwaarden": {Old: before, New: after}}})
	})
	return id, err
}

// kindCode makes a code of lower-case letters and underscores from a
// name, as the column requires: "CO2-prestatieladder" becomes
// "co_prestatieladder".
func kindCode(name string) string {
	var b strings.Builder
	for _, r := range fold(strings.ToLower(name)) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	code := strings.Trim(b.String(), "_")
	if len(code) > 36 {
		code = strings.TrimRight(code[:36], "_")
	}
	if code == "" {
		code = "eigen_soort"
	}
	return code
}

// uniqueCode appends _b, _c, ... (digits are not allowed) until code is
// not among taken.
func uniqueCode(code string, taken []string) string {
	c := code
	for i := 0; slices.Contains(taken, c); i++ {
		c = code + "_" + suffix(i)
	}
	return c
}

// suffix is b, c, ..., z, bb, bc, ...
func suffix(i int) string {
	const letters = "bcdefghijklmnopqrstuvwxyz"
	s := ""
	for {
		s = string(letters[i%len(letters)]) + s
		i = i/len(letters) - 1
		if i < 0 {
			return s
		}
	}
}

// fold replaces the accented letters of Dutch names by their base letter.
func fold(s string) string {
	return strings.NewReplacer("á", "a", "à", "a", "ä", "a", "â", "a", "é", "e", "è", "e", "ë", "e", "ê", "e",
		"í", "i", "ï", "i", "î", "i", "ó", "o", "ö", "o", "ô", "o", "ú", "u", "ü", "u", "û", "u", "ç", "c", "ĳ", "ij").Replace(s)
}
