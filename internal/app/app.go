// Package app wires the domain packages into one HTTP handler: the only
// place that knows every package, so the packages need not know each other.
package app

import (
	"context"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"netwerkportaal/internal/auth"
	"netwerkportaal/internal/beheer"
	"netwerkportaal/internal/commitments"
	"netwerkportaal/internal/dashboard"
	"netwerkportaal/internal/duplicates"
	"netwerkportaal/internal/employers"
	"netwerkportaal/internal/events"
	"netwerkportaal/internal/importer"
	"netwerkportaal/internal/intake"
	"netwerkportaal/internal/mailings"
	"netwerkportaal/internal/members"
	"netwerkportaal/internal/outbox"
	"netwerkportaal/internal/partners"
	"netwerkportaal/internal/platform/audit"
	"netwerkportaal/internal/platform/branding"
	"netwerkportaal/internal/platform/clientip"
	"netwerkportaal/internal/platform/config"
	"netwerkportaal/internal/platform/db"
	"netwerkportaal/internal/platform/i18n"
	"netwerkportaal/internal/platform/metrics"
	"netwerkportaal/internal/platform/nltime"
	"netwerkportaal/internal/platform/refcache"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/internal/platform/session"
	"netwerkportaal/internal/privacy"
	"netwerkportaal/internal/recruitment"
	"netwerkportaal/internal/subgroups"
	"netwerkportaal/internal/visits"
	"netwerkportaal/web"
)

// Options tune the app for tests.
type Options struct {
	// SessionCleanup is how often expired sessions are removed; tests pass
	// 0 so no background cleaner outlives their database.
	SessionCleanup time.Duration
	// Throttle of sign-ins; zero: auth.DefaultThrottle.
	Throttle auth.Throttle
	// ReferenceCache keeps reference lists in the process, emptied on
	// every change (see refcache); tests leave it nil.
	ReferenceCache *refcache.Cache
	// DashboardSnapshots shows the dashboard from background snapshots;
	// the caller runs DashboardStore.RunRefresher. Tests compute per view.
	DashboardSnapshots bool
	// ReadPool (DATABASE_READ_URL) serves the heavy read-only work: the
	// dashboard's figures and the list downloads, which may then be a few
	// seconds behind. Writes, and reads right after them, stay on the main
	// pool. nil: the main pool serves everything.
	ReadPool *pgxpool.Pool
	// Clock is the one clock every store, handler and worker tells the
	// time by; nil is the system clock. Tests may pass nltime.Fixed.
	Clock nltime.Clock
	// IdentityCache keeps signed-in users with their networks, and
	// NavigationCache the navigation's counts, in the process, emptied by
	// migration 00060's notifications (refcache.NewOn with
	// auth.IdentityChannel and web.NavigationChannel); tests leave them nil.
	IdentityCache, NavigationCache *refcache.Cache
}

// New returns the portal's handler.
func New(pool *pgxpool.Pool, cfg config.Config, opts Options) http.Handler {
	sessions := session.New(pool, cfg.CookieSecure, opts.SessionCleanup)
	sessions.Fail = web.Fail
	throttle := opts.Throttle
	if throttle == (auth.Throttle{}) {
		throttle = auth.DefaultThrottle
	}
	clock := opts.Clock
	authStore := clocked(auth.NewStoreWith(pool, throttle), clock)
	authStore.UseIdentityCache(opts.IdentityCache)
	if err := authStore.UseTOTPKey(cfg.TOTPKey); err != nil {
		panic(err) // config checked the key's length at start
	}
	authH := auth.NewHandler(authStore, sessions, cfg.BaseURL)
	employersStore := clocked(employers.NewStore(pool), clock)
	employersStore.UseCache(opts.ReferenceCache)
	employersStore.UseReadPool(opts.ReadPool)
	employersH := employers.NewHandler(employersStore)
	// Without a mail server (development) the outbox page shows the bodies.
	outboxH := outbox.NewHandler(outbox.NewStore(pool), cfg.SMTPURL == "")
	commitmentsStore := clocked(commitments.NewStore(pool), clock)
	intakeH := intake.NewHandler(clocked(intake.NewStore(pool, intakeProfiles{employersStore, clock}, intakeRecords{commitmentsStore}), clock), cfg.BaseURL)
	employersH.AddSection("intakes", "Intakes", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return intakeH.ProfileSection(q, s.EmployerID, s.CanWrite)
	})
	subgroupsH := subgroups.NewHandler(clocked(subgroups.NewStore(pool), clock))
	employersH.AddSection("subgroepen", "Subgroepen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return subgroupsH.ProfileSection(ctx, q, s.EmployerID)
	})
	eventsStore := clocked(events.NewStore(pool), clock)
	eventsStore.UseReadPool(opts.ReadPool)
	eventsH := events.NewHandler(eventsStore, cfg.BaseURL).WithSender(cfg.MailFromEmail)
	duplicatesStore := clocked(duplicates.NewStore(pool), clock)
	duplicatesH := duplicates.NewHandler(duplicatesStore)
	employersH.SetDuplicateCheck(employerDuplicates(duplicatesStore))
	employersH.AddSection("bijeenkomsten", "Bijeenkomsten", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return eventsH.ProfileSection(ctx, q, s.EmployerID)
	})
	dashboardH := dashboard.NewHandler(dashboard.NewStore(pool).UseReadPool(opts.ReadPool).UseRecruitment(RecruitmentDashboard()), cfg.BaseURL)
	if opts.DashboardSnapshots {
		dashboardH.UseSnapshots()
	}
	partnersH := partners.NewHandler(clocked(partners.NewStore(pool), clock))
	employersH.AddSection("doorverwijzingen", "Doorverwijzingen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return partnersH.ProfileSection(ctx, q, s.EmployerID, s.CanWrite)
	})
	visitsH := visits.NewHandler(clocked(visits.NewStore(pool), clock))
	employersH.AddSection("bezoeken", "Bezoeken en afspraken", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return visitsH.ProfileSection(ctx, q, s.EmployerID, s.CanWrite)
	})

	commitmentsH := commitments.NewHandler(commitmentsStore, cfg.BaseURL)
	employersH.AddSection("toezeggingen", "Toezeggingen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return commitmentsH.CommitmentsSection(ctx, q, s.EmployerID, s.CanWrite)
	})
	employersH.AddSection("plaatsingen", "Plaatsingen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return commitmentsH.PlacementsSection(ctx, q, s.EmployerID, s.CanWrite)
	})

	// The profile's summary: the last visit and open follow-ups, the next
	// event, and the network's conditions.
	employersH.AddFacts(func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[[]web.Fact] {
		return visitsH.ProfileFacts(ctx, q, s.EmployerID)
	})
	employersH.AddFacts(func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[[]web.Fact] {
		return eventsH.ProfileFacts(ctx, q, s.EmployerID)
	})
	employersH.AddFacts(func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[[]web.Fact] {
		return commitmentsH.ProfileFacts(ctx, q, s.EmployerID)
	})
	// How the other packages' entries read in an employer's history.
	for _, hs := range []audit.Histories{intake.Histories(), subgroups.Histories(), events.Histories(),
		partners.Histories(), visits.Histories(), commitments.Histories()} {
		employersH.AddHistories(hs)
	}

	privacyH := privacy.NewHandler(clocked(privacy.NewStore(pool), clock), cfg.RetentionYears)
	importerH := importer.NewHandler(importer.NewStore(pool))
	beheerH := beheer.NewHandler(beheer.NewStore(pool))
	recruitmentH := recruitment.NewHandler(recruitment.NewStore(pool, recruitmentMembers{employersStore}).
		UseIntakes(recruitmentIntakes{employersStore, intakeH}), cfg.BaseURL)
	employersH.AddSection("werving", "Werving", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return recruitmentH.ProfileSection(q, s.EmployerID)
	})
	// The pipeline's dated next steps on /taken, the overdue ones in its badge.
	visitsH.AddTaskSection(recruitmentH.TaskSection)
	visitsH.AddOverdueCount(recruitmentH.OverdueSteps)
	// Members (/mijn) have sessions of their own, never the staff's.
	membersStore := members.NewStore(pool, clock)
	membersH := members.NewHandler(membersStore, members.NewSessions(pool, cfg.CookieSecure), cfg.BaseURL, memberEvents{eventsH})
	// A colleague a member proposed becomes a contact through the employers
	// package, in the transaction of the coordinator's decision.
	proposalsH := members.NewStaffHandler(membersStore, func(ctx context.Context, employerID int64, in members.ColleagueInput) (int64, error) {
		return employersStore.CreateContact(ctx, employerID, employers.ContactInput{Name: in.Name, Email: in.Email,
			Function: in.Function, Level: in.Level, ActiveFrom: clock.Today()})
	})
	employersH.AddSection("voorgestelde-collegas", "Voorgestelde collega's", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
		return proposalsH.ProposalsSection(q, s.EmployerID, s.CanWrite)
	})
	employersH.AddHistories(members.Histories())
	// Issue 19: the members' commitments, placements and access export come
	// from their packages; corrections ter controle wait on /taken.
	membersH.WithAgreements(memberAgreements{commitmentsStore, commitmentsH}, memberAccess{privacy.NewStore(pool), cfg.RetentionYears})
	visitsH.AddTaskSection(proposalsH.ReviewSection)

	// Mail to members: recipients chosen with the employer list's own filter.
	mailingsH := mailings.NewHandler(mailings.NewStore(pool, employerFilter))

	r := chi.NewRouter()
	r.Use(metrics.Middleware, web.Recover, server.LogRequests, compress, server.SecurityHeaders(cfg.CookieSecure), server.LimitBody,
		i18n.Middleware, web.InputGate, web.StoreRequestURI, clientip.New(cfg.TrustedProxies).Middleware)
	// A public page that names its network shows that network's logo and
	// accent colour (issue 11); the layout looks them up only then.
	r.Use(web.Brands(branding.Lookup(pool)))
	r.NotFound(web.NotFound)
	r.MethodNotAllowed(web.MethodNotAllowed)

	r.Get("/healthz", healthz)
	r.Get("/readyz", readyz(pool))
	// /metrics on the portal's own address only with a token; with
	// METRICS_ADDR, serve offers it on that address instead.
	if cfg.MetricsToken != "" && cfg.MetricsAddr == "" {
		r.Handle("/metrics", metrics.Protected(cfg.MetricsToken, metrics.Handler()))
	}
	r.Handle("/static/*", web.StaticHandler())
	r.Get("/favicon.ico", web.Favicon)

	// The questionnaire's personal links know no session: the token in the
	// path opens one intake and nothing else.
	r.Group(func(r chi.Router) {
		r.Use(web.CrossOrigin)
		intakeH.PublicRoutes(r)
		commitmentsH.PublicRoutes(r)
		eventsH.PublicRoutes(r)
		dashboardH.PublicRoutes(r)
		branding.Routes(r, pool)
		recruitmentH.PublicRoutes(r)
		membersH.Routes(r)
		mailingsH.UnsubscribePage(r)
	})
	// RFC 8058 one-click unsubscribe: the mail client POSTs from its own
	// servers, with no session and no way to carry a CSRF token, so this one
	// route is outside the cross-origin protection (its token is the
	// authority; see mailings.OneClick and TestOneClickIsTheOnlyException).
	mailingsH.OneClick(r)
	r.Group(func(r chi.Router) {
		r.Use(web.CrossOrigin, sessions.Middleware, authH.Load)
		authH.Routes(r)
		r.Group(func(r chi.Router) {
			r.Use(membersH.RefuseMembers, auth.RequireUser, authH.RequireTwoStep, intakeH.Awaiting, visitsH.Overdue,
				web.CacheNavCounts(opts.NavigationCache, "intakes", "taken"))
			r.Get("/", home)
			employersH.Routes(r)
			outboxH.Routes(r)
			intakeH.Routes(r)
			subgroupsH.Routes(r)
			eventsH.Routes(r)
			dashboardH.Routes(r)
			privacyH.Routes(r)
			commitmentsH.Routes(r)
			duplicatesH.Routes(r)
			partnersH.Routes(r)
			visitsH.Routes(r)
			importerH.Routes(r)
			beheerH.Routes(r)
			authH.SignedInRoutes(r)
			recruitmentH.Routes(r)
			recruitmentH.WishRoutes(r)
			proposalsH.Routes(r)
			mailingsH.Routes(r)
		})
	})
	return r
}

// clocked hands store the app's clock and returns it.
func clocked[S interface{ UseClock(nltime.Clock) }](store S, c nltime.Clock) S {
	store.UseClock(c)
	return store
}

// home sends a signed-in user to their working list.
func home(w http.ResponseWriter, r *http.Request) {
	web.Redirect(w, r, "/werkgevers")
}

// healthz says the process is alive; it does not touch the database, so a
// database outage does not make an orchestrator restart healthy processes.
func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz says whether the database answers, so a load balancer sends no
// traffic to an instance that cannot serve it.
func readyz(pool *pgxpool.Pool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := pool.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database niet bereikbaar\n"))
			return
		}
		w.Write([]byte("ok\n"))
	}
}
