// Command loadtest is `make bench`: it starts the portal on the national
// workload (`portal seed national`) and a floor server on the same stack,
// drives each page with 32 concurrent signed-in clients for a few seconds,
// and prints one table with throughput, latency percentiles, errors, the
// ratio to the floor measured in the same run, the portal's peak RSS and the
// 1-client p95 at 2,000 against 20,000 employers.
//
//	go build -o bin/portal ./cmd/portal && go run ./cmd/loadtest [-d 3s] [-c 32]
//
// Everything runs on loopback; the seeded databases are kept (named after a
// hash of the migrations and the generator) so a second run starts at once.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		fs := flag.NewFlagSet("floor", flag.ExitOnError)
		dsn := fs.String("db", "", "database")
		addr := fs.String("addr", "127.0.0.1:0", "address")
		fs.Parse(os.Args[2:])
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := serveFloor(ctx, *dsn, *addr); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "drive" {
		driveOne(os.Args[2:])
		return
	}
	var o options
	flag.DurationVar(&o.duration, "d", 3*time.Second, "duur per pagina met alle clients")
	flag.IntVar(&o.clients, "c", 32, "gelijktijdige clients")
	flag.IntVar(&o.large, "n", 20000, "werkgevers in de landelijke gegevens")
	flag.IntVar(&o.small, "small", 2000, "werkgevers in de kleine vergelijking (0: overslaan)")
	flag.StringVar(&o.portal, "portal", "bin/portal", "het portal-programma")
	flag.StringVar(&o.only, "pages", "", "alleen pagina's waarvan de naam een van deze (komma-gescheiden) delen bevat")
	flag.BoolVar(&o.fresh, "fresh", false, "de databases opnieuw vullen")
	flag.StringVar(&o.largeDB, "db", "", "deze database gebruiken voor de grote meting (niet vullen)")
	flag.StringVar(&o.smallDB, "small-db", "", "deze database gebruiken voor de kleine vergelijking (niet vullen)")
	flag.BoolVar(&o.extras, "extras", true, "ook /dubbelen en compressie meten")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// driveOne drives one page of a portal that is already running, to look
// at it with a profiler: loadtest drive -base http://127.0.0.1:8080 -path /werkgevers
func driveOne(args []string) {
	fs := flag.NewFlagSet("drive", flag.ExitOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "portal")
	email := fs.String("email", "coordinator01@landelijk.example.org", "account (wachtwoord demo-wachtwoord)")
	path := fs.String("path", "/werkgevers", "pagina")
	d := fs.Duration("d", 10*time.Second, "duur")
	c := fs.Int("c", 32, "clients")
	signins := fs.Int("signins", 0, "zoveel keer inloggen, de clients delen die sessies (0: elke client apart); houdt argon2id uit een profiel")
	fs.Parse(args)
	tr := newTransport(*c)
	clients := make([]*Client, *c)
	for i := range clients {
		if *signins > 0 && i >= *signins {
			clients[i] = clients[i%*signins]
			continue
		}
		clients[i] = newClient(*base, tr)
		if _, err := clients[i].PostForm("/inloggen", url.Values{"email": {*email}, "wachtwoord": {"demo-wachtwoord"}}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	s := Drive(context.Background(), clients, *path, *d, 0)
	fmt.Printf("%s: %.0f req/s, p50 %s, p95 %s, p99 %s, %d errors %s\n", *path, s.PerSecond(), s.P50, s.P95, s.P99, s.Errors, s.FirstError)
}
