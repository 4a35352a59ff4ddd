/*
 * Files written so that a crash leaves either the old or the new contents:
 * a temporary file in the same directory, fsync, rename (or link, for a
 * name that must not exist yet), then fsync of the directory.
 */
#ifndef NOTEBOOK_FSUTIL_H
#define NOTEBOOK_FSUTIL_H

#include <stddef.h>

/* Temporary files start with this; `notebook init` ignores them in git. */
#define FS_TMP_PREFIX ".nb-tmp-"
/*
 * An unlocked temporary file this many seconds old was left by a killed
 * writer; the next write into its folder removes it.
 */
#define FS_TMP_STALE_SEC 10

/*
 * Replaces (or creates) `path` with `len` bytes of `data`, atomically and
 * durably. A symlink at `path` is replaced, never followed. Stale
 * temporary files of killed writers in its folder are removed first. 0,
 * or -1 with a message.
 */
int fs_write_atomic(const char *path, const char *data, size_t len);
/* The same with the file's permission bits (0755 for a hook). */
int fs_write_atomic_mode(const char *path, const char *data, size_t len, unsigned mode);

/*
 * Creates `path`, which must not exist yet, holding `data`: written to a
 * temporary file first, then linked into place, so the name appears only
 * with its whole contents and two writers never share it. Returns 0, 1
 * when `path` already exists (nothing written, no message), or -1 with a
 * message.
 */
int fs_create_exclusive(const char *path, const char *data, size_t len);

/*
 * Reads a regular file (never through a symlink) into a malloc'd,
 * NUL-terminated buffer. Files larger than `max` bytes are refused.
 * 0, or -1 with a message; errno is ENOENT when it does not exist.
 */
int fs_read_file(const char *path, size_t max, char **data, size_t *len);

/*
 * Creates the directories of `rel` (relative to `base`, which must exist)
 * that are missing, like mkdir -p. A component that is a symlink or not a
 * directory is refused. Each new directory's parent is fsynced.
 */
int fs_mkdirs(const char *base, const char *rel);

/* fsyncs the directory holding `path`. */
int fs_sync_parent(const char *path);

/*
 * The nearest of `path` and its parents that exists, resolved by
 * realpath(3), malloc'd; NULL after a message.
 */
char *fs_real_nearest(const char *path);

#endif
