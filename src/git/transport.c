/*
 * The user's side of a connection to a remote (transport.h): libgit2's
 * credential, certificate and progress callbacks.
 *
 * libgit2 1.5.1 looks the ssh host key up in ~/.ssh/known_hosts through
 * libssh2 but leaves the decision to the certificate callback, which is
 * told only "valid" or not: whatever the callback accepts is trusted. So
 * the whole check is done here (both known_hosts files, hashed names,
 * @revoked), and the refusal says what was wrong and what to do. libgit2
 * also calls the credential callback again after every refusal, for as
 * long as it hands out something, so each source of credentials is tried
 * once and the calls are capped.
 *
 * Nothing here reads the notebook's repository configuration: credential
 * helpers, certificate authorities and keys come from the user's own
 * files, since a cloned notebook must never choose a program to run.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "buf.h"
#include "text.h"
#include "transport.h"
#include "util.h"

/* Calls of the credential callback in one connection, whatever happens. */
#define CRED_CALLS_MAX 8
/* Username and password pairs offered to an http(s) server in one operation. */
#define HTTP_TRIES 3
/* Bytes read from a credential helper, a terminal answer, a known_hosts file. */
#define HELPER_OUT_MAX (64 * 1024)
#define TTY_LINE_MAX 1024
#define KNOWN_HOSTS_MAX (16 * 1024 * 1024)

static const char *const ssh_key_names[] = { "id_ed25519", "id_ecdsa", "id_rsa" };

struct url_parts {
	char *protocol; /* "ssh" for the scp-like form */
	char *user;     /* NULL when the URL names none */
	char *host;     /* lowercase, without brackets */
	int port;       /* -1: the protocol's default */
	char *path;     /* without the leading slash */
};

struct transport {
	struct url_parts url;
	char *server;      /* "https://host:port", for messages */
	int ssh, http;     /* which callbacks apply */
	int calls;         /* credential callback calls in this connection */
	int hostkey_seen;  /* an ssh connection got as far as the host key check */

	/* progress on a terminal */
	int tty;
	int shown;         /* a progress line is on the screen */
	int last_pct;
	size_t last_len;

	/* what the caller had set in the callbacks */
	git_push_update_reference_cb push_update;
	void *push_update_payload;

	/* ssh: the next source of keys (0 agent, 1.. the key files), what was tried */
	size_t ssh_step;
	struct buf tried;
	struct buf skipped; /* keys with a passphrase, no terminal to ask it on */

	/* http(s): the credential last handed to libgit2 */
	int http_tries;
	char *user, *pass;
	int from_cache;    /* that credential is the one this run already stored */
};

/* The credential the last successful http(s) operation used, for the next one of this run. */
static struct {
	char *protocol, *host, *user, *pass;
	int port;
} accepted;

static void free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static void lowercase(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

/* host, [v6], either followed by :port, from `s` up to `end`. */
static void parse_host_port(struct url_parts *u, const char *s, const char *end)
{
	const char *h = s, *he, *colon;

	if (*s == '[' && (he = memchr(s, ']', (size_t)(end - s)))) {
		h = s + 1;
		colon = he + 1 < end && he[1] == ':' ? he + 1 : NULL;
	} else {
		colon = memchr(s, ':', (size_t)(end - s));
		he = colon ? colon : end;
	}
	u->host = xstrndup(h, (size_t)(he - h));
	lowercase(u->host);
	u->port = -1;
	if (colon && colon + 1 < end) {
		char *num = xstrndup(colon + 1, (size_t)(end - colon - 1)), *e;
		long p = strtol(num, &e, 10);

		if (!*e && p > 0 && p < 65536)
			u->port = (int)p;
		free(num);
	}
}

/*
 * scheme://[user[:password]@]host[:port]/path, or the scp-like
 * [user@]host:path that git reads as ssh.
 */
static void url_parse(const char *url, struct url_parts *u)
{
	const char *sep = strstr(url, "://"), *auth, *slash, *at, *colon;

	memset(u, 0, sizeof(*u));
	if (sep) {
		u->protocol = xstrndup(url, (size_t)(sep - url));
		lowercase(u->protocol);
		auth = sep + 3;
		slash = auth + strcspn(auth, "/");
		u->path = xstrdup(*slash ? slash + 1 : "");
		at = NULL;
		for (const char *p = auth; p < slash; p++)
			if (*p == '@')
				at = p;
		if (at) {
			colon = memchr(auth, ':', (size_t)(at - auth));
			u->user = xstrndup(auth, (size_t)((colon ? colon : at) - auth));
			auth = at + 1;
		}
		parse_host_port(u, auth, slash);
		return;
	}
	u->protocol = xstrdup("ssh");
	at = strchr(url, '@');
	colon = strchr(at ? at : url, ':');
	if (at && colon && at < colon) {
		u->user = xstrndup(url, (size_t)(at - url));
		url = at + 1;
	}
	if (*url == '[' && (slash = strchr(url, ']'))) {
		u->host = xstrndup(url + 1, (size_t)(slash - url - 1));
		colon = strchr(slash, ':');
	} else {
		colon = strchr(url, ':');
		u->host = xstrndup(url, colon ? (size_t)(colon - url) : strlen(url));
	}
	lowercase(u->host);
	u->port = -1;
	u->path = xstrdup(colon ? colon + 1 : "");
}

static void url_release(struct url_parts *u)
{
	free(u->protocol);
	free(u->user);
	free(u->host);
	free(u->path);
}

static int is_ssh(const char *protocol)
{
	return !strcmp(protocol, "ssh") || !strcmp(protocol, "ssh+git") ||
	       !strcmp(protocol, "git+ssh");
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return h;
	pw = getpwuid(geteuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

static const char *login_name(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *n;

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	n = getenv("USER");
	if (!n || !*n)
		n = getenv("LOGNAME");
	return n && *n ? n : NULL;
}

/*
 * Sets libgit2's error to the formatted message (what the caller's "cannot
 * fetch: ..." reports) and returns `code`.
 */
__attribute__((format(printf, 2, 3)))
static int fail_with(int code, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	git_error_set_str(GIT_ERROR_NET, buf_str(&b));
	buf_release(&b);
	return code;
}

/* -------- progress -------- */

static void human_bytes(char *out, size_t n, size_t bytes)
{
	if (bytes >= 1024 * 1024)
		snprintf(out, n, "%.2f MiB", (double)bytes / (1024 * 1024));
	else if (bytes >= 1024)
		snprintf(out, n, "%.1f KiB", (double)bytes / 1024);
	else
		snprintf(out, n, "%zu bytes", bytes);
}

/* One line, rewritten in place when the percentage moves. */
static void show_progress(struct transport *t, const char *what, unsigned cur, unsigned total,
			  size_t bytes)
{
	char size[32], line[160];
	int pct = total ? (int)((uint64_t)cur * 100 / total) : 100;
	size_t len;

	if (!t->tty || !total || (t->shown && pct == t->last_pct))
		return;
	human_bytes(size, sizeof(size), bytes);
	snprintf(line, sizeof(line), "%s: %3d%% (%u/%u), %s", what, pct, cur, total, size);
	len = strlen(line);
	/* spaces over the end of a longer previous line */
	fprintf_escaped(stderr, "\r%s%*s", line, t->last_len > len ? (int)(t->last_len - len) : 0, "");
	fflush(stderr);
	t->shown = 1;
	t->last_pct = pct;
	t->last_len = len;
}

static int fetch_progress(const git_indexer_progress *p, void *payload)
{
	show_progress(payload, "receiving objects", p->received_objects, p->total_objects,
		      p->received_bytes);
	return 0;
}

static int push_progress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	show_progress(payload, "sending objects", current, total, bytes);
	return 0;
}

/* The caller's own push_update_reference callback, with its own payload. */
static int push_update(const char *refname, const char *status, void *payload)
{
	struct transport *t = payload;

	return t->push_update(refname, status, t->push_update_payload);
}

/* -------- base64, hashes -------- */

/* Decodes base64 `s` (`n` bytes) into a malloc'd buffer: its length, or -1. */
static long b64_decode(const char *s, size_t n, unsigned char **out)
{
	unsigned char *p;
	size_t pad = 0;
	int len;

	*out = NULL;
	if (!n || n % 4 || n > INT32_MAX)
		return -1;
	while (pad < 2 && s[n - 1 - pad] == '=')
		pad++;
	p = xmalloc(n / 4 * 3 + 1);
	len = EVP_DecodeBlock(p, (const unsigned char *)s, (int)n);
	if (len < 0 || (size_t)len < pad) {
		free(p);
		return -1;
	}
	*out = p;
	return len - (long)pad;
}

/* OpenSSH's fingerprint: "SHA256:" and the unpadded base64 of the key's hash. */
static void fingerprint(char *out, size_t n, const unsigned char *key, size_t len)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
	size_t k;

	SHA256(key, len, md);
	EVP_EncodeBlock(b64, md, sizeof(md));
	k = strlen((char *)b64);
	while (k && b64[k - 1] == '=')
		b64[--k] = '\0';
	snprintf(out, n, "SHA256:%s", (char *)b64);
}

/* -------- ssh host keys -------- */

enum hostkey_state { HOSTKEY_UNKNOWN, HOSTKEY_KNOWN, HOSTKEY_CHANGED, HOSTKEY_REVOKED };

struct hostkey_check {
	const char *name;         /* "host", or "[host]:port" for another port than 22 */
	const unsigned char *key; /* the server's key, in ssh's wire form */
	size_t len;
	char type[64];            /* the key's type, from its wire form ("ssh-ed25519") */
	enum hostkey_state state;
	char *where;              /* "file:line" of the old key, or of the @revoked line */
	char *other_type;         /* a type known for this host that the server did not offer */
};

/* The key type at the start of the wire form: 0, or -1 when malformed. */
static int wire_key_type(const unsigned char *key, size_t len, char *out, size_t n)
{
	uint32_t tl;

	if (len < 4)
		return -1;
	tl = (uint32_t)key[0] << 24 | (uint32_t)key[1] << 16 | (uint32_t)key[2] << 8 | key[3];
	if (tl == 0 || tl >= n || tl > len - 4)
		return -1;
	memcpy(out, key + 4, tl);
	out[tl] = '\0';
	return 0;
}

/* |1|salt|hash: HMAC-SHA1 of the name keyed with the salt, as ssh-keygen -H writes. */
static int hashed_host_matches(const char *field, size_t n, const char *name)
{
	const char *salt = field + 3, *bar, *end = field + n;
	unsigned char *s = NULL, *h = NULL, md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	long sl, hl;
	int match = 0;

	bar = memchr(salt, '|', (size_t)(end - salt));
	if (!bar)
		return 0;
	sl = b64_decode(salt, (size_t)(bar - salt), &s);
	hl = b64_decode(bar + 1, (size_t)(end - bar - 1), &h);
	if (sl > 0 && hl == SHA_DIGEST_LENGTH &&
	    HMAC(EVP_sha1(), s, (int)sl, (const unsigned char *)name, strlen(name), md, &mdlen) &&
	    mdlen == SHA_DIGEST_LENGTH && !memcmp(md, h, SHA_DIGEST_LENGTH))
		match = 1;
	free(s);
	free(h);
	return match;
}

/*
 * ssh's wildcards: * any run of characters, ? one; nothing else is special
 * ("[host]:port" is literal, unlike for fnmatch).
 */
static int wildcard_match(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '*') {
			while (pat[1] == '*')
				pat++;
			if (!pat[1])
				return 1;
			for (; *s; s++)
				if (wildcard_match(pat + 1, s))
					return 1;
			return 0;
		}
		if (!*s || (*pat != '?' && *pat != *s))
			return 0;
	}
	return !*s;
}

/*
 * A comma list of patterns (with * and ?), "!pattern" negating: the line
 * applies when one pattern matches and no negated one does.
 */
static int host_patterns_match(const char *field, size_t n, const char *name)
{
	char *list = xstrndup(field, n), *save = NULL, *p;
	int match = 0;

	lowercase(list);
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		int neg = *p == '!';

		if (!wildcard_match(p + neg, name))
			continue;
		if (neg) {
			match = 0;
			break;
		}
		match = 1;
	}
	free(list);
	return match;
}

/* The next whitespace-separated field of `*p` (up to `end`): its length, 0 at the end. */
static size_t next_field(const char **p, const char *end, const char **field)
{
	const char *s = *p, *e;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	e = s;
	while (e < end && *e != ' ' && *e != '\t')
		e++;
	*field = s;
	*p = e;
	return (size_t)(e - s);
}

static void check_known_hosts_line(struct hostkey_check *c, const char *line, const char *end,
				   const char *file, size_t lineno)
{
	const char *p = line, *marker = NULL, *hosts, *type, *b64;
	size_t mn = 0, hn, tn, bn;
	unsigned char *key = NULL;
	long kl;
	int same_key, host_match;

	hn = next_field(&p, end, &hosts);
	if (!hn || *hosts == '#')
		return;
	if (*hosts == '@') {
		marker = hosts;
		mn = hn;
		hn = next_field(&p, end, &hosts);
	}
	tn = next_field(&p, end, &type);
	bn = next_field(&p, end, &b64);
	if (!hn || !tn || !bn)
		return;
	kl = b64_decode(b64, bn, &key);
	if (kl < 0)
		return;
	same_key = c->len && (size_t)kl == c->len && !memcmp(key, c->key, c->len);
	free(key);
	if (marker && mn == 8 && !memcmp(marker, "@revoked", 8)) {
		/* a revoked key is refused for every host, whatever the patterns say */
		if (same_key) {
			c->state = HOSTKEY_REVOKED;
			free(c->where);
			c->where = xasprintf("%s:%zu", file, lineno);
		}
		return;
	}
	/*
	 * @cert-authority lines trust host certificates signed by a CA;
	 * libssh2 offers no host certificates, only plain keys, so such a
	 * line can never vouch for the key seen here: skipped.
	 */
	if (marker)
		return;
	if (hn > 3 && !memcmp(hosts, "|1|", 3))
		host_match = hashed_host_matches(hosts, hn, c->name);
	else
		host_match = host_patterns_match(hosts, hn, c->name);
	if (!host_match || c->state == HOSTKEY_REVOKED)
		return;
	if (same_key) {
		c->state = HOSTKEY_KNOWN;
	} else if (tn != strlen(c->type) || memcmp(type, c->type, tn)) {
		if (!c->other_type)
			c->other_type = xstrndup(type, tn);
	} else if (c->state != HOSTKEY_KNOWN && !c->where) {
		c->state = HOSTKEY_CHANGED;
		c->where = xasprintf("%s:%zu", file, lineno);
	}
}

/* Reads one known_hosts file (a missing one is empty). */
static void check_known_hosts(struct hostkey_check *c, const char *file)
{
	struct buf b;
	char chunk[8192];
	const char *p, *end, *nl;
	size_t lineno = 0, n;
	FILE *f = fopen(file, "r");

	if (!f)
		return;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < KNOWN_HOSTS_MAX)
		buf_add(&b, chunk, n);
	fclose(f);
	p = buf_str(&b);
	end = p + b.len;
	while (p < end && c->state != HOSTKEY_REVOKED) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		lineno++;
		check_known_hosts_line(c, p, nl > p && nl[-1] == '\r' ? nl - 1 : nl, file, lineno);
		p = nl + 1;
	}
	buf_release(&b);
}

/* "ed25519" for ssh-keyscan -t, from the wire type. */
static const char *keyscan_type(const char *type)
{
	if (!strcmp(type, "ssh-ed25519"))
		return "ed25519";
	if (!strncmp(type, "ecdsa-", 6))
		return "ecdsa";
	if (!strcmp(type, "ssh-rsa"))
		return "rsa";
	if (!strcmp(type, "ssh-dss"))
		return "dsa";
	return type;
}

static void hostkey_advice(const struct transport *t, const struct hostkey_check *c,
			   const char *fp)
{
	const char *host = t->url.host;
	char port[16] = "", sshport[16] = "";

	if (t->url.port > 0 && t->url.port != 22) {
		snprintf(port, sizeof(port), "-p %d ", t->url.port);
		snprintf(sshport, sizeof(sshport), "-p %d ", t->url.port);
	}
	switch (c->state) {
	case HOSTKEY_UNKNOWN:
		error("the ssh host key of '%s' is not known: %s key %s", c->name,
		      keyscan_type(c->type), fp);
		error("if that fingerprint is the server's (ask its owner), trust it with");
		error("  ssh-keyscan %s-t %s %s >>~/.ssh/known_hosts", port, keyscan_type(c->type),
		      host);
		error("or connect once with 'ssh %s%s' and answer yes", sshport, host);
		if (c->other_type)
			error("(known_hosts has a key of type %s for it, but the server offered %s)",
			      keyscan_type(c->other_type), keyscan_type(c->type));
		break;
	case HOSTKEY_CHANGED:
		error("WARNING: the ssh host key of '%s' has CHANGED", c->name);
		error("someone may be intercepting the connection (an attack), or the server's key was replaced");
		error("the key offered now: %s key %s", keyscan_type(c->type), fp);
		error("the old key is at %s; only if the server's owner confirms the new key,", c->where);
		error("remove it with 'ssh-keygen -R \"%s\"' and trust the new one", c->name);
		break;
	case HOSTKEY_REVOKED:
		error("the ssh host key of '%s' (%s) is revoked at %s", c->name, fp, c->where);
		break;
	case HOSTKEY_KNOWN:
		break;
	}
}

/* The server's name in known_hosts: "host", or "[host]:port" for another port than 22. */
static char *known_hosts_name(const struct transport *t, const char *host)
{
	char *name = xstrdup(host ? host : t->url.host);

	lowercase(name);
	if (t->url.port > 0 && t->url.port != 22) {
		char *bracketed = xasprintf("[%s]:%d", name, t->url.port);

		free(name);
		name = bracketed;
	}
	return name;
}

/*
 * libgit2 1.5.1 asks the server only for a host key of the type
 * ~/.ssh/known_hosts lists for it, so a server without such a key fails
 * in the key exchange, before the certificate callback, with a message
 * that does not say why. The explanation for the caller's error, or NULL.
 */
static char *key_exchange_hint(const struct transport *t)
{
	struct hostkey_check c = { 0 };
	char *file = xasprintf("%s/.ssh/known_hosts", home_dir()), *hint = NULL;
	char port[16] = "";

	if (t->url.port > 0 && t->url.port != 22)
		snprintf(port, sizeof(port), " -p %d", t->url.port);
	/* no key and no type: every entry for the host counts as another type */
	c.name = known_hosts_name(t, NULL);
	check_known_hosts(&c, file);
	if (c.other_type)
		hint = xasprintf("; ~/.ssh/known_hosts has a key of type %s for '%s', so only a key of that type "
				 "is asked for: see the server's keys with 'ssh-keyscan%s %s'",
				 keyscan_type(c.other_type), c.name, port, t->url.host);
	free(c.other_type);
	free(c.where);
	free((char *)c.name);
	free(file);
	return hint;
}

static int check_hostkey(struct transport *t, const git_cert_hostkey *cert, const char *host)
{
	struct hostkey_check c = { 0 };
	char *name, *user_file, fp[80];
	int ret;

	/* a new connection: its own credential attempts */
	t->calls = 0;
	t->ssh_step = 0;
	buf_reset(&t->tried);
	buf_reset(&t->skipped);
	if (!(cert->type & GIT_CERT_SSH_RAW) || !cert->hostkey)
		return fail_with(GIT_ECERTIFICATE, "cannot check the ssh host key of '%s': libgit2 gave no key", host);
	t->hostkey_seen = 1;
	name = known_hosts_name(t, host);
	c.name = name;
	c.key = (const unsigned char *)cert->hostkey;
	c.len = cert->hostkey_len;
	if (wire_key_type(c.key, c.len, c.type, sizeof(c.type)) < 0) {
		free(name);
		return fail_with(GIT_ECERTIFICATE, "the ssh server '%s' sent a malformed host key", host);
	}
	user_file = xasprintf("%s/.ssh/known_hosts", home_dir());
	check_known_hosts(&c, user_file);
	if (c.state != HOSTKEY_REVOKED)
		check_known_hosts(&c, "/etc/ssh/ssh_known_hosts");
	fingerprint(fp, sizeof(fp), c.key, c.len);
	if (c.state == HOSTKEY_KNOWN) {
		ret = 0;
	} else {
		if (t->shown)
			fputc('\n', stderr);
		t->shown = 0;
		hostkey_advice(t, &c, fp);
		ret = fail_with(GIT_ECERTIFICATE, "the ssh host key of '%s' is %s; not connecting", c.name,
				c.state == HOSTKEY_CHANGED ? "different from the known one" :
				c.state == HOSTKEY_REVOKED ? "revoked" : "not known");
	}
	free(c.where);
	free(c.other_type);
	free(user_file);
	free(name);
	return ret;
}

static int certificate_check(git_cert *cert, int valid, const char *host, void *payload)
{
	struct transport *t = payload;

	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2)
		return check_hostkey(t, (const git_cert_hostkey *)cert, host);
	if (valid)
		return 0;
	return fail_with(GIT_ECERTIFICATE,
			 "the certificate of %s is not trusted (unknown authority, expired, or for another name); "
			 "if it is right, trust its authority with 'git config --global http.sslCAInfo FILE'",
			 t->server);
}

/* -------- credential helpers (git's protocol) -------- */

struct helpers {
	char **v;
	size_t n, alloc;
};

static void helpers_release(struct helpers *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/*
 * credential.helper from the user's own configuration, in git's order
 * (system, then XDG, then ~/.gitconfig; an empty value clears the list
 * so far); `use_path` gets credential.useHttpPath.
 */
static void helpers_load(struct helpers *h, int *use_path)
{
	static const git_config_level_t levels[] = {
		GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
	};
	git_config *cfg = NULL, *lvl = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;

	*use_path = 0;
	if (git_config_open_default(&cfg) < 0)
		goto out;
	if (git_config_get_bool(use_path, cfg, "credential.usehttppath") < 0)
		*use_path = 0;
	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		if (git_config_open_level(&lvl, cfg, levels[i]) < 0)
			continue;
		if (git_config_multivar_iterator_new(&it, lvl, "credential.helper", NULL) == 0) {
			while (git_config_next(&e, it) == 0) {
				if (!e->value || !*e->value) {
					helpers_release(h);
					continue;
				}
				ALLOC_GROW(h->v, h->n + 1, h->alloc);
				h->v[h->n++] = xstrdup(e->value);
			}
			git_config_iterator_free(it);
			it = NULL;
		}
		git_config_free(lvl);
		lvl = NULL;
	}
out:
	git_config_free(cfg);
	git_error_clear();
}

/* The helper's command line for `action`, as git builds it. */
static char *helper_command(const char *helper, const char *action)
{
	if (*helper == '!')
		return xasprintf("%s %s", helper + 1, action);
	if (*helper == '/')
		return xasprintf("%s %s", helper, action);
	return xasprintf("git credential-%s %s", helper, action);
}

/*
 * Runs one helper with `input` on its stdin; its stdout goes to `out`
 * (NULL: discarded). 0 when it exited 0, else -1.
 */
static int run_helper(const char *helper, const char *action, const char *input, struct buf *out)
{
	int in[2] = { -1, -1 }, outp[2] = { -1, -1 }, status = 0, ret = -1;
	char *cmd = helper_command(helper, action), chunk[4096];
	size_t len = strlen(input), off = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(outp, O_CLOEXEC) < 0)
		goto out;
	pid = fork();
	if (pid < 0)
		goto out;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (dup2(in[0], 0) < 0 || dup2(out ? outp[1] : null, 1) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	in[0] = outp[1] = -1;
	/* a helper that does not read its input gets EPIPE, not a signal (main ignores SIGPIPE) */
	while (off < len && (n = write(in[1], input + off, len - off)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		off += (size_t)n;
	}
	close(in[1]);
	in[1] = -1;
	while ((n = read(outp[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (out && out->len < HELPER_OUT_MAX)
			buf_add(out, chunk, (size_t)n);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ret = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (outp[i] >= 0)
			close(outp[i]);
	}
	free(cmd);
	return ret;
}

/* The request in git's credential format: key=value lines, a blank line. */
static char *helper_input(const struct transport *t, int use_path, const char *user,
			  const char *pass)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "protocol=%s\nhost=%s", t->url.protocol, t->url.host);
	if (t->url.port > 0)
		buf_printf(&b, ":%d", t->url.port);
	buf_addc(&b, '\n');
	if (use_path && *t->url.path)
		buf_printf(&b, "path=%s\n", t->url.path);
	if (user)
		buf_printf(&b, "username=%s\n", user);
	if (pass)
		buf_printf(&b, "password=%s\n", pass);
	buf_addc(&b, '\n');
	return buf_detach(&b);
}

/* A value that would break the line protocol is not sent to a helper. */
static int helper_safe(const char *s)
{
	return !s || !strpbrk(s, "\n\r");
}

/*
 * The URL's parts too: a newline in a host name would let the URL add
 * lines of its own to the request (as in git's CVE-2020-5260).
 */
static int request_safe(const struct transport *t)
{
	return helper_safe(t->url.protocol) && helper_safe(t->url.host) && helper_safe(t->url.path);
}

/* Asks each helper in turn until one gives both a username and a password. */
static void helpers_get(struct transport *t, const char *url_user)
{
	struct helpers h = { 0 };
	int use_path, quit = 0;
	struct buf out;

	if (!helper_safe(url_user) || !request_safe(t))
		return;
	helpers_load(&h, &use_path);
	buf_init(&out);
	for (size_t i = 0; i < h.n && !quit && !(t->user && t->pass); i++) {
		char *in = helper_input(t, use_path, t->user ? t->user : url_user, NULL);
		const char *p, *nl;

		if (out.data)
			explicit_bzero(out.data, out.len);
		buf_reset(&out);
		if (run_helper(h.v[i], "get", in, &out) == 0) {
			for (p = buf_str(&out); *p; p = *nl ? nl + 1 : nl) {
				nl = p + strcspn(p, "\n");
				if (!strncmp(p, "username=", 9) && !t->user)
					t->user = xstrndup(p + 9, (size_t)(nl - p - 9));
				else if (!strncmp(p, "password=", 9) && !t->pass)
					t->pass = xstrndup(p + 9, (size_t)(nl - p - 9));
				else if (!strncmp(p, "quit=", 5) && (p[5] == '1' || p[5] == 't'))
					quit = 1;
			}
		}
		free(in);
	}
	if (out.data)
		explicit_bzero(out.data, out.len);
	buf_release(&out);
	helpers_release(&h);
}

/* Tells every helper that the credential worked ("store") or was refused ("erase"). */
static void helpers_tell(struct transport *t, const char *action)
{
	struct helpers h = { 0 };
	int use_path;
	char *in;

	if (!t->user || !t->pass || !helper_safe(t->user) || !helper_safe(t->pass) ||
	    !request_safe(t))
		return;
	helpers_load(&h, &use_path);
	for (size_t i = 0; i < h.n; i++) {
		in = helper_input(t, use_path, t->user, t->pass);
		run_helper(h.v[i], action, in, NULL);
		free_secret(in);
	}
	helpers_release(&h);
}

/* -------- the terminal -------- */

/* A line read from the terminal `fd` after `prompt`, echoed or not; NULL at EOF. */
static char *tty_ask(int fd, const char *prompt, int echo)
{
	struct termios old, quiet;
	char line[TTY_LINE_MAX], c, *ret = NULL;
	size_t len = 0;
	int restore = 0, ok;
	ssize_t n = 0;

	/* echo off before the prompt shows, or a quick answer could be echoed */
	if (!echo && tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	ok = write(fd, prompt, strlen(prompt)) >= 0;
	while (ok) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (len < sizeof(line) - 1)
			line[len++] = c;
	}
	if (restore) {
		tcsetattr(fd, TCSANOW, &old);
		if (write(fd, "\n", 1) < 0)
			ok = 0;
	}
	line[len] = '\0';
	if (len && line[len - 1] == '\r')
		line[--len] = '\0';
	if (ok && (n > 0 || len))
		ret = xstrdup(line);
	explicit_bzero(line, sizeof(line));
	return ret;
}

/* A prompt only for someone at a terminal: stdin and stderr both one, prompts not turned off. */
static int may_prompt(void)
{
	const char *env = getenv("GIT_TERMINAL_PROMPT");

	if (env && (!strcmp(env, "0") || !strcmp(env, "false")))
		return 0;
	return isatty(0) && isatty(2);
}

static void tty_fill(struct transport *t, const char *url_user)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	char *prompt;

	if (fd < 0)
		return;
	if (t->shown)
		fputc('\n', stderr);
	t->shown = 0;
	if (!t->user && url_user)
		t->user = xstrdup(url_user);
	if (!t->user) {
		prompt = xasprintf("Username for '%s': ", t->server);
		t->user = tty_ask(fd, prompt, 1);
		free(prompt);
	}
	if (t->user && !t->pass) {
		prompt = xasprintf("Password for '%s' at '%s': ", t->user, t->server);
		t->pass = tty_ask(fd, prompt, 0);
		free(prompt);
	}
	close(fd);
}

/* -------- ssh credentials -------- */

/*
 * 1 when the private key file needs a passphrase: OpenSSH's own format
 * names its cipher ("none" when clear), PEM says ENCRYPTED. 0 when it
 * does not, or cannot be told (libssh2 will say).
 */
static int key_encrypted(const char *path)
{
	static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----", magic[] = "openssh-key-v1";
	char data[16384];
	const char *p, *end;
	unsigned char *raw = NULL;
	struct buf b64 = BUF_INIT;
	size_t n;
	long len;
	int enc = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	n = fread(data, 1, sizeof(data) - 1, f);
	fclose(f);
	data[n] = '\0';
	if (strstr(data, "ENCRYPTED"))
		return 1;
	p = strstr(data, begin);
	if (!p || !(end = strstr(p + sizeof(begin) - 1, "-----END")))
		return 0;
	for (p += sizeof(begin) - 1; p < end; p++)
		if (*p != '\n' && *p != '\r' && *p != ' ' && *p != '\t')
			buf_addc(&b64, *p);
	len = b64_decode(buf_str(&b64), b64.len, &raw);
	/* the magic with its NUL, then the cipher's name as an ssh string */
	if (len >= (long)sizeof(magic) + 4 && !memcmp(raw, magic, sizeof(magic))) {
		const unsigned char *c = raw + sizeof(magic);
		uint32_t cl = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];

		enc = !(cl == 4 && len >= (long)sizeof(magic) + 8 && !memcmp(c + 4, "none", 4));
	}
	if (raw)
		explicit_bzero(raw, (size_t)(len > 0 ? len : 0));
	free(raw);
	explicit_bzero(data, sizeof(data));
	buf_release(&b64);
	return enc;
}

/*
 * The passphrase of key file `i` (a copy), asked on the terminal once a
 * run, since fetch and push each connect; NULL when there is no terminal.
 */
static char *ask_passphrase(struct transport *t, size_t i)
{
	static char *remembered[ARRAY_SIZE(ssh_key_names)];
	char *prompt;
	int fd;

	if (!remembered[i]) {
		if (!may_prompt() || (fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0)
			return NULL;
		if (t->shown)
			fputc('\n', stderr);
		t->shown = 0;
		prompt = xasprintf("Passphrase for '~/.ssh/%s': ", ssh_key_names[i]);
		remembered[i] = tty_ask(fd, prompt, 0);
		free(prompt);
		close(fd);
	}
	return remembered[i] ? xstrdup(remembered[i]) : NULL;
}

static int ssh_credential(git_credential **out, struct transport *t, const char *user,
			  unsigned int allowed)
{
	const char *sock = getenv("SSH_AUTH_SOCK"), *name;
	char *priv, *pub, *passphrase = NULL;
	struct buf skipped = BUF_INIT;
	int ret;

	if (!(allowed & GIT_CREDENTIAL_SSH_KEY))
		return fail_with(GIT_EAUTH, "the ssh server '%s' takes no public key for '%s'; "
				 "notebook signs in with ssh keys only", t->url.host, user);
	while (t->ssh_step <= ARRAY_SIZE(ssh_key_names)) {
		size_t step = t->ssh_step++;

		if (step == 0) {
			struct stat st;

			/* a stale SSH_AUTH_SOCK would end the attempts, not skip the agent */
			if (!sock || !*sock || stat(sock, &st) || !S_ISSOCK(st.st_mode))
				continue;
			buf_printf(&t->tried, "%sssh-agent", t->tried.len ? ", " : "");
			return git_credential_ssh_key_from_agent(out, user);
		}
		name = ssh_key_names[step - 1];
		priv = xasprintf("%s/.ssh/%s", home_dir(), name);
		if (access(priv, R_OK)) {
			free(priv);
			continue;
		}
		if (key_encrypted(priv)) {
			passphrase = ask_passphrase(t, step - 1);
			if (!passphrase) {
				buf_printf(&t->skipped, "%s~/.ssh/%s", t->skipped.len ? ", " : "", name);
				free(priv);
				continue;
			}
		}
		pub = xasprintf("%s.pub", priv);
		buf_printf(&t->tried, "%s~/.ssh/%s", t->tried.len ? ", " : "", name);
		/* without the .pub, libssh2 derives the public key from the private one */
		ret = git_credential_ssh_key_new(out, user, access(pub, R_OK) ? NULL : pub, priv,
						 passphrase);
		free_secret(passphrase);
		free(pub);
		free(priv);
		return ret;
	}
	if (t->skipped.len)
		buf_printf(&skipped, " (skipped %s: a key with a passphrase needs a terminal to ask "
			   "it on, or ssh-agent: 'ssh-add')", buf_str(&t->skipped));
	if (!t->tried.len)
		ret = fail_with(GIT_EAUTH, "no ssh key to offer '%s': no ssh-agent (SSH_AUTH_SOCK) and %s "
				"~/.ssh/id_ed25519, id_ecdsa, id_rsa%s; make one with 'ssh-keygen -t ed25519' "
				"and add its .pub to the server's authorized_keys", t->url.host,
				t->skipped.len ? "no usable" : "none of", buf_str(&skipped));
	else
		ret = fail_with(GIT_EAUTH, "the ssh server '%s' refused the keys of '%s' (tried %s)%s; "
				"add your public key to its authorized_keys, or load the right key with 'ssh-add'",
				t->url.host, user, buf_str(&t->tried), buf_str(&skipped));
	buf_release(&skipped);
	return ret;
}

/* -------- http(s) credentials -------- */

static void forget_credential(struct transport *t)
{
	free(t->user);
	free_secret(t->pass);
	t->user = t->pass = NULL;
	t->from_cache = 0;
}

static int same_server(const struct transport *t)
{
	return accepted.host && !strcmp(accepted.protocol, t->url.protocol) &&
	       !strcmp(accepted.host, t->url.host) && accepted.port == t->url.port;
}

static int http_credential(git_credential **out, struct transport *t, const char *url_user)
{
	int ret;

	if (t->user && t->pass) {
		/* asked again: the server refused the last one */
		helpers_tell(t, "erase");
		if (same_server(t)) {
			free_secret(accepted.pass);
			accepted.pass = NULL;
			free(accepted.host);
			accepted.host = NULL;
		}
		if (t->http_tries >= HTTP_TRIES || !may_prompt()) {
			ret = fail_with(GIT_EAUTH, "%s refused the password for '%s' (%d %s); "
					"the credential helpers were told to erase it",
					t->server, t->user, t->http_tries,
					t->http_tries == 1 ? "try" : "tries");
			forget_credential(t);
			return ret;
		}
		forget_credential(t);
	}
	t->http_tries++;
	if (t->http_tries == 1 && same_server(t) && accepted.pass &&
	    (!url_user || !strcmp(url_user, accepted.user))) {
		t->user = xstrdup(accepted.user);
		t->pass = xstrdup(accepted.pass);
		t->from_cache = 1;
	}
	if (!t->from_cache && t->http_tries == 1)
		helpers_get(t, url_user);
	if (!(t->user && t->pass) && may_prompt())
		tty_fill(t, url_user);
	if (!(t->user && t->pass)) {
		forget_credential(t);
		return fail_with(GIT_EAUTH, "%s asks for a username and password, and no credential helper gave them; "
				 "set one up ('git config --global credential.helper store', or 'cache') "
				 "or run sync on a terminal", t->server);
	}
	return git_credential_userpass_plaintext_new(out, t->user, t->pass);
}

static int credential(git_credential **out, const char *url, const char *user_from_url,
		      unsigned int allowed, void *payload)
{
	struct transport *t = payload;
	const char *user;

	if (++t->calls > CRED_CALLS_MAX)
		return fail_with(GIT_EAUTH, "%s refused every credential offered", t->server);
	if (t->ssh) {
		user = user_from_url && *user_from_url ? user_from_url : login_name();
		if (!user)
			return fail_with(GIT_EAUTH, "no user name for ssh: put one in the URL (ssh://USER@%s/...)",
					 t->url.host);
		if (allowed & GIT_CREDENTIAL_USERNAME)
			return git_credential_username_new(out, user);
		return ssh_credential(out, t, user, allowed);
	}
	if (t->http && (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
		return http_credential(out, t, user_from_url && *user_from_url ? user_from_url : NULL);
	return fail_with(GIT_EAUTH, "%s asks for a kind of credential notebook cannot give", t->server);
}

/* -------- setup -------- */

/* http.sslCAInfo and http.sslCAPath from the user's own configuration, once. */
static void ssl_locations(void)
{
	static int done;
	git_config *cfg = NULL;
	git_buf file = { 0 }, dir = { 0 };
	int has_file, has_dir;

	if (done)
		return;
	done = 1;
	if (git_config_open_default(&cfg) < 0)
		goto out;
	has_file = git_config_get_path(&file, cfg, "http.sslcainfo") == 0;
	has_dir = git_config_get_path(&dir, cfg, "http.sslcapath") == 0;
	if ((has_file || has_dir) &&
	    git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, has_file ? file.ptr : NULL,
			     has_dir ? dir.ptr : NULL) < 0) {
		const git_error *e = git_error_last();

		warning("cannot use http.sslCAInfo or http.sslCAPath: %s",
			e && e->message ? e->message : "unknown error");
	}
out:
	git_buf_dispose(&file);
	git_buf_dispose(&dir);
	git_config_free(cfg);
	git_error_clear();
}

struct transport *transport_new(const char *url)
{
	struct transport *t = xcalloc(1, sizeof(*t));

	url_parse(url ? url : "", &t->url);
	t->ssh = strstr(url ? url : "", "://") ? is_ssh(t->url.protocol) :
		 (url && *url && *url != '/' && strchr(url, ':'));
	t->http = !strcmp(t->url.protocol, "http") || !strcmp(t->url.protocol, "https");
	t->server = t->url.port > 0 ? xasprintf("%s://%s:%d", t->url.protocol, t->url.host, t->url.port)
				    : xasprintf("%s://%s", t->url.protocol, t->url.host);
	t->tty = isatty(2);
	t->last_pct = -1;
	buf_init(&t->tried);
	buf_init(&t->skipped);
	if (!strcmp(t->url.protocol, "https"))
		ssl_locations();
	return t;
}

void transport_callbacks(struct transport *t, git_remote_callbacks *cb)
{
	cb->credentials = credential;
	cb->certificate_check = certificate_check;
	cb->transfer_progress = fetch_progress;
	cb->push_transfer_progress = push_progress;
	t->push_update = cb->push_update_reference;
	t->push_update_payload = cb->payload;
	cb->push_update_reference = t->push_update ? push_update : NULL;
	cb->payload = t;
}

void transport_end(struct transport *t, int err)
{
	const git_error *e = git_error_last();
	char *msg = err < 0 && e && e->message ? xstrdup(e->message) : NULL;
	int klass = e ? e->klass : GIT_ERROR_NET;

	if (t->shown)
		fputc('\n', stderr);
	if (!err && t->http && t->user && t->pass && !t->from_cache) {
		helpers_tell(t, "store");
		free(accepted.protocol);
		free(accepted.host);
		free(accepted.user);
		free_secret(accepted.pass);
		accepted.protocol = xstrdup(t->url.protocol);
		accepted.host = xstrdup(t->url.host);
		accepted.user = xstrdup(t->user);
		accepted.pass = xstrdup(t->pass);
		accepted.port = t->url.port;
	}
	if (msg && t->ssh && !t->hostkey_seen) {
		char *hint = key_exchange_hint(t);

		if (hint) {
			char *longer = xasprintf("%s%s", msg, hint);

			free(msg);
			free(hint);
			msg = longer;
		}
	}
	if (msg) {
		git_error_set_str(klass, msg);
		free(msg);
	}
	forget_credential(t);
	buf_release(&t->tried);
	buf_release(&t->skipped);
	url_release(&t->url);
	free(t->server);
	free(t);
}
