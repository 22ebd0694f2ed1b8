# The two commands a newcomer needs (README): `make run` and `make test`. Both install what they need first.
#   make run           the main job: the release binary diagnosing a (simulated) broken gateway
#   make test          every test, built with clang under ASan + UBSan, then every libFuzzer target briefly
#   make test-release  every test against the optimized (GCC) build, the one bench/ measures
#   make dev           the contributor's loop: an unoptimized GCC build (build-dev/) and the unit suite, in minutes
BUILD ?= build
SAN_BUILD ?= build-san
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 10
# The sanitizer tree is compiled without optimization: on 2 cores the build, not the tests, is what takes time
# (-O1 costs twice the compile time of -O0 for a few seconds of test time; docs/performance.md).
SAN_OPT ?= -O0
CMAKE_FLAGS ?=
ifeq ($(CI),true)
  CMAKE_FLAGS += -DCLAWBOOK_WERROR=ON
endif

.PHONY: deps configure build run test test-release dev sanitize clean

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

# Everything optimized: the binary, its tests and the benchmarks.
build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# The main job: a diagnosis, end to end. Only the binary is built for it.
run: configure
	@cmake --build $(BUILD) --target clawbook -j$(JOBS)
	@bash scripts/demo.sh $(BUILD)

# Every test: unit tests, the binary's own tests, the shipped runbooks' cases, real peers (OpenClaw gateway,
# dockerd, a systemd user manager in private namespaces), packaging and integrations; all of it built with clang
# under AddressSanitizer and UndefinedBehaviorSanitizer, so a memory error or undefined behaviour anywhere fails the
# run. The peers are stopped at the end and the last test checks nothing of them runs or is mounted
# (CLAWBOOK_KEEP_PEERS=1 keeps them warm instead). Then a short run of every libFuzzer target (built in the same tree).
test: deps
	@cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$(SAN_OPT) -g1" -DCLAWBOOK_SANITIZE=ON -DCLAWBOOK_FUZZ=ON \
	  -DCLAWBOOK_BENCH=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(SAN_BUILD) -j$(JOBS)
	@bash scripts/test-peers.sh
	@cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 600
	@CLAWBOOK_FUZZ_BUILD_DIR=$(SAN_BUILD) CLAWBOOK_BUILD_JOBS=$(JOBS) bash scripts/fuzz-smoke.sh $(FUZZ_SECONDS)

# The same suite against the optimized GCC build.
test-release: build
	@bash scripts/test-peers.sh
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600

# The fast loop: -O0, no benchmarks, the unit suite only (no real peers, no packaging); a first build takes about
# 3 minutes on 2 cores, an edit to one file seconds. ccache is used when installed.
DEV_BUILD ?= build-dev
# The dev tree goes through Debian's ccache when it is installed (`deps` may have just installed it, so it is looked
# up when the recipe runs), with paths hashed relative to the clone so worktrees share hits. The CI trees do not: on
# a new machine the cache is empty, and a cold ccache only adds a preprocessing pass to every compile.
CCACHE_LAUNCHER = $$(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
dev: export CCACHE_BASEDIR := $(CURDIR)
dev: export CCACHE_NOHASHDIR := true
dev: export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime
dev: deps
	@cmake -S . -B $(DEV_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1" -DCLAWBOOK_BENCH=OFF \
	  $(CCACHE_LAUNCHER) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(DEV_BUILD) -j$(JOBS)
	@cd $(DEV_BUILD) && ctest -j$(JOBS) -LE "real-|packaging" --timeout 300

sanitize: test

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-fuzz
