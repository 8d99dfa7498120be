# SPDX-License-Identifier: LGPL-2.1-or-later
#
# ucg build.  Everything is built out of tree:
#   build/       normal build: libucg.a, libucg.so, tests/, bin/ (tools), bench/
#   build-asan/  ASan+UBSan build of the library and the tests (made by `check`)
#   build-tsan/  ThreadSanitizer build of the library and the tests (made by `check`)
#
# Targets:
#   all     library, tests, tools and benchmarks (default)
#   check   every test: plain, ASan+UBSan, TSan, then under valgrind; stops at
#           the first failure and names the test
#   bench   build and run every benchmark
#   demo    build and run build/bin/ucg-demo
#   ucgd    build build/bin/ucgd, the FUSE daemon (also part of `all`)
#   check-e2e  end-to-end tests of ucgd on real mounts (tests/e2e/run.sh)
#   clean   remove build/, build-asan/ and build-tsan/
#   also: lib, tests, tools, benches (build only), check-unit, check-asan,
#         check-tsan, check-valgrind (one stage of `check` each)
#
# Knobs: WERROR=0 (default 1), V=1 (show commands), CC=..., SAN_CC=...,
#        CFLAGS/LDFLAGS (appended), TEST_TIMEOUT=seconds per test run.

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
WERROR     ?= 1
SANITIZE   ?= 0
V          ?= 0

CC ?= cc
AR ?= ar
# The sanitizer build prefers clang, else gcc.
SAN_CC ?= $(shell command -v clang >/dev/null 2>&1 && echo clang || echo gcc)

ifneq ($(or $(filter 1,$(V)),$(findstring s,$(firstword -$(MAKEFLAGS)))),)
Q := $(if $(filter 1,$(V)),,@)
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' '$(1)' '$(2)'
endif

# ---------------------------------------------------------------- flags

WARNFLAGS := -Wall -Wextra -Wshadow -Wno-unused-parameter \
	     -Wstrict-prototypes -Wmissing-prototypes
ifeq ($(WERROR),1)
WARNFLAGS += -Werror
endif

ifeq ($(SANITIZE),1)
OPTFLAGS  := -O1 -g -fno-omit-frame-pointer
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all
else ifeq ($(SANITIZE),thread)
OPTFLAGS  := -O1 -g -fno-omit-frame-pointer
SANFLAGS  := -fsanitize=thread
else
OPTFLAGS  := -O2 -g
SANFLAGS  :=
endif

UCG_CFLAGS := -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) -fPIC -Iinclude -Isrc -pthread \
	      $(SANFLAGS) $(CPPFLAGS) $(CFLAGS)
DEPFLAGS   := -MMD -MP
LINKFLAGS  := -pthread $(SANFLAGS) $(LDFLAGS)
SYSLIBS    := -lm

CMOCKA_CFLAGS ?= $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   ?= $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

FUSE_CFLAGS ?= $(shell pkg-config --cflags fuse3 2>/dev/null)
FUSE_LIBS   ?= $(shell pkg-config --libs fuse3 2>/dev/null || echo -lfuse3)

# ---------------------------------------------------------------- sources

LIB_SRCS      := $(sort $(shell find src -name '*.c' 2>/dev/null))
TEST_SRCS     := $(sort $(wildcard tests/test_*.c))
TEST_LIB_SRCS := $(sort $(wildcard tests/lib/*.c))
TOOL_SRCS     := $(sort $(wildcard tools/*.c))
BENCH_SRCS    := $(sort $(wildcard bench/*.c))
FS_SRCS       := $(sort $(wildcard fs/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_OBJS      := $(call obj,$(LIB_SRCS))
TEST_LIB_OBJS := $(call obj,$(TEST_LIB_SRCS))
FS_OBJS       := $(call obj,$(FS_SRCS))
ALL_OBJS      := $(LIB_OBJS) $(TEST_LIB_OBJS) $(FS_OBJS) \
		 $(call obj,$(TEST_SRCS) $(TOOL_SRCS) $(BENCH_SRCS) tests/e2e/pollwait.c)

LIB_A   := $(BUILD)/libucg.a
LIB_SO  := $(BUILD)/libucg.so
LIB_LDS := src/libucg.lds

TEST_BINS  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TOOL_BINS  := $(patsubst tools/%.c,$(BUILD)/bin/%,$(TOOL_SRCS))
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
UCGD       := $(BUILD)/bin/ucgd
POLLWAIT   := $(BUILD)/tests/e2e/pollwait

# The shared library is not part of the sanitizer build (the sanitizer
# runtime leaves it with undefined symbols, and the tests link statically).
ifneq ($(SANITIZE),0)
LIBS := $(LIB_A)
else
LIBS := $(LIB_A) $(LIB_SO)
endif

# ---------------------------------------------------------------- test running

TEST_TIMEOUT     ?= 600
VALGRIND         ?= valgrind
VALGRIND_FLAGS   ?= --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite --quiet
ASAN_ENV         := env ASAN_OPTIONS=detect_leaks=1 \
		    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# clang 14's ASan cannot map its shadow when the kernel randomises mmap with
# more than 28 bits; run without ASLR then, if this machine allows it.
ASAN_WRAP = $(shell if [ "$$(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 0)" -gt 28 ] \
		&& setarch "$$(uname -m)" -R true 2>/dev/null; \
		then echo "setarch $$(uname -m) -R"; fi)

# $(call RUN,stage,binary[,wrapper]): one shell command that prints the test's
# name, runs it (with a timeout, under the wrapper) and on failure stops with
# a message naming the stage and the test.  Use inside a shell loop.
RUN = printf '  %-8s %s\n' '$(1)' "$(2)"; \
	timeout -k 10 $(TEST_TIMEOUT) $(3) $(2) || { rc=$$?; \
	if [ $$rc -eq 124 ]; then why="timed out after $(TEST_TIMEOUT)s"; \
	elif [ '$(1)' = valgrind ] && [ $$rc -eq 99 ]; then why="valgrind reported errors"; \
	elif [ $$rc -gt 128 ]; then why="killed by signal $$((rc - 128))"; \
	else why="exit status $$rc"; fi; \
	printf '\n*** FAILED [%s] %s: %s\n' '$(1)' "$(2)" "$$why" >&2; exit 1; }

# ---------------------------------------------------------------- targets

.PHONY: all lib tests tools benches check check-unit check-asan check-valgrind \
	check-tsan _asan-run _tsan-run bench demo clean help FORCE ucgd check-e2e

all: lib tests tools benches ucgd

lib: $(LIBS)
tests: $(TEST_BINS)
tools: $(TOOL_BINS)
benches: $(BENCH_BINS)

# The libraries are rebuilt from scratch when any object changes or when the
# list of sources changes (a deleted source must not linger in them).
$(LIB_A): $(LIB_OBJS) $(BUILD)/lib-srcs.list
	$(call msg,AR,$@)
	@mkdir -p $(@D)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $(LIB_OBJS)

$(LIB_SO): $(LIB_OBJS) $(LIB_LDS) $(BUILD)/lib-srcs.list
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -shared -Wl,-soname,libucg.so -Wl,--version-script=$(LIB_LDS) \
		-Wl,-z,defs -o $@ $(LIB_OBJS) $(LINKFLAGS) $(SYSLIBS)

$(BUILD)/lib-srcs.list: FORCE
	@mkdir -p $(@D)
	@echo '$(LIB_SRCS)' | cmp -s - $@ 2>/dev/null || echo '$(LIB_SRCS)' > $@

$(BUILD)/obj/%.o: %.c
	$(call msg,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(UCG_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# Tests also see their shared helpers (tests/*.h) and cmocka.
$(BUILD)/obj/tests/%.o: tests/%.c
	$(call msg,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(UCG_CFLAGS) -Itests $(CMOCKA_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TEST_LIB_OBJS) $(LIB_A)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< $(TEST_LIB_OBJS) $(LIB_A) $(CMOCKA_LIBS) $(LINKFLAGS) $(SYSLIBS)

$(BUILD)/bin/%: $(BUILD)/obj/tools/%.o $(LIB_A)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< $(LIB_A) $(LINKFLAGS) $(SYSLIBS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIB_A)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $< $(LIB_A) $(LINKFLAGS) $(SYSLIBS)

# ucgd: fs/*.c over the public API only (include/, not src/), with libfuse3.
ucgd: $(UCGD)

$(BUILD)/obj/fs/%.o: fs/%.c
	$(call msg,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -Isrc,$(UCG_CFLAGS)) $(FUSE_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(UCGD): $(FS_OBJS) $(LIB_A)
	$(call msg,LD,$@)
	@mkdir -p $(@D)
	$(Q)$(CC) -o $@ $(FS_OBJS) $(LIB_A) $(FUSE_LIBS) $(LINKFLAGS) $(SYSLIBS)

$(POLLWAIT): tests/e2e/pollwait.c
	$(call msg,CC,$<)
	@mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -Isrc,$(UCG_CFLAGS)) -o $@ $< $(LINKFLAGS)

# ---------------------------------------------------------------- check

check:
	@$(MAKE) --no-print-directory check-unit
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory check-tsan
	@$(MAKE) --no-print-directory check-valgrind
	@echo "check: all $(words $(TEST_BINS)) test(s) passed plain, under ASan+UBSan, TSan and valgrind"

check-unit: tests
	@echo "== unit tests ($(BUILD))"
	@for t in $(TEST_BINS); do $(call RUN,unit,$$t); done

check-asan:
	@echo "== ASan+UBSan build ($(ASAN_BUILD), $(SAN_CC))"
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) SANITIZE=1 CC=$(SAN_CC) _asan-run

_asan-run: tests
	@for t in $(TEST_BINS); do $(call RUN,asan,$$t,$(ASAN_ENV) $(ASAN_WRAP)); done

# ThreadSanitizer: data races between the engine's locks (test_concurrency
# drives one engine from several threads; the others run single-threaded).
check-tsan:
	@echo "== TSan build ($(TSAN_BUILD), $(SAN_CC))"
	@$(MAKE) --no-print-directory BUILD=$(TSAN_BUILD) SANITIZE=thread CC=$(SAN_CC) _tsan-run

_tsan-run: tests
	@for t in $(TEST_BINS); do $(call RUN,tsan,$$t,env TSAN_OPTIONS=halt_on_error=1 $(ASAN_WRAP)); done

check-valgrind: tests
	@echo "== valgrind ($(BUILD))"
	@command -v $(VALGRIND) >/dev/null 2>&1 || \
		{ echo "*** valgrind not found: run scripts/deps.sh" >&2; exit 1; }
	@for t in $(TEST_BINS); do $(call RUN,valgrind,$$t,$(VALGRIND) $(VALGRIND_FLAGS)); done

# End-to-end: mount the real daemon on temporary directories (tests/e2e/run.sh).
check-e2e: $(UCGD) $(POLLWAIT)
	@echo "== end-to-end tests (ucgd on FUSE mounts)"
	@UCGD=$(UCGD) POLLWAIT=$(POLLWAIT) timeout -k 10 $(TEST_TIMEOUT) tests/e2e/run.sh
	@echo "== ucgd against the kernel's cgroup2, operation by operation (tests/e2e/compare.sh)"
	@UCGD=$(UCGD) timeout -k 10 $(TEST_TIMEOUT) tests/e2e/compare.sh -q; rc=$$?; \
		if [ $$rc -eq 77 ]; then echo "  (skipped: no writable kernel cgroup2 here)"; \
		elif [ $$rc -ne 0 ]; then echo "*** FAILED [e2e] tests/e2e/compare.sh"; exit 1; fi

# ---------------------------------------------------------------- bench, demo

bench: benches
	@echo "== benchmarks ($(BUILD))"
	@for b in $(BENCH_BINS); do echo "  BENCH    $$b"; $$b || \
		{ echo "*** FAILED [bench] $$b (exit status $$?)" >&2; exit 1; }; done

demo: $(filter %/ucg-demo,$(TOOL_BINS))
	@test -f tools/ucg-demo.c || \
		{ echo "*** tools/ucg-demo.c does not exist yet: no demo to run" >&2; exit 1; }
	$(BUILD)/bin/ucg-demo

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)

help:
	@sed -n '3,21s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# Objects reached only through pattern rules (tests, tools, bench) count as
# intermediate files to make; keep them so rebuilds stay incremental.
.SECONDARY:
.DELETE_ON_ERROR:
FORCE:

-include $(ALL_OBJS:.o=.d)
