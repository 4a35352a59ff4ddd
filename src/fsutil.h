/*
 * Files read and written safely. Written so that a crash leaves either the
 * old or the new contents: a temporary file in the same directory, fsync,
 * rename (or link, for a name that must not exist yet), then fsync of the
 * directory. Read by one reader with the caps as parameters: a size limit,
 * no symlink followed, no FIFO or device opened for reading.
 */
#ifndef NOTEBOOK_FSUTIL_H
#define NOTEBOOK_FSUTIL_H

#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"

/* Writes all `len` bytes of `data` to `fd`, again after EINTR: 0, or -1 with errno set. */
int fs_write_all(int fd, const char *data, size_t len);

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
 * A file's bytes held in memory (a staged blob, for check --staged), by
 * its path relative to the notebook's root. Owned by whoever fills it.
 */
struct file_data {
	char *path; /* relative to the root: "clients/acme.md" */
	char *data;
	size_t len;
};

/* fs_read_at()'s flags. */
#define FS_NOFOLLOW 1u /* a final symbolic link is refused, never followed */
#define FS_REGULAR  2u /* anything but a regular file (FIFO, device, folder) is refused unread */
#define FS_SAFE     (FS_NOFOLLOW | FS_REGULAR)

/* What fs_read_at() found. */
enum fs_read_status {
	FS_READ_OK = 0,
	FS_READ_OPEN,      /* cannot open: *errnum (ENOENT when missing) */
	FS_READ_SYMLINK,   /* a symbolic link, with FS_NOFOLLOW */
	FS_READ_STAT,      /* cannot stat the open file: *errnum */
	FS_READ_IRREGULAR, /* not a regular file, with FS_REGULAR */
	FS_READ_TOO_BIG,   /* larger than `max` bytes (the stat data says how large) */
	FS_READ_GREW,      /* grew past `max` bytes while being read */
	FS_READ_IO,        /* a read failed: *errnum */
};

/*
 * The one file reader: appends the file `name` (relative to the folder
 * `dirfd`, or AT_FDCWD) to `out`, NUL-terminated, refusing a file over
 * `max` bytes, and with `flags` a symlink or anything not a regular file,
 * without ever blocking on a FIFO. The stat data of the very file read
 * (taken before reading) goes to *stp when given. Returns FS_READ_OK, or
 * another enum fs_read_status with `out` as it was and *errnum (when not
 * NULL) set where noted; it prints nothing, so each caller words the refusal its own way.
 */
int fs_read_at(int dirfd, const char *name, size_t max, unsigned flags, struct buf *out,
	       struct stat *stp, int *errnum);

/*
 * fs_read_at() of `path` with both flags into a malloc'd, NUL-terminated
 * buffer. 0, or -1 with a message; errno is ENOENT when it does not exist.
 */
int fs_read_file(const char *path, size_t max, char **data, size_t *len);

/*
 * Creates the directories of `rel` (relative to `base`, which must exist)
 * that are missing, like mkdir -p. A component that is a symlink or not a
 * directory is refused. Each new directory's parent is fsynced.
 */
int fs_mkdirs(const char *base, const char *rel);

/*
 * Removes the temporary files (FS_TMP_PREFIX and six characters) that
 * killed writers left in `dir`: regular files of this user, older than
 * FS_TMP_STALE_SEC and locked by nobody (a writer holds flock(LOCK_EX) on
 * its own until it is renamed into place). For a writer that streams its
 * file itself, as `report -o` does; fs_write_atomic() calls it.
 */
void fs_remove_stale_temps(const char *dir);

/* fsyncs the directory holding `path`. */
int fs_sync_parent(const char *path);

/*
 * The nearest of `path` and its parents that exists, resolved by
 * realpath(3), malloc'd; NULL after a message.
 */
char *fs_real_nearest(const char *path);

/*
 * An open folder kept while files are walked in path order (one per worker
 * thread), so that each file is looked at relative to its folder.
 */
struct fs_cursor {
	int dirfd;
	char *dir;   /* relative to the root, no trailing '/' */
	size_t len;
};

#define FS_CURSOR_INIT { -1, NULL, 0 }

void fs_cursor_release(struct fs_cursor *cur);

/*
 * The folder holding `relpath` (relative to the folder `rootfd`), opened
 * through the cursor unless it holds it already, so that files are opened
 * and looked at with one path component each. Returns its descriptor
 * (the cursor's, or `rootfd`), -1 when it cannot be opened; *name is the
 * file's name in it (inside `relpath`).
 */
int fs_cursor_dir(struct fs_cursor *cur, int rootfd, const char *relpath,
		  const char **name);

#endif
