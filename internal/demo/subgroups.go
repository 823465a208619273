package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoSubgroup is a subgroup every demo network may have; its members are
// the network's contacts of the functions it is meant for.
type demoSubgroup struct {
	name, kind, theme, description string
	functions                      []string
}

var demoSubgroups = []demoSubgroup{
	{"Inclusief inkopen", "themagroep", "Inclusief inkopen / social return",
		"Inkopers en MVO-adviseurs delen hoe zij social return en inclusief inkopen in hun aanbestedingen regelen.",
		[]string{"inkoop", "mvo"}},
	{"Masterclass directie", "deelnetwerk", "Masterclass voor directie",
		"Directeuren en DGA's spreken elkaar over inclusief werkgeven als strategie; twee keer per jaar met een gastspreker.",
		[]string{"directie"}},
	{"Kenniskring HR", "kenniskring", "Kenniskring HR en recruitment",
		"HR-adviseurs en recruiters wisselen ervaringen uit over werving, begeleiding en behoud.",
		[]string{"hr", "recruitment"}},
}

// demoSubgroupsOf lists, by network position, which demo subgroups it has:
// the third network has no masterclass yet.
var demoSubgroupsOf = [][]int{{0, 1, 2}, {0, 1, 2}, {0, 2}}

// maxDemoMembers keeps a subgroup small, as subgroups are.
const maxDemoMembers = 8

type demoMember struct {
	contact         int64
	activeFrom      time.Time
	activeUntil     *time.Time
	joined          time.Time
	left            *time.Time
	stillWorksThere bool
}

// insertSubgroups seeds the demo networks' subgroups with members of the
// right functions, some of whom left, and a lead. Dates follow from the
// order of the contacts, so the data are the same every time.
func insertSubgroups(ctx context.Context, tx pgx.Tx, networkIDs []int64, now time.Time) error {
	today := dateOf(now.In(amsterdam()))
	for n, picks := range demoSubgroupsOf {
		if n >= len(networkIDs) {
			break
		}
		for _, i := range picks {
			if err := insertSubgroup(ctx, tx, networkIDs[n], demoSubgroups[i], today); err != nil {
				return fmt.Errorf("subgroup %q: %w", demoSubgroups[i].name, err)
			}
		}
	}
	return nil
}

func insertSubgroup(ctx context.Context, tx pgx.Tx, network int64, d demoSubgroup, today time.Time) error {
	members, err := demoMembers(ctx, tx, network, d.functions, today)
	if err != nil {
		return err
	}
	var lead *int64
	for _, m := range members {
		if m.left == nil && m.stillWorksThere {
			lead = &m.contact
			break
		}
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO subgroups (network_id, name, kind, theme_id, description, functions, lead_contact_id, created_at, updated_at)
		VALUES ($1, $2, $3, (SELECT id FROM themes WHERE name = $4), $5, $6, $7, $8, $8) RETURNING id`,
		network, d.name, d.kind, d.theme, d.description, d.functions, lead, today.AddDate(0, 0, -400)).Scan(&id)
	if err != nil {
		return err
	}
	for _, m := range members {
		if _, err := tx.Exec(ctx, `INSERT INTO subgroup_members (subgroup_id, contact_id, joined_on, left_on) VALUES ($1, $2, $3, $4)`,
			id, m.contact, m.joined, m.left); err != nil {
			return err
		}
	}
	return nil
}

// demoMembers picks the network's contacts of the functions, in the order
// they were made. Every fourth current contact has left the subgroup
// again; a contact who left the employer left the subgroup that day.
func demoMembers(ctx context.Context, tx pgx.Tx, network int64, functions []string, today time.Time) ([]demoMember, error) {
	rows, err := tx.Query(ctx, `SELECT c.id, c.active_from, c.active_until FROM contacts c JOIN employers e ON e.id = c.employer_id
		WHERE e.network_id = $1 AND c.function = ANY($2) ORDER BY c.id LIMIT $3`, network, functions, maxDemoMembers)
	if err != nil {
		return nil, err
	}
	var out []demoMember
	var m demoMember
	_, err = pgx.ForEachRow(rows, []any{&m.contact, &m.activeFrom, &m.activeUntil}, func() error {
		j := len(out)
		m.joined = today.AddDate(0, 0, -(360 - 31*j))
		if m.joined.Before(m.activeFrom) {
			m.joined = m.activeFrom
		}
		m.left, m.stillWorksThere = nil, m.activeUntil == nil || m.activeUntil.After(today)
		switch {
		case !m.stillWorksThere:
			if m.joined.After(*m.activeUntil) {
				m.joined = m.activeFrom
			}
			left := *m.activeUntil
			m.left = &left
		case j%4 == 3:
			left := m.joined.AddDate(0, 0, int(today.Sub(m.joined).Hours()/24)/2)
			m.left = &left
		}
		out = append(out, m)
		return nil
	})
	return out, err
}
