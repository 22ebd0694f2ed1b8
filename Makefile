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

# ASan + UBSan build of the whole suite.
sanitize:
	@$(MAKE) --no-print-directory test BUILD=build-asan CMAKE_FLAGS="-DCLAWBOOK_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"

clean:
	rm -rf $(BUILD) build-asan
