# The two commands a newcomer needs (README): `make run` and `make test`. Both install what they need first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
ifeq ($(CI),true)
  CMAKE_FLAGS += -DCLAWBOOK_WERROR=ON
endif

.PHONY: deps configure build run test sanitize clean

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# The main job: a diagnosis, end to end.
run: build
	@bash scripts/demo.sh $(BUILD)

# Every test: unit tests, the binary's own tests, real peers (OpenClaw gateway, dockerd) where installed.
test: build
	@bash scripts/test-peers.sh
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600

# The hardening stage (CI runs it after `test`): the whole suite built with clang, ASan and UBSan, run again
# under the sanitizers; then every libFuzzer target (built in the same tree) for FUZZ_SECONDS each.
SAN_BUILD ?= build-san
FUZZ_SECONDS ?= 10
sanitize: deps
	@cmake -S . -B $(SAN_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" -DCLAWBOOK_SANITIZE=ON -DCLAWBOOK_FUZZ=ON -DCLAWBOOK_BENCH=OFF \
	  $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(SAN_BUILD) -j$(JOBS)
	@bash scripts/test-peers.sh
	@cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 600 -LE packaging
	@CLAWBOOK_FUZZ_BUILD_DIR=$(SAN_BUILD) bash scripts/fuzz-smoke.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-fuzz
