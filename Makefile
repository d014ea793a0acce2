# The two commands: `make demo` (a local cluster with a live workload) and `make test`.
# Each does its own set-up idempotently: npm ci when the lockfile changed, build, etcd (and for
# the tests chromium, which the dashboard's browser test drives).
.PHONY: demo test build setup bench train clean

STAMP := node_modules/.shardcast-installed

$(STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $(STAMP)

build: $(STAMP)
	npm run --silent gen:proto
	npm run --silent build

setup: build
	@bash scripts/ensure-etcd.sh

# `make demo REGIONS=3`: nodes and clients in three regions, tenants used mostly from home.
demo: setup
	node dist/cli/main.js demo $(if $(REGIONS),--regions $(REGIONS))

test: setup
	@bash scripts/ensure-chromium.sh
	npm test

bench: setup
	npm run --silent bench

clean:
	rm -rf dist
