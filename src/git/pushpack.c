/*
 * The objects of a first push to a local remote, sent as git sends them:
 * a pack file of this repository whose every object is among those to
 * send is copied as it is (its deltas reused, nothing compressed or
 * indexed again), and only the objects in no such pack are packed anew
 * (README, Sync). A pack holding anything else (another branch's
 * objects, an old commit's) is never copied: the remote gets the
 * branch's objects and no others.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "repo_int.h"
#include "buf.h"
#include "fsutil.h"
#include "util.h"

/* A pack larger than this is packed anew rather than read whole. */
#define REUSE_MAX ((size_t)1 << 30)

/* A set of object ids: open addressing on the id's first bytes. */
struct oidset {
	git_oid *v;
	unsigned char *used;
	size_t n, cap;
};

static size_t oid_slot(const struct oidset *s, const git_oid *id)
{
	uint64_t h;
	size_t i;

	memcpy(&h, id->id, sizeof(h));
	for (i = (size_t)h & (s->cap - 1); s->used[i] && !git_oid_equal(&s->v[i], id);
	     i = (i + 1) & (s->cap - 1))
		;
	return i;
}

/* Adds `id`: 1 when it is new, 0 when it was there. */
static int oidset_add(struct oidset *s, const git_oid *id)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct oidset big = { 0 };

		big.cap = s->cap ? s->cap * 2 : 1024;
		big.v = xcalloc(big.cap, sizeof(*big.v));
		big.used = xcalloc(big.cap, 1);
		for (size_t k = 0; k < s->cap; k++)
			if (s->used[k]) {
				size_t j = oid_slot(&big, &s->v[k]);
				big.v[j] = s->v[k];
				big.used[j] = 1;
				big.n++;
			}
		free(s->v);
		free(s->used);
		*s = big;
	}
	i = oid_slot(s, id);
	if (s->used[i])
		return 0;
	s->v[i] = *id;
	s->used[i] = 1;
	s->n++;
	return 1;
}

static int oidset_has(const struct oidset *s, const git_oid *id)
{
	return s->cap && s->used[oid_slot(s, id)];
}

static void oidset_release(struct oidset *s)
{
	free(s->v);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

/* Adds the tree `id` and everything under it not added yet. */
static int add_tree(git_repository *git, const git_oid *id, struct oidset *want)
{
	git_tree *t = NULL;
	int ret = 0;

	if (!oidset_add(want, id))
		return 0; /* its objects are in already */
	if (git_tree_lookup(&t, git, id) < 0)
		return -1;
	for (size_t i = 0; !ret && i < git_tree_entrycount(t); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);

		switch (git_tree_entry_type(e)) {
		case GIT_OBJECT_TREE:
			ret = add_tree(git, git_tree_entry_id(e), want);
			break;
		case GIT_OBJECT_BLOB:
			oidset_add(want, git_tree_entry_id(e));
			break;
		default: /* a submodule's commit is not ours to send */
			break;
		}
	}
	git_tree_free(t);
	return ret;
}

/* Every object reachable from `tip`: its commits, their trees and blobs. */
static int reachable(git_repository *git, const git_oid *tip, struct oidset *want)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int err, ret = -1;

	if (git_revwalk_new(&walk, git) < 0 || git_revwalk_push(walk, tip) < 0)
		goto out;
	while ((err = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL;

		oidset_add(want, &id);
		if (git_commit_lookup(&c, git, &id) < 0)
			goto out;
		err = add_tree(git, git_commit_tree_id(c), want);
		git_commit_free(c);
		if (err < 0)
			goto out;
	}
	ret = err == GIT_ITEROVER ? 0 : -1;
out:
	git_revwalk_free(walk);
	return ret;
}

/*
 * The ids a pack's index (version 2) lists, pointing into `idx`: their
 * count, or -1 when it is not such an index.
 */
static long idx_ids(const char *idx, size_t len, const unsigned char **ids)
{
	const unsigned char *p = (const unsigned char *)idx;
	uint32_t n;

	if (len < 8 + 256 * 4 || memcmp(p, "\377tOc", 4) || p[4] || p[5] || p[6] || p[7] != 2)
		return -1;
	p += 8 + 255 * 4;
	n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	if ((len - 8 - 256 * 4) / 20 < n)
		return -1;
	*ids = (const unsigned char *)idx + 8 + 256 * 4;
	return (long)n;
}

/*
 * Copies the pack `name` (its .pack, then its .idx, so that git sees it
 * only whole) from `from` into `to` when every object it holds is in
 * `want`; those objects then go into `sent`. 1 when copied, 0 when not
 * (nothing written), -1 with a message.
 */
static int copy_pack(const char *from, const char *to, const char *name,
		     const struct oidset *want, struct oidset *sent)
{
	struct buf idx = BUF_INIT, pack = BUF_INIT;
	const unsigned char *ids;
	char *path;
	long n;
	int ret = 0;

	/* a pack that cannot be read here (gone since, too large) is packed anew */
	path = xasprintf("%s/%s.idx", from, name);
	if (fs_read_at(AT_FDCWD, path, REUSE_MAX, FS_SAFE, &idx, NULL, NULL) != FS_READ_OK ||
	    (n = idx_ids(idx.data, idx.len, &ids)) <= 0)
		goto out;
	for (long i = 0; i < n; i++) {
		git_oid id;

		git_oid_fromraw(&id, ids + 20 * i);
		if (!oidset_has(want, &id))
			goto out; /* not ours to send */
	}
	free(path);
	path = xasprintf("%s/%s.pack", from, name);
	if (fs_read_at(AT_FDCWD, path, REUSE_MAX, FS_SAFE, &pack, NULL, NULL) != FS_READ_OK)
		goto out;
	free(path);
	path = xasprintf("%s/%s.pack", to, name);
	ret = -1;
	/* read-only, as git writes a pack */
	if (fs_create_exclusive(path, pack.data, pack.len) < 0 || chmod(path, 0444) < 0)
		goto out;
	free(path);
	path = xasprintf("%s/%s.idx", to, name);
	if (fs_create_exclusive(path, idx.data, idx.len) < 0 || chmod(path, 0444) < 0)
		goto out;
	for (long i = 0; i < n; i++) {
		git_oid id;

		git_oid_fromraw(&id, ids + 20 * i);
		oidset_add(sent, &id);
	}
	ret = 1;
out:
	free(path);
	buf_release(&pack);
	buf_release(&idx);
	return ret;
}

/* Copies each pack of `from` that holds only objects of `want` (copy_pack()). */
static int copy_packs(const char *from, const char *to, const struct oidset *want,
		      struct oidset *sent)
{
	DIR *d = opendir(from);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return 0;
	while (ret >= 0 && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *name;

		if (len <= 9 || strncmp(de->d_name, "pack-", 5) || strcmp(de->d_name + len - 4, ".idx"))
			continue;
		name = xstrndup(de->d_name, len - 4);
		ret = copy_pack(from, to, name, want, sent) < 0 ? -1 : 0;
		free(name);
	}
	closedir(d);
	return ret;
}

int repo_push_pack_reuse(git_repository *git, const git_oid *tip, const char *to,
			 git_packbuilder *pb)
{
	struct oidset want = { 0 }, sent = { 0 };
	char *from = xasprintf("%sobjects/pack", git_repository_commondir(git));
	int ret = -1;

	if (reachable(git, tip, &want) < 0) {
		git_fail("cannot list the objects to send");
		goto out;
	}
	if (copy_packs(from, to, &want, &sent) < 0)
		goto out;
	for (size_t i = 0; i < want.cap; i++)
		if (want.used[i] && !oidset_has(&sent, &want.v[i]) &&
		    git_packbuilder_insert(pb, &want.v[i], NULL) < 0) {
			git_fail("cannot send the commits");
			goto out;
		}
	ret = 0;
out:
	oidset_release(&want);
	oidset_release(&sent);
	free(from);
	return ret;
}

/*
 * Inserts into `pb` the objects of tree `b` that tree `a` (NULL: none)
 * does not hold at the same path: the subtrees whose ids differ are read,
 * the others skipped whole.
 */
static int insert_changed(git_repository *git, git_packbuilder *pb, git_tree *a, git_tree *b)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < git_tree_entrycount(b); i++) {
		const git_tree_entry *eb = git_tree_entry_byindex(b, i);
		const char *name = git_tree_entry_name(eb);
		const git_tree_entry *ea = a ? git_tree_entry_byname(a, name) : NULL;
		git_tree *ta = NULL, *tb = NULL;

		if (ea && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			continue;
		switch (git_tree_entry_type(eb)) {
		case GIT_OBJECT_BLOB:
			ret = git_packbuilder_insert(pb, git_tree_entry_id(eb), name);
			break;
		case GIT_OBJECT_TREE:
			if (git_packbuilder_insert(pb, git_tree_entry_id(eb), name) < 0 ||
			    git_tree_lookup(&tb, git, git_tree_entry_id(eb)) < 0 ||
			    (ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE &&
			     git_tree_lookup(&ta, git, git_tree_entry_id(ea)) < 0))
				ret = -1;
			else
				ret = insert_changed(git, pb, ta, tb);
			break;
		default: /* a submodule's commit is not ours to send */
			break;
		}
		git_tree_free(ta);
		git_tree_free(tb);
	}
	return ret;
}

int repo_push_insert_new(git_repository *git, git_revwalk *walk, git_packbuilder *pb)
{
	git_oid id;
	int err;

	while ((err = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_tree *t = NULL, *pt = NULL;

		if (git_packbuilder_insert(pb, &id, NULL) < 0 || git_commit_lookup(&c, git, &id) < 0 ||
		    git_commit_tree(&t, c) < 0 ||
		    (git_commit_parentcount(c) &&
		     (git_commit_parent(&p, c, 0) < 0 || git_commit_tree(&pt, p) < 0)))
			err = -1;
		else if (!pt || !git_oid_equal(git_tree_id(pt), git_tree_id(t)))
			err = git_packbuilder_insert(pb, git_tree_id(t), NULL) < 0 ||
					      insert_changed(git, pb, pt, t) < 0
				      ? -1
				      : 0;
		git_tree_free(pt);
		git_tree_free(t);
		git_commit_free(p);
		git_commit_free(c);
		if (err < 0)
			return -1;
	}
	return err == GIT_ITEROVER ? 0 : -1;
}
