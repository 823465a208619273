# Everyday tasks. `make run` and `make test` need nothing but Go and
# PostgreSQL binaries: the code finds or starts a database itself.

GO ?= go

.PHONY: run test browser generate check-generated bench loadtest bench-pages fmt vet

run:
	$(GO) build -o bin/portal ./cmd/portal && ./bin/portal serve -demo

# No -v: keep go test's one line per package.
test: browser
	$(GO) test -count=1 -p 2 -timeout 15m ./...

# Browser tests need Chromium; install it as root, otherwise say how.
browser:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then \
		exit 0; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "Chromium ontbreekt: installeer het met: sudo apt-get install chromium"; \
		exit 1; \
	fi

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

fmt:
	$(GO) fmt ./...

vet:
	$(GO) vet ./...
