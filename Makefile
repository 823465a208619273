# Everyday tasks. `make run` and `make test` need nothing but Go and
# PostgreSQL binaries: the code finds or starts a database itself.

GO ?= go

.PHONY: run test browser generate check-generated bench soak fmt vet

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

# Whole-request benchmarks against a national-scale synthetic data set
# (20,000 employers): latency percentiles and throughput per page, with
# /healthz as the floor measured in the same run.
bench:
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
