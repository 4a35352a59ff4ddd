/* Allocation that never returns NULL, and error reporting in git's manner. */
#ifndef NOTEBOOK_UTIL_H
#define NOTEBOOK_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The allocators die with "notebook: out of memory" rather than return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Multiplies with an overflow check, for array sizes. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grows `arr` (holding `nr` items, room for `alloc`) so that it holds at
 * least `want` items.
 */
#define ALLOC_GROW(arr, want, alloc)                                         \
	do {                                                                 \
		if ((want) > (alloc)) {                                      \
			size_t alloc_grow_n_ = (alloc) ? (alloc) * 2 : 8;    \
			if (alloc_grow_n_ < (want))                          \
				alloc_grow_n_ = (want);                      \
			(arr) = xreallocarray((arr), alloc_grow_n_,          \
					      sizeof(*(arr)));               \
			(alloc) = alloc_grow_n_;                             \
		}                                                            \
	} while (0)

/*
 * 1 when a command about to exit may leave what it allocated to the exit
 * rather than free it (a jemalloc build, the Makefile's ALLOC): the
 * sanitizers' and valgrind's builds free everything, to find leaks.
 */
#ifdef LEAVE_AT_EXIT
#define LEFT_AT_EXIT 1
#else
#define LEFT_AT_EXIT 0
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* "notebook: <message>" on stderr; error() returns -1, die() exits 128. */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * FNV-1a, 64 bits, of `n` bytes after `h` (FNV_SEED to start), and of a
 * string: for hash tables and checksums of our own, not against someone
 * choosing the input.
 */
#define FNV_SEED 0xcbf29ce484222325ULL
uint64_t fnv_add(uint64_t h, const void *p, size_t n);
uint64_t fnv_str(const char *s);

/*
 * How many processors this process may run on (its affinity mask, as
 * taskset(1) or a container's cpuset limits it; at least 1): how many
 * threads a parallel step starts.
 */
long online_cpus(void);

/* Levenshtein distance, capped: returns cap + 1 when farther than `cap`. */
size_t edit_distance(const char *a, const char *b, size_t cap);

/*
 * The candidate nearest to `word` within a distance that makes sense for its
 * length (a "did you mean"), or NULL. `cands` is NULL-terminated.
 */
const char *nearest_word(const char *word, const char *const *cands);

#endif
