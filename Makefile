# notebook: a plain Makefile (GNU make). See README.md.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
BUILD   ?= build
# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer.
SAN     ?=

PKGS := libgit2 yaml-0.1 libcmark sqlite3 libcrypto jansson libpcre2-8
# The allocator (README.md, Dependencies). ALLOC= builds with the C
# library's; the sanitizers and valgrind bring their own.
ALLOC ?= jemalloc
ifneq ($(SAN),)
ALLOC :=
endif
PKGS += $(ALLOC)
# With jemalloc (never under the sanitizers or valgrind, which look for
# leaks) a command about to exit may leave its largest structures to the
# exit instead of freeing them one by one (util.h, LEAVE_AT_EXIT).
ifeq ($(ALLOC),jemalloc)
ALLOC_DEFS := -DLEAVE_AT_EXIT=1
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -Wno-missing-field-initializers -Wvla
ifeq ($(SAN),fuzz)
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifneq ($(SAN),)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ALL_CFLAGS  = $(CFLAGS) $(WARN) $(SANFLAGS) $(ALLOC_DEFS) $(PKG_CFLAGS) -Isrc -I$(BUILD) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS        = $(PKG_LIBS) -lpthread -lm

# src/ holds the base and the notes model; each folder below it one layer
# or one library (README.md, Architecture).
SRCS     := $(sort $(wildcard src/*.c src/*/*.c))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS))) $(BUILD)/schema_data.o
SCHEMAS  := $(sort $(wildcard schema/*.schema.yaml))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
# fsync_count.c is an LD_PRELOAD shim (a shared object), not a program.
TOOL_SRCS := $(filter-out tests/tools/fsync_count.c,$(sort $(wildcard tests/tools/*.c)))
TOOL_BINS := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(TOOL_SRCS))
TOOL_LIBS := $(BUILD)/tools/fsync_count.so

FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 60

# The binary the tests run.
NOTEBOOK_BIN := $(abspath $(BUILD)/notebook)

.PHONY: all deps deps-build check test check-asan demo install uninstall clean lint fuzz fuzz-run check-valgrind valgrind-run bench
.DEFAULT_GOAL := all

all: $(BUILD)/notebook notebook

notebook: $(BUILD)/notebook
	@[ "$(BUILD)" = build ] && ln -sf $(BUILD)/notebook notebook || true

$(BUILD)/notebook: $(BUILD)/main.o $(BUILD)/libnotebook.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libnotebook.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/schema_data.c: $(SCHEMAS) src/schema/embed.sh | $(BUILD)
	sh src/schema/embed.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(BUILD)/schema_data.o: $(BUILD)/schema_data.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/unit/%: tests/unit/%.c tests/unit/tap.h $(BUILD)/libnotebook.a | $(BUILD)
	@mkdir -p $(BUILD)/unit
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libnotebook.a $(LIBS)

$(BUILD)/tools/%: tests/tools/%.c $(BUILD)/libnotebook.a | $(BUILD)
	@mkdir -p $(BUILD)/tools
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libnotebook.a $(LIBS)

# Without the sanitizers: it is preloaded into programs built either way.
$(BUILD)/tools/fsync_count.so: tests/tools/fsync_count.c | $(BUILD)
	@mkdir -p $(BUILD)/tools
	$(CC) $(CFLAGS) -shared -fPIC -o $@ $< -ldl

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libnotebook.a | $(BUILD)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(BUILD)/libnotebook.a $(LIBS)

$(BUILD):
	mkdir -p $(BUILD)

# libFuzzer targets (clang): each runs FUZZ_SECONDS, seeded from examples/
# and the test fixtures; findings are written to build-fuzz/findings/.
fuzz:
	@NOTEBOOK_EXTRA_PKGS="clang libclang-rt-dev" sh .ci/deps.sh build
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang SAN=fuzz CFLAGS='-O1 -g' fuzz-run

fuzz-run: $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_BINS)

# Installs missing build and test dependencies (apt-get when root, else
# prints the exact command and stops); starts and enables no service.
# deps-build: the compiler and libraries only.
deps:
	@sh .ci/deps.sh test

deps-build:
	@sh .ci/deps.sh build

# The whole test suite under prove: shell tests of the real binary and C
# unit tests of the pure parts.
check: deps
	@$(MAKE) --no-print-directory test

test: $(BUILD)/notebook $(UNIT_BINS) $(TOOL_BINS) $(TOOL_LIBS)
	NOTEBOOK_BIN=$(NOTEBOOK_BIN) NOTEBOOK_BUILD=$(abspath $(BUILD)) \
		prove --exec '' -j2 $(UNIT_BINS) tests/t[0-9]*.sh

# The same suite built with ASan and UBSan.
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan SAN=1 CFLAGS='-O1 -g' test

# The suite with every run of the binary and every unit test under
# valgrind's memcheck: no errors, no leaks.
check-valgrind: deps
	@NOTEBOOK_EXTRA_PKGS=valgrind sh .ci/deps.sh test
	@$(MAKE) --no-print-directory BUILD=build-valgrind ALLOC= CFLAGS='-O1 -g' valgrind-run

valgrind-run: $(BUILD)/notebook $(UNIT_BINS) $(TOOL_BINS) $(TOOL_LIBS)
	prove --exec 'sh tests/valgrind.sh' $(UNIT_BINS)
	NOTEBOOK_REAL_BIN=$(NOTEBOOK_BIN) NOTEBOOK_BIN=$(abspath tests/valgrind.sh) \
		NOTEBOOK_BUILD=$(abspath $(BUILD)) NOTEBOOK_SLOW=1 \
		prove --exec '' -j2 tests/t[0-9]*.sh

# The example notebook, audited as of the date its README gives, and its
# report (notebook report) written under $(BUILD)/, its path printed.
DEMO_DATE := $(shell sed -n 's/^As of: *\([0-9-]*\).*/\1/p' examples/consultancy/README.md 2>/dev/null | head -n 1)
demo: deps-build
	@$(MAKE) --no-print-directory all
	@$(BUILD)/notebook -C examples/consultancy check && \
	 $(BUILD)/notebook -C examples/consultancy status --all --as-of $(DEMO_DATE) && \
	 $(BUILD)/notebook -C examples/consultancy report --as-of $(DEMO_DATE) \
		-o $(abspath $(BUILD))/consultancy-report.html >/dev/null && \
	 echo && echo "The example's report, to open in a browser: $(abspath $(BUILD))/consultancy-report.html"

# The SPEC's figures, measured side by side (bench/run.sh; bench/README.md).
# BENCH_CLIENTS, BENCH_ENTRIES, BENCH_RUNS, BENCH_SMOKE=1 size it down. Node and
# npm (for the Node peer) are used when present, else apt-get tried by run.sh.
bench:
	@NOTEBOOK_EXTRA_PKGS="git time python3 python3-yaml" sh .ci/deps.sh build
	@$(MAKE) --no-print-directory all
	NOTEBOOK_BIN=$(NOTEBOOK_BIN) sh bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/notebook $(DESTDIR)$(BINDIR)/notebook
	install -m 644 doc/notebook.1 $(DESTDIR)$(MANDIR)/man1/notebook.1
	install -m 644 doc/notebook-format.5 $(DESTDIR)$(MANDIR)/man5/notebook-format.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/notebook $(DESTDIR)$(MANDIR)/man1/notebook.1 \
		$(DESTDIR)$(MANDIR)/man5/notebook-format.5

lint:
	mandoc -Tlint -Wwarning doc/notebook.1 doc/notebook-format.5
	python3 tests/tools/long_functions.py src

clean:
	rm -rf build build-asan build-fuzz build-valgrind notebook

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)
