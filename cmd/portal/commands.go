package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/term"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/beheer"
	"netwerkportaal/internal/demo"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
)

type dbPool = *pgxpool.Pool

func migrate(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	if len(args) != 1 {
		return errUsage
	}
	pool, err := openDB(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer pool.Close()
	p, err := db.Provider(pool)
	if err != nil {
		return err
	}
	switch args[0] {
	case "up":
		res, err := p.Up(ctx)
		for _, r := range res {
			fmt.Fprintf(out, "toegepast: %s (%s)\n", r.Source.Path, r.Duration.Round(1e6))
		}
		if err == nil && len(res) == 0 {
			fmt.Fprintln(out, "de database is al bijgewerkt")
		}
		return err
	case "down":
		r, err := p.Down(ctx)
		if r != nil {
			fmt.Fprintf(out, "teruggedraaid: %s\n", r.Source.Path)
		}
		return err
	case "status":
		st, err := p.Status(ctx)
		for _, s := range st {
			applied := "nog niet toegepast"
			if s.State == "applied" {
				applied = "toegepast op " + s.AppliedAt.Format("02-01-2006 15:04")
			}
			fmt.Fprintf(out, "%-30s %s\n", s.Source.Path, applied)
		}
		return err
	}
	return errUsage
}

func seed(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "demo" && args[0] != "national") {
		return errUsage
	}
	pool, err := openMigrated(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer pool.Close()
	if args[0] == "national" {
		return seedNational(ctx, pool, cfg.BaseURL, args[1:], out)
	}
	empty, err := demo.IsEmpty(ctx, pool)
	if err != nil {
		return err
	}
	if !empty {
		return errors.New("de database bevat al gebruikers of werkgevers; demogegevens worden alleen in een lege database geladen")
	}
	return seedIfEmpty(ctx, pool, cfg.BaseURL, out)
}

func user(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, out io.Writer) error {
	if len(args) > 0 && args[0] == "reset-password" {
		return resetPassword(ctx, cfg, args[1:], out)
	}
	if len(args) == 0 || args[0] != "create" {
		return errUsage
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "e-mailadres (inlognaam)")
	name := fs.String("name", "", "naam")
	role := fs.String("role", "", "beheerder, coordinator of bestuur")
	networks := fs.String("networks", "", "netwerken, gescheiden door komma's")
	fromStdin := fs.Bool("password-stdin", false, "lees het wachtwoord van standaardinvoer")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	password, generated, err := readPassword(stdin, out, *fromStdin)
	if err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer pool.Close()
	nu := auth.NewUser{Email: *email, Name: *name, Role: *role, Password: password}
	for _, n := range strings.Split(*networks, ",") {
		if n = strings.TrimSpace(n); n != "" {
			nu.Networks = append(nu.Networks, n)
		}
	}
	id, err := auth.NewStore(pool).CreateUser(ctx, nu)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Account %d aangemaakt voor %s.\n", id, strings.ToLower(*email))
	if generated {
		fmt.Fprintf(out, "Wachtwoord (alleen nu zichtbaar): %s\n", password)
	}
	return nil
}

// readPassword reads the password from stdin, asks for it on a terminal, or
// generates one when neither applies.
func readPassword(stdin io.Reader, out io.Writer, fromStdin bool) (string, bool, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, err
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(out, "Wachtwoord (leeg: genereer er een): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", false, err
		}
		if len(b) > 0 {
			fmt.Fprint(out, "Nog een keer: ")
			again, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(out)
			if err != nil {
				return "", false, err
			}
			if string(again) != string(b) {
				return "", false, errors.New("de wachtwoorden verschillen")
			}
			return string(b), false, nil
		}
	}
	return auth.GeneratePassword(), true, nil
}

// seedNational adds the national workload used by `make bench`, for load
// tests by hand (wrk, hey) against a running portal. It refuses a second
// run on the same database.
func seedNational(ctx context.Context, pool *pgxpool.Pool, baseURL string, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("seed national", flag.ContinueOnError)
	n := fs.Int("n", 20000, "aantal werkgevers (de rest schaalt mee)")
	seedValue := fs.Uint64("seed", 1, "startwaarde: dezelfde waarde geeft dezelfde gegevens")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if empty, err := demo.IsEmpty(ctx, pool); err != nil {
		return err
	} else if empty {
		if err := seedIfEmpty(ctx, pool, baseURL, out); err != nil {
			return err
		}
	}
	start := time.Now()
	sum, err := demo.LoadNational(ctx, pool, demo.NationalOptions{Employers: *n, Seed: *seedValue})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Landelijke gegevens geladen in %s: %d netwerken, %d werkgevers, %d contactpersonen, "+
		"%d bijeenkomsten met %d uitnodigingen, %d plaatsingsmeldingen, %d intakes, %d bezoeken, %d vervolgacties, "+
		"%d doorverwijzingen, %d toezeggingen, %d lidmaatschappen van subgroepen, %d regels in de geschiedenis.\n",
		time.Since(start).Round(time.Millisecond), sum.Networks, sum.Employers, sum.Contacts, sum.Events, sum.Invitations,
		sum.Placements, sum.Intakes, sum.Visits, sum.FollowUps, sum.Referrals, sum.Commitments, sum.Memberships, sum.Audit)
	fmt.Fprintf(out, "Inloggen met wachtwoord demo-wachtwoord als %s (alle landelijke netwerken) of %s … %s.\n",
		demo.NationalDirector, demo.NationalCoordinator(1), demo.NationalCoordinator(40))
	return nil
}

// resetPassword prints a one-time link (1 hour) to choose a new password.
func resetPassword(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("user reset-password", flag.ContinueOnError)
	email := fs.String("email", "", "e-mailadres van het account")
	if err := fs.Parse(args); err != nil || *email == "" {
		return errUsage
	}
	pool, err := openMigrated(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer pool.Close()
	token, err := auth.NewStore(pool).ResetLink(ctx, *email)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Link om een nieuw wachtwoord te kiezen (1 uur geldig, één keer te gebruiken):\n  %s/wachtwoord-instellen/%s\n", cfg.BaseURL, token)
	return nil
}

// network handles `portal network create -name N [-region R] [-scale S]`.
func network(ctx context.Context, cfg config.Config, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errUsage
	}
	fs := flag.NewFlagSet("network create", flag.ContinueOnError)
	name := fs.String("name", "", "naam van het netwerk")
	region := fs.String("region", "", "arbeidsmarktregio (naam)")
	scale := fs.String("scale", "PSO", "volwassenheidsschaal")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	n := strings.TrimSpace(*name)
	if n == "" || len([]rune(n)) > 120 {
		return errors.New("geef een naam van 1 tot 120 tekens met -name")
	}
	pool, err := openMigrated(ctx, cfg, out)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := beheer.NewStore(pool)
	in := beheer.NetworkInput{Name: n, Scale: *scale}
	if *region != "" {
		if in.RegionID, err = st.RegionID(ctx, *region); err != nil {
			return err
		}
	}
	scales, err := st.Scales(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(scales, in.Scale) {
		return fmt.Errorf("volwassenheidsschaal %q bestaat niet; kies uit %s", in.Scale, strings.Join(scales, ", "))
	}
	id, err := st.CreateNetwork(audit.WithSource(ctx, "cli"), in)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Netwerk %d aangemaakt: %s.\n", id, n)
	return nil
}
