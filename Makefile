# The two commands of the README. Everything else is in scripts/.
.PHONY: run test build bench

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

build:
	@bash scripts/setup-build.sh && bash scripts/build.sh

bench:
	@bash scripts/bench.sh
