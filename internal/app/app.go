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

// New returns the portal's handler: the domains' handlers, then what each
// lends the others (profile sections, history lines, task lists), then
// the routes.
func New(pool *pgxpool.Pool, cfg config.Config, opts Options) http.Handler {
	h := newHandlers(pool, cfg, opts)
	h.composeProfile()
	h.composeTasks()
	return h.routes(pool, cfg, opts)
}

// handlers holds one handler per domain, and the stores that other
// domains borrow through the adapters in this package.
type handlers struct {
	sessions     *session.Manager
	auth         *auth.Handler
	employers    *employers.Handler
	outbox       *outbox.Handler
	intake       *intake.Handler
	subgroups    *subgroups.Handler
	events       *events.Handler
	duplicates   *duplicates.Handler
	dashboard    *dashboard.Handler
	partners     *partners.Handler
	visits       *visits.Handler
	commitments  *commitments.Handler
	privacy      *privacy.Handler
	importer     *importer.Handler
	beheer       *beheer.Handler
	recruitment  *recruitment.Handler
	members      *members.Handler
	proposals    *members.StaffHandler
	mailings     *mailings.Handler
	employersDB  *employers.Store
	commitmentDB *commitments.Store
}

// newHandlers builds every domain's store and handler, each store on the
// app's one clock.
func newHandlers(pool *pgxpool.Pool, cfg config.Config, opts Options) *handlers {
	clock := opts.Clock
	h := &handlers{sessions: session.New(pool, cfg.CookieSecure, opts.SessionCleanup)}
	h.sessions.Fail = web.Fail
	h.auth = auth.NewHandler(authStore(pool, cfg, opts), h.sessions, cfg.BaseURL)
	h.employersDB = clocked(employers.NewStore(pool), clock)
	h.employersDB.UseCache(opts.ReferenceCache)
	h.employersDB.UseReadPool(opts.ReadPool)
	h.employers = employers.NewHandler(h.employersDB)
	// Without a mail server (development) the outbox page shows the bodies.
	h.outbox = outbox.NewHandler(outbox.NewStore(pool), cfg.SMTPURL == "")
	h.commitmentDB = clocked(commitments.NewStore(pool), clock)
	h.commitments = commitments.NewHandler(h.commitmentDB, cfg.BaseURL)
	h.intake = intake.NewHandler(clocked(intake.NewStore(pool, intakeProfiles{h.employersDB, clock}, intakeRecords{h.commitmentDB}), clock), cfg.BaseURL)
	subgroupsStore := clocked(subgroups.NewStore(pool), clock)
	subgroupsStore.UseCache(opts.ReferenceCache)
	h.subgroups = subgroups.NewHandler(subgroupsStore)
	eventsStore := clocked(events.NewStore(pool), clock)
	eventsStore.UseReadPool(opts.ReadPool)
	h.events = events.NewHandler(eventsStore, cfg.BaseURL).WithSender(cfg.MailFromEmail)
	duplicatesStore := clocked(duplicates.NewStore(pool), clock)
	h.duplicates = duplicates.NewHandler(duplicatesStore)
	h.employers.SetDuplicateCheck(employerDuplicates(duplicatesStore))
	h.dashboard = dashboard.NewHandler(clocked(dashboard.NewStore(pool), clock).UseReadPool(opts.ReadPool).UseRecruitment(RecruitmentDashboard()), cfg.BaseURL)
	if opts.DashboardSnapshots {
		h.dashboard.UseSnapshots()
	}
	h.partners = partners.NewHandler(clocked(partners.NewStore(pool), clock))
	h.visits = visits.NewHandler(clocked(visits.NewStore(pool), clock))
	h.privacy = privacy.NewHandler(clocked(privacy.NewStore(pool), clock), cfg.RetentionYears)
	h.importer = importer.NewHandler(clocked(importer.NewStore(pool), clock))
	h.beheer = beheer.NewHandler(clocked(beheer.NewStore(pool), clock))
	h.recruitment = recruitment.NewHandler(clocked(recruitment.NewStore(pool, recruitmentMembers{h.employersDB}), clock).
		UseIntakes(recruitmentIntakes{h.employersDB, h.intake}), cfg.BaseURL)
	h.newMembers(pool, cfg, clock)
	// Mail to members: recipients chosen with the employer list's own filter.
	h.mailings = mailings.NewHandler(mailings.NewStore(pool, employerFilter))
	return h
}

// authStore is the sign-in store with its throttle, identity cache and
// TOTP key.
func authStore(pool *pgxpool.Pool, cfg config.Config, opts Options) *auth.Store {
	throttle := opts.Throttle
	if throttle == (auth.Throttle{}) {
		throttle = auth.DefaultThrottle
	}
	store := clocked(auth.NewStoreWith(pool, throttle), opts.Clock)
	store.UseIdentityCache(opts.IdentityCache)
	if err := store.UseTOTPKey(cfg.TOTPKey); err != nil {
		panic(err) // config checked the key's length at start
	}
	return store
}

// newMembers builds the members' side (/mijn), which has sessions of its
// own, never the staff's, and the staff's view of their proposals.
func (h *handlers) newMembers(pool *pgxpool.Pool, cfg config.Config, clock nltime.Clock) {
	membersStore := clocked(members.NewStore(pool), clock)
	h.members = members.NewHandler(membersStore, members.NewSessions(pool, cfg.CookieSecure), cfg.BaseURL, memberEvents{h.events})
	// A colleague a member proposed becomes a contact through the employers
	// package, in the transaction of the coordinator's decision.
	h.proposals = members.NewStaffHandler(membersStore, func(ctx context.Context, employerID int64, in members.ColleagueInput) (int64, error) {
		return h.employersDB.CreateContact(ctx, employerID, employers.ContactInput{Name: in.Name, Email: in.Email,
			Function: in.Function, Level: in.Level, ActiveFrom: clock.Today()})
	})
	// Issue 19: the members' commitments, placements and access export come
	// from their packages.
	h.members.WithAgreements(memberAgreements{h.commitmentDB, h.commitments}, memberAccess{privacy.NewStore(pool), cfg.RetentionYears})
}

// section is the shape every profile section has; each reads through the
// profile's one batch.
type section = func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component]

// composeProfile gives the employer profile its sections from the other
// domains, its summary lines and how their entries read in its history;
// employers knows none of them.
func (h *handlers) composeProfile() {
	for _, sec := range []struct {
		key, title string
		build      section
	}{
		{"intakes", "Intakes", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.intake.ProfileSection(q, s.EmployerID, s.CanWrite)
		}},
		{"subgroepen", "Subgroepen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.subgroups.ProfileSection(ctx, q, s.EmployerID)
		}},
		{"bijeenkomsten", "Bijeenkomsten", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.events.ProfileSection(ctx, q, s.EmployerID)
		}},
		{"doorverwijzingen", "Doorverwijzingen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.partners.ProfileSection(ctx, q, s.EmployerID, s.CanWrite, func() (partners.Employer, []string) {
				e := s.Employer
				return partners.Employer{ID: e.ID, Name: e.Name, NetworkID: e.NetworkID, NetworkName: e.NetworkName,
					RegionID: e.RegionID, RegionName: e.RegionName}, e.Challenges
			})
		}},
		{"bezoeken", "Bezoeken en afspraken", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.visits.ProfileSection(ctx, q, s.EmployerID, s.CanWrite)
		}},
		{"toezeggingen", "Toezeggingen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.commitments.CommitmentsSection(ctx, q, s.EmployerID, s.CanWrite)
		}},
		{"plaatsingen", "Plaatsingen", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.commitments.PlacementsSection(ctx, q, s.EmployerID, s.CanWrite)
		}},
		{"werving", "Werving", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.recruitment.ProfileSection(q, s.EmployerID)
		}},
		{"voorgestelde-collegas", "Voorgestelde collega's", func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[templ.Component] {
			return h.proposals.ProposalsSection(q, s.EmployerID, s.CanWrite)
		}},
	} {
		h.employers.AddSection(sec.key, sec.title, sec.build)
	}
	// The profile's summary: the last visit and open follow-ups, the next
	// event, and the network's conditions.
	h.employers.AddFacts(func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[[]web.Fact] {
		return h.visits.ProfileFacts(ctx, q, s.EmployerID)
	})
	h.employers.AddFacts(func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[[]web.Fact] {
		return h.events.ProfileFacts(ctx, q, s.EmployerID)
	})
	h.employers.AddFacts(func(ctx context.Context, q *db.Batch, s employers.SectionInput) employers.Later[[]web.Fact] {
		return h.commitments.ProfileFacts(ctx, q, s.EmployerID)
	})
	// How the other packages' entries read in an employer's history.
	for _, hs := range []audit.Histories{intake.Histories(), subgroups.Histories(), events.Histories(),
		partners.Histories(), visits.Histories(), commitments.Histories(), members.Histories()} {
		h.employers.AddHistories(hs)
	}
}

// composeTasks puts the other domains' work on /taken: the pipeline's
// dated next steps (the overdue ones in its badge) and the members'
// corrections waiting for review.
func (h *handlers) composeTasks() {
	h.visits.AddTaskSection(h.recruitment.TaskSection)
	h.visits.AddOverdueCount(h.recruitment.OverdueSteps)
	h.visits.AddTaskSection(h.proposals.ReviewSection)
}

// routes mounts every domain's routes behind the middleware each group
// needs: public links without a session, staff pages behind sign-in.
func (h *handlers) routes(pool *pgxpool.Pool, cfg config.Config, opts Options) http.Handler {
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
		h.intake.PublicRoutes(r)
		h.commitments.PublicRoutes(r)
		h.events.PublicRoutes(r)
		h.dashboard.PublicRoutes(r)
		branding.Routes(r, pool)
		h.recruitment.PublicRoutes(r)
		h.members.Routes(r)
		h.mailings.UnsubscribePage(r)
	})
	// RFC 8058 one-click unsubscribe: the mail client POSTs from its own
	// servers, with no session and no way to carry a CSRF token, so this one
	// route is outside the cross-origin protection (its token is the
	// authority; see mailings.OneClick and TestOneClickIsTheOnlyException).
	h.mailings.OneClick(r)
	r.Group(func(r chi.Router) {
		r.Use(web.CrossOrigin, h.sessions.Middleware, h.auth.Load)
		h.auth.Routes(r)
		r.Group(func(r chi.Router) {
			r.Use(h.members.RefuseMembers, auth.RequireUser, h.auth.RequireTwoStep, h.intake.Awaiting, h.visits.Overdue,
				web.CacheNavCounts(opts.NavigationCache, "intakes", "taken"))
			h.staffRoutes(r)
		})
	})
	return r
}

// staffRoutes are the signed-in staff's pages.
func (h *handlers) staffRoutes(r chi.Router) {
	r.Get("/", home)
	for _, mount := range []func(chi.Router){h.employers.Routes, h.outbox.Routes, h.intake.Routes, h.subgroups.Routes,
		h.events.Routes, h.dashboard.Routes, h.privacy.Routes, h.commitments.Routes, h.duplicates.Routes,
		h.partners.Routes, h.visits.Routes, h.importer.Routes, h.beheer.Routes, h.auth.SignedInRoutes,
		h.recruitment.Routes, h.recruitment.WishRoutes, h.proposals.Routes, h.mailings.Routes} {
		mount(r)
	}
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
