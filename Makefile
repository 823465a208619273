# Everyday tasks. `make run` and `make test` need nothing but Go and
# PostgreSQL binaries: the code finds or starts a database itself.

GO ?= go

.PHONY: run test browser lint generate check-generated bench loadtest bench-pages soak fmt vet

run:
	$(GO) build -o bin/portal ./cmd/portal && ./bin/portal serve -demo

# The Nu Html Checker that .ci/run installs, when it is there.
VNU_JAR ?= $(wildcard $(HOME)/.cache/netwerkportaal/vnu/node_modules/vnu-jar/build/dist/vnu.jar)
export VNU_JAR

# No -v: keep go test's one line per package. The slowest packages are
# named first: go test builds and starts packages in the order given, so
# internal/app (its browser tests, about half of the suite's CPU time) and
# cmd/portal start as early as they can and the short packages fill the
# other slot beside them, instead of internal/app starting behind them and
# running alone at the end.
test: browser
	$(GO) test -count=1 -p 2 -timeout 15m ./internal/app/ ./cmd/portal/ ./...

# Browser tests need Chromium. This installs nothing (.ci/run does, on CI):
# it says how, and stops before a single test runs.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then \
		echo "Chromium ontbreekt; de browsertests hebben het nodig. Installeer het met: sudo apt-get install chromium" >&2; \
		exit 1; \
	fi

# Every check that needs no database: vet, staticcheck, formatting of Go and
# templ files, and a go.mod/go.sum that `go mod tidy` would leave alone.
# `templ fmt -fail` formats in place as well as failing, so a failed run
# leaves the fix behind to commit.
lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@unformatted="$$(gofmt -l cmd internal migrations web)"; \
	if [ -n "$$unformatted" ]; then \
		echo "Niet gofmt-opgemaakt (draai 'make fmt'):"; echo "$$unformatted"; exit 1; \
	fi
	$(GO) tool templ fmt -fail .
	$(GO) mod tidy -diff

generate:
	$(GO) tool templ generate

# Fails when the committed *_templ.go files differ from what templ generates.
check-generated: generate
	@changed="$$(git status --porcelain --untracked-files=all | grep '_templ\.go$$' || true)"; \
	if [ -n "$$changed" ]; then \
		echo "Gegenereerde templ-bestanden lopen niet gelijk met de .templ-bronnen; draai 'make generate' en commit:"; \
		echo "$$changed"; \
		exit 1; \
	fi; \
	echo "templ-bestanden zijn actueel"

# The national load test: the portal on `portal seed national` (20,000
# employers) and a floor server on the same stack, 32 signed-in clients per
# page for a few seconds, one table with ratios to the floor, peak RSS and
# 2,000 vs 20,000 at 1 client. Loopback only; under 5 minutes (the first run
# also seeds two databases, kept for the next runs). LOADTEST_FLAGS: e.g.
# -d 5s, -pages dashboard, -fresh.
bench loadtest:
	$(GO) build -o bin/portal ./cmd/portal
	$(GO) build -o bin/loadtest ./cmd/loadtest
	./bin/loadtest $(LOADTEST_FLAGS)

# In-process benchmarks of whole requests, one client (go test -bench).
bench-pages:
	$(GO) test -run '^$$' -bench . -benchtime 200x ./internal/app/

# Mixed load with a database outage against `portal serve` on loopback:
# errors, recovery time, latency and peak RSS. Not part of `make test`.
# SOAK_DURATION (60s) and SOAK_CLIENTS (32) tune it.
soak:
	$(GO) test -tags soak -run '^TestSoak$$' -count=1 -v -timeout 15m ./cmd/portal/

fmt:
	$(GO) fmt ./...

vet:
	$(GO) vet ./...
