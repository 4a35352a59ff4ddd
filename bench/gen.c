/*
 * bench/gen: makes a deterministic benchmark notebook.
 *
 *   gen N_CLIENTS N_ENTRIES_PER_CLIENT SEED DIR
 *
 * Writes notebook.yaml, clients/<id>.md and journal/YYYY/MM/…md under DIR
 * (which must not hold a notebook yet), then commits them with the git CLI
 * under a fixed identity and date, so the same arguments always give the
 * same tree and the same commit. Every random choice comes from splitmix64
 * seeded per client, never from the clock or the environment.
 *
 * The notebook is audited as of 2026-11-20 (AS_OF): entries fall in the two
 * years up to that day, and each client is steered towards one contact state
 * (ok, due, overdue, stale, never, snoozed) by where its last contact falls
 * against its cadence. The states the tool computes are the truth; the
 * steering only makes the mix realistic.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "date.h" /* the calendar: src/date.c, linked in */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The fixed "today" of every bench run, and how far back entries go. */
static const int AS_OF_Y = 2026, AS_OF_M = 11, AS_OF_D = 20;
enum { SPAN_DAYS = 730 };

/* ---- random numbers: splitmix64 ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n) for n >= 1. */
static uint32_t below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int between(struct rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability permille / 1000. */
static int chance(struct rng *r, int permille)
{
	return below(r, 1000) < (uint32_t)permille;
}

#define PICK(r, arr) ((arr)[below((r), ARRAY_SIZE(arr))])

/* ---- a growable output buffer ---- */

struct out {
	char *p;
	size_t len, cap;
};

static void out_grow(struct out *o, size_t more)
{
	char *np;
	size_t ncap;

	if (o->len + more + 1 <= o->cap)
		return;
	ncap = o->cap ? o->cap : 4096;
	while (ncap < o->len + more + 1)
		ncap *= 2;
	np = realloc(o->p, ncap);
	if (!np) {
		fputs("gen: out of memory\n", stderr);
		exit(1);
	}
	o->p = np;
	o->cap = ncap;
}

static void out_puts(struct out *o, const char *s)
{
	size_t n = strlen(s);

	out_grow(o, n);
	memcpy(o->p + o->len, s, n + 1);
	o->len += n;
}

static void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	out_grow(o, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(o->p + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

/* ---- word lists ---- */

static const char *const name_first[] = {
	"Harbor", "Kestrel", "Blue Fern", "Northwind", "Copper", "Lakeside", "Summit",
	"Riverbend", "Oakridge", "Silver Birch", "Granite", "Meridian", "Juniper",
	"Falcon", "Redwood", "Bright Path", "Cedar", "Ironbridge", "Maple", "Starling",
	"Thistle", "Willow", "Aurora", "Beacon", "Cobalt", "Driftwood", "Elmstead",
	"Foxglove", "Greystone", "Heron", "Larkspur", "Millbrook", "Pinecrest",
	"Quayside", "Rosewood", "Saltmarsh", "Tidewater", "Upland", "Westgate", "Yarrow",
};
static const char *const name_second[] = {
	"Analytics", "Logistics", "Studio", "Bakery", "Consulting", "Health", "Foods",
	"Robotics", "Architects", "Legal", "Dental", "Media", "Energy", "Capital",
	"Outfitters", "Labs", "Print Works", "Travel", "Builders", "Software",
	"Brewing", "Gardens", "Motors", "Insurance", "Clinic",
};
static const char *const name_suffix[] = { "", "", "", " Ltd", " LLC", " & Co", " Group", " Inc" };
static const char *const given[] = {
	"Jane", "Omar", "Priya", "Tomas", "Aiko", "Lena", "Marcus", "Nadia", "Felix",
	"Grace", "Hugo", "Ines", "Jonas", "Kira", "Luca", "Maya", "Noah", "Olga",
	"Pablo", "Rosa", "Sven", "Tara", "Viktor", "Wen", "Yusuf", "Zoe",
};
static const char *const family[] = {
	"Roe", "Haddad", "Sharma", "Novak", "Tanaka", "Berg", "Okafor", "Petrova",
	"Laurent", "Kim", "Moreau", "Silva", "Fischer", "Costa", "Rossi", "Patel",
	"Nguyen", "Ivanova", "Garcia", "Jensen", "Larsen", "Horvat", "Chen", "Ali",
};
static const char *const roles[] = {
	"COO", "CEO", "CFO", "Head of Operations", "Procurement Lead", "Founder",
	"Marketing Director", "Office Manager", "Programme Manager", "Finance Lead",
};
static const char *const owners[] = { "sam", "alex", "jo", "ravi", "mia" };
static const char *const tags[] = {
	"consulting", "retainer", "design", "audit", "training", "restructuring",
	"marketing", "legal", "onboarding", "strategy", "quarterly", "workshop",
};
static const char *const moods[] = {
	"pleased", "frustrated", "curious", "anxious", "relieved", "busy", "warm",
	"guarded", "enthusiastic", "tired",
};
static const char *const cadences[] = { "21d", "2w", "1m", "6w", "45d", "2m" };
static const char *const words[] = {
	"the", "team", "plan", "budget", "review", "timeline", "meeting", "agreed", "asked",
	"about", "their", "new", "office", "project", "scope", "contract", "renewal", "next",
	"quarter", "staff", "training", "feedback", "delivery", "report", "numbers", "risk",
	"register", "invoice", "schedule", "workshop", "draft", "proposal", "pricing",
	"concerns", "raised", "shared", "follow", "up", "with", "on", "for", "and", "to",
	"we", "they", "she", "he", "discussed", "options", "hiring", "supplier", "launch",
	"website", "campaign", "results", "survey", "customers", "onboarding", "handover",
	"questions", "clear", "slow", "quick", "good", "worried", "happy", "later", "week",
	"month", "board", "sign", "off", "priorities", "roadmap", "data", "migration",
	"audit", "costs", "savings", "goals", "partners", "visit", "call", "notes",
};
static const char *const promise_verbs[] = {
	"Send", "Share", "Draft", "Book", "Prepare", "Review", "Call back about",
	"Confirm", "Update", "Introduce them to",
};
static const char *const promise_objects[] = {
	"the revised timeline", "the risk register", "the pricing options",
	"the workshop agenda", "the survey results", "the contract renewal",
	"a partner for the migration", "the quarterly report", "the hiring plan",
	"the onboarding checklist", "the budget summary", "the supplier shortlist",
};

/* ---- kinds and the shape of a client ---- */

enum kind { K_CALL, K_MEETING, K_EMAIL, K_MESSAGE, K_THANKS, K_APOLOGY, K_CHECKIN, K_FEEDBACK, K_NOTE };
static const char *const kind_names[] = {
	"call", "meeting", "email", "message", "thanks", "apology", "check-in", "feedback", "note",
};

/* What a client is steered towards (the tool decides what it really is). */
enum aim { AIM_OK, AIM_DUE, AIM_OVERDUE, AIM_STALE, AIM_NEVER };

enum trust_story { TS_HEALTHY, TS_STRAINED, TS_REPAIRING, TS_FILE, TS_RECOVERED };

struct client {
	char *id;
	char *name;
	enum aim aim;
};

struct entry {
	int32_t day;
	enum kind kind;
	int hour, minute, offset_h; /* hour >= 0: a date-time */
	int satisfaction;          /* 0: none */
	const char *trust;         /* NULL: none */
	long other;                /* a second client, or -1 */
	int promise;               /* 0 none, 1 open, 2 done */
	int32_t promise_due;
	int suffix;                /* file name -N, 0 for none */
};

struct gen {
	long nclients, nentries;
	uint64_t seed;
	const char *dir;
	int32_t as_of;
	struct client *clients;
	char made_month[8][13]; /* journal/YYYY/MM made, years AS_OF-5 .. */
	struct out path;
	long files;
};

static void die_errno(const char *what, const char *path)
{
	fprintf(stderr, "gen: cannot %s '%s': %s\n", what, path, strerror(errno));
	exit(1);
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die_errno("create directory", path);
}

/* Writes `o` to DIR/rel (rel relative to the notebook root). */
static void write_out(struct gen *g, const char *rel, const struct out *o)
{
	size_t off = 0;
	int fd;

	g->path.len = 0;
	out_printf(&g->path, "%s/%s", g->dir, rel);
	fd = open(g->path.p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die_errno("create", g->path.p);
	while (off < o->len) {
		ssize_t n = write(fd, o->p + off, o->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die_errno("write", g->path.p);
		}
		off += (size_t)n;
	}
	if (close(fd) < 0)
		die_errno("close", g->path.p);
	g->files++;
}

static struct rng client_rng(const struct gen *g, long i, uint64_t stream)
{
	struct rng r = { g->seed ^ (UINT64_C(0xD1B54A32D192ED03) * (uint64_t)(i + 1)) ^ (stream << 56) };

	rng_next(&r);
	return r;
}

/* Lowercase ASCII, runs of anything else to one '-', trimmed. */
static char *slug(const char *name, long i)
{
	struct out o = { 0 };
	int dash = 0;

	for (const char *p = name; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o.len) {
				out_puts(&o, "-");
			}
			dash = 0;
			out_grow(&o, 1);
			o.p[o.len++] = c;
			o.p[o.len] = '\0';
		} else {
			dash = 1;
		}
	}
	out_printf(&o, "-%ld", i);
	return o.p;
}

/*
 * Words up to about `target` bytes, as sentences wrapped at 72 columns (at
 * `wrap` columns: a YAML value is written as one line with a huge one).
 */
static void add_text(struct out *o, struct rng *r, size_t target, size_t wrap)
{
	size_t start = o->len, col = 0;
	int in_sentence = 0, left = 0;

	while (o->len - start < target) {
		const char *w = PICK(r, words);
		size_t wl = strlen(w);

		if (col && col + wl + 1 > wrap) {
			out_puts(o, "\n");
			col = 0;
		} else if (col) {
			out_puts(o, " ");
			col++;
		}
		if (!in_sentence) {
			out_grow(o, wl);
			o->p[o->len] = (char)(w[0] - 'a' + 'A');
			memcpy(o->p + o->len + 1, w + 1, wl);
			o->len += wl;
			left = between(r, 5, 13);
			in_sentence = 1;
		} else {
			out_puts(o, w);
		}
		col += wl;
		if (--left <= 0) {
			out_puts(o, ".");
			col++;
			in_sentence = 0;
		}
	}
	if (in_sentence)
		out_puts(o, ".");
	out_puts(o, "\n");
}

static void add_prose(struct out *o, struct rng *r, size_t target)
{
	add_text(o, r, target, 72);
}

static void add_promise(struct out *o, struct rng *r, int done, int32_t due)
{
	char d[11];

	date_format(due, d);
	out_printf(o, "- [%c] %s %s due:%s\n", done ? 'x' : ' ', PICK(r, promise_verbs),
		   PICK(r, promise_objects), d);
}

/* Rough length of a duration in days, for steering only. */
static int approx_days(const char *dur)
{
	int n = atoi(dur);
	switch (dur[strlen(dur) - 1]) {
	case 'w': return n * 7;
	case 'm': return n * 30;
	case 'y': return n * 365;
	default: return n;
	}
}

static int tag_cadence_days(const char *tag)
{
	if (!strcmp(tag, "retainer"))
		return 21;
	if (!strcmp(tag, "onboarding"))
		return 14;
	if (!strcmp(tag, "quarterly"))
		return 91;
	return 0;
}

static void write_notebook_yaml(struct gen *g)
{
	struct out o = { 0 };

	out_puts(&o,
		 "# A generated benchmark notebook (bench/gen); audited as of 2026-11-20.\n"
		 "owner: Sam Lee\n"
		 "timezone: UTC\n"
		 "cadence:\n"
		 "  key: 14d\n"
		 "  regular: 30d\n"
		 "  occasional: 90d\n"
		 "tag-cadence:\n"
		 "  retainer: 21d\n"
		 "  onboarding: 2w\n"
		 "  quarterly: 3m\n"
		 "due-soon: 3d\n"
		 "gratitude: 90d\n"
		 "repair-checkin: 7d\n"
		 "remote: origin\n");
	write_out(g, "notebook.yaml", &o);
	free(o.p);
}

static void make_month_dir(struct gen *g, int y, int m)
{
	int yi = y - (AS_OF_Y - 5);
	char p[4096];

	if (yi < 0 || yi >= 8) {
		fprintf(stderr, "gen: year %d out of range\n", y);
		exit(1);
	}
	if (g->made_month[yi][m])
		return;
	if (!g->made_month[yi][0]) {
		snprintf(p, sizeof(p), "%s/journal/%04d", g->dir, y);
		make_dir(p);
		g->made_month[yi][0] = 1;
	}
	snprintf(p, sizeof(p), "%s/journal/%04d/%02d", g->dir, y, m);
	make_dir(p);
	g->made_month[yi][m] = 1;
}

static enum kind contact_kind(struct rng *r)
{
	uint32_t x = below(r, 100);

	if (x < 26) return K_CALL;
	if (x < 46) return K_MEETING;
	if (x < 71) return K_EMAIL;
	if (x < 81) return K_MESSAGE;
	if (x < 88) return K_THANKS;
	if (x < 94) return K_CHECKIN;
	if (x < 99) return K_FEEDBACK;
	return K_APOLOGY;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* One client: its file and its entries. */
static void gen_client(struct gen *g, long i, struct entry *ev, struct out *o)
{
	struct client *c = &g->clients[i];
	struct rng r = client_rng(g, i, 1);
	const char *status = "active", *tier, *cadence = NULL, *trust = NULL, *fit = NULL;
	const char *ctags[3];
	int ntags = 0, has_since, cd, gap, declining, thanks_recent, contact_lo;
	int32_t since = 0, snooze = 0, first = g->as_of - (SPAN_DAYS - 1), last;
	enum trust_story story = TS_HEALTHY;
	size_t target;
	char d[11], contact_names[3][40], rel[256];
	int ncontacts;
	long n = g->nentries;
	uint32_t x;

	/* The client file. */
	x = below(&r, 100);
	status = x < 80 ? "active" : x < 88 ? "prospect" : x < 95 ? "paused" : "former";
	x = below(&r, 100);
	tier = x < 15 ? "key" : x < 70 ? "regular" : "occasional";
	for (int k = between(&r, 0, 3); k > 0; k--) {
		const char *t = PICK(&r, tags);
		int dup = 0;
		for (int j = 0; j < ntags; j++)
			dup |= !strcmp(ctags[j], t);
		if (!dup && ntags < 3)
			ctags[ntags++] = t;
	}
	if (chance(&r, 100))
		cadence = PICK(&r, cadences);
	x = below(&r, 100);
	story = x < 88 ? TS_HEALTHY : x < 92 ? TS_STRAINED : x < 96 ? TS_REPAIRING
		: x < 98 ? TS_FILE : TS_RECOVERED;
	if (story == TS_FILE)
		trust = chance(&r, 500) ? "strained" : "repairing";
	else if (story == TS_RECOVERED)
		trust = "strained";
	if (chance(&r, 50))
		fit = "questionable";
	else if (chance(&r, 20))
		fit = "poor";
	else if (chance(&r, 300))
		fit = "good";
	declining = chance(&r, 80);
	thanks_recent = chance(&r, 650);

	/* Steering: the cadence the rules will likely pick, and the last contact. */
	cd = !strcmp(tier, "key") ? 14 : !strcmp(tier, "regular") ? 30 : 90;
	if (cadence) {
		cd = approx_days(cadence);
	} else {
		int best = 0;
		for (int j = 0; j < ntags; j++) {
			int t = tag_cadence_days(ctags[j]);
			if (t && (!best || t < best))
				best = t;
		}
		if (best)
			cd = best;
	}
	if (story == TS_STRAINED || story == TS_REPAIRING || story == TS_FILE)
		cd = cd < 7 ? cd : 7;
	switch (c->aim) {
	case AIM_OK: gap = between(&r, 0, cd > 4 ? cd - 4 : 0); break;
	case AIM_DUE: gap = between(&r, cd > 3 ? cd - 3 : 0, cd); break;
	case AIM_OVERDUE: gap = between(&r, cd + 1, 2 * cd - 1); break;
	case AIM_STALE: gap = between(&r, 2 * cd, 2 * cd + 200); break;
	default: gap = 0; break;
	}
	if (gap > SPAN_DAYS - 30)
		gap = SPAN_DAYS - 30;
	last = g->as_of - gap;

	has_since = c->aim == AIM_NEVER ? chance(&r, 330) : chance(&r, 700);
	if (has_since)
		since = c->aim == AIM_NEVER ? g->as_of - between(&r, 0, 120) : first - between(&r, 1, 1500);
	if (chance(&r, 50))
		snooze = g->as_of + between(&r, 1, 45);
	else if (chance(&r, 20))
		snooze = g->as_of - between(&r, 1, 60);

	o->len = 0;
	out_puts(o, "---\n");
	out_printf(o, "name: %s\n", c->name);
	if (strcmp(status, "active") || chance(&r, 600))
		out_printf(o, "status: %s\n", status);
	if (strcmp(tier, "regular") || chance(&r, 600))
		out_printf(o, "tier: %s\n", tier);
	if (cadence)
		out_printf(o, "cadence: %s\n", cadence);
	if (snooze) {
		date_format(snooze, d);
		out_printf(o, "snooze: %s\n", d);
	}
	if (has_since) {
		date_format(since, d);
		out_printf(o, "since: %s\n", d);
	}
	if (chance(&r, 600))
		out_printf(o, "owner: %s\n", PICK(&r, owners));
	if (ntags) {
		out_puts(o, "tags: [");
		for (int j = 0; j < ntags; j++)
			out_printf(o, "%s%s", j ? ", " : "", ctags[j]);
		out_puts(o, "]\n");
	}
	if (trust)
		out_printf(o, "trust: %s\n", trust);
	if (fit)
		out_printf(o, "fit: %s\n", fit);
	ncontacts = between(&r, 1, 3);
	out_puts(o, "contacts:\n");
	for (int j = 0; j < ncontacts; j++) {
		const char *gn = PICK(&r, given), *fn = PICK(&r, family);
		snprintf(contact_names[j], sizeof(contact_names[j]), "%s %s", gn, fn);
		out_printf(o, "  - name: %s\n", contact_names[j]);
		out_printf(o, "    role: %s\n", PICK(&r, roles));
		out_printf(o, "    email: %c%s.%c%s@%s.example\n", gn[0] - 'A' + 'a', gn + 1,
			   fn[0] - 'A' + 'a', fn + 1, c->id);
		if (chance(&r, 700))
			out_printf(o, "    phone: \"+44 20 7946 %04u\"\n", below(&r, 10000));
	}
	if (chance(&r, 600)) {
		static const char *const parts[] = { "says", "thinks", "does", "feels" };
		out_puts(o, "empathy:\n");
		for (size_t j = 0; j < ARRAY_SIZE(parts); j++) {
			out_printf(o, "  %s: ", parts[j]);
			add_text(o, &r, (size_t)between(&r, 30, 90), SIZE_MAX);
		}
	}
	out_puts(o, "---\n");
	out_printf(o, "# %s\n\n", c->name);
	target = (size_t)between(&r, 1150, 2750);
	{
		int npromises = between(&r, 0, 3);
		size_t tail = npromises ? 16 + (size_t)npromises * 60 : 0;
		while (o->len + tail + 40 < target) {
			size_t room = target - tail - o->len;
			size_t want = (size_t)between(&r, 120, 400);
			add_prose(o, &r, want < room ? want : room);
			out_puts(o, "\n");
		}
		if (npromises) {
			out_puts(o, "## Promises\n\n");
			for (int j = 0; j < npromises; j++) {
				int32_t due = g->as_of + between(&r, -60, 60);
				add_promise(o, &r, due < g->as_of && chance(&r, 750), due);
			}
		}
	}
	snprintf(rel, sizeof(rel), "clients/%s.md", c->id);
	write_out(g, rel, o);

	/* The entries: which days and kinds. */
	contact_lo = first;
	for (long k = 0; k < n; k++) {
		struct entry *e = &ev[k];
		memset(e, 0, sizeof(*e));
		e->hour = -1;
		e->other = -1;
		if (c->aim == AIM_NEVER || chance(&r, 100)) {
			e->kind = K_NOTE;
			e->day = between(&r, first, g->as_of);
		} else {
			e->kind = contact_kind(&r);
			e->day = between(&r, contact_lo, last);
		}
	}
	if (c->aim != AIM_NEVER && n > 0) {
		/* The last contact itself, a recent thanks, and the trust story. */
		ev[0].kind = chance(&r, 500) ? K_CALL : K_MEETING;
		ev[0].day = last;
		if (declining)
			ev[0].satisfaction = between(&r, 1, 2);
		if (thanks_recent && n > 1) {
			ev[1].kind = K_THANKS;
			ev[1].day = between(&r, last - 60 > first ? last - 60 : first, last);
		}
		if (story == TS_STRAINED || story == TS_REPAIRING || story == TS_RECOVERED) {
			int32_t lo = last - 120 > first ? last - 120 : first;
			if (n > 2) {
				ev[2].kind = K_FEEDBACK;
				ev[2].day = between(&r, lo, last);
				ev[2].trust = "strained";
				ev[2].satisfaction = between(&r, 1, 3);
			}
			if (story == TS_REPAIRING && n > 3) {
				ev[3].kind = K_APOLOGY;
				ev[3].day = between(&r, ev[2].day, last);
				ev[3].trust = "repairing";
			}
			if (story == TS_RECOVERED) {
				ev[0].kind = K_CHECKIN;
				ev[0].trust = "healthy";
			}
		}
	}
	for (long k = 0; k < n; k++) {
		struct entry *e = &ev[k];
		if (e->kind == K_NOTE)
			continue;
		if (!e->satisfaction && chance(&r, 300))
			e->satisfaction = declining ? between(&r, 2, 5) : chance(&r, 150) ? 3 : between(&r, 4, 5);
		if (chance(&r, 20)) {
			e->hour = between(&r, 2, 22);
			e->minute = between(&r, 0, 11) * 5;
			e->offset_h = between(&r, 0, 1);
		}
		if (g->nclients > 1 && chance(&r, 10) && e->kind != K_THANKS && !e->trust) {
			long other = (long)below(&r, (uint32_t)g->nclients);
			if (other != i && g->clients[other].aim != AIM_NEVER) {
				e->other = other;
				e->kind = K_MEETING;
			}
		}
		if (chance(&r, 80)) {
			e->promise_due = e->day + between(&r, 7, 30);
			e->promise = e->promise_due < g->as_of - 14 ? (chance(&r, 930) ? 2 : 1)
								   : (chance(&r, 200) ? 2 : 1);
		}
	}

	/* File names: YYYY-MM-DD-<id>-<kind>[-N].md, -2, -3 … on a clash. */
	qsort(ev, (size_t)n, sizeof(*ev), cmp_entry);
	for (long k = 1; k < n; k++)
		if (ev[k].day == ev[k - 1].day && ev[k].kind == ev[k - 1].kind)
			ev[k].suffix = ev[k - 1].suffix ? ev[k - 1].suffix + 1 : 2;

	for (long k = 0; k < n; k++) {
		struct entry *e = &ev[k];
		int y, m, dd;

		date_to_ymd(e->day, &y, &m, &dd);
		date_format(e->day, d);
		make_month_dir(g, y, m);
		o->len = 0;
		out_puts(o, "---\n");
		if (e->other >= 0)
			out_printf(o, "clients: [%s, %s]\n", c->id, g->clients[e->other].id);
		else
			out_printf(o, "client: %s\n", c->id);
		if (e->hour >= 0)
			out_printf(o, "date: %sT%02d:%02d:00%s\n", d, e->hour, e->minute,
				   e->offset_h ? "+01:00" : "Z");
		else
			out_printf(o, "date: %s\n", d);
		out_printf(o, "kind: %s\n", kind_names[e->kind]);
		if (e->kind != K_NOTE && e->kind != K_EMAIL && chance(&r, 500))
			out_printf(o, "with: [%s]\n", contact_names[below(&r, (uint32_t)ncontacts)]);
		if (e->kind != K_NOTE && chance(&r, 250))
			out_printf(o, "mood: %s\n", PICK(&r, moods));
		if (e->satisfaction)
			out_printf(o, "satisfaction: %d\n", e->satisfaction);
		if (e->trust)
			out_printf(o, "trust: %s\n", e->trust);
		out_puts(o, "---\n");
		target = (size_t)between(&r, 340, 940);
		{
			size_t tail = e->promise ? 80 : 0;
			int para = 0;
			while (o->len + tail + 10 < target) {
				size_t room = target - tail - o->len;
				if (para++)
					out_puts(o, "\n");
				size_t want = (size_t)between(&r, 100, 300);
				add_prose(o, &r, want < room ? want : room);
			}
			if (e->promise) {
				out_puts(o, "\n");
				add_promise(o, &r, e->promise == 2, e->promise_due);
			}
		}
		if (e->suffix)
			snprintf(rel, sizeof(rel), "journal/%04d/%02d/%s-%s-%s-%d.md", y, m, d, c->id,
				 kind_names[e->kind], e->suffix);
		else
			snprintf(rel, sizeof(rel), "journal/%04d/%02d/%s-%s-%s.md", y, m, d, c->id,
				 kind_names[e->kind]);
		write_out(g, rel, o);
	}
}

/* Runs git with a fixed identity, date and configuration in the notebook. */
static void run_git(const char *dir, const char *const *args)
{
	const char *argv[32];
	size_t n = 0;
	pid_t pid;
	int st;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = dir;
	argv[n++] = "-c";
	argv[n++] = "user.name=Bench Generator";
	argv[n++] = "-c";
	argv[n++] = "user.email=bench@example.com";
	argv[n++] = "-c";
	argv[n++] = "commit.gpgsign=false";
	argv[n++] = "-c";
	argv[n++] = "core.autocrlf=false";
	while (*args && n < ARRAY_SIZE(argv) - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	pid = fork();
	if (pid < 0)
		die_errno("fork for", "git");
	if (pid == 0) {
		setenv("GIT_AUTHOR_DATE", "2026-11-20T09:00:00Z", 1);
		setenv("GIT_COMMITTER_DATE", "2026-11-20T09:00:00Z", 1);
		setenv("GIT_AUTHOR_NAME", "Bench Generator", 1);
		setenv("GIT_COMMITTER_NAME", "Bench Generator", 1);
		setenv("GIT_AUTHOR_EMAIL", "bench@example.com", 1);
		setenv("GIT_COMMITTER_EMAIL", "bench@example.com", 1);
		unsetenv("GIT_DIR");
		unsetenv("GIT_WORK_TREE");
		unsetenv("GIT_INDEX_FILE");
		execvp("git", (char *const *)argv);
		fprintf(stderr, "gen: cannot run git: %s\n", strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "gen: 'git %s' failed\n", argv[11]);
		exit(1);
	}
}

static int parse_long(const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct gen g = { 0 };
	struct out o = { 0 };
	struct entry *ev;
	struct stat st;
	unsigned long long seed;
	char *end, p[4096];

	if (argc != 5) {
		fputs("usage: gen N_CLIENTS N_ENTRIES_PER_CLIENT SEED DIR\n", stderr);
		return 2;
	}
	errno = 0;
	seed = strtoull(argv[3], &end, 10);
	if (parse_long(argv[1], 1000000, &g.nclients) < 0 ||
	    parse_long(argv[2], 10000, &g.nentries) < 0 || errno || end == argv[3] || *end) {
		fputs("gen: N_CLIENTS (0..1000000), N_ENTRIES_PER_CLIENT (0..10000) and SEED must be numbers\n",
		      stderr);
		return 2;
	}
	g.seed = seed;
	g.dir = argv[4];
	date_from_ymd(AS_OF_Y, AS_OF_M, AS_OF_D, &g.as_of);

	make_dir(g.dir);
	snprintf(p, sizeof(p), "%s/notebook.yaml", g.dir);
	if (lstat(p, &st) == 0) {
		fprintf(stderr, "gen: '%s' already holds a notebook; remove it first\n", g.dir);
		return 1;
	}
	snprintf(p, sizeof(p), "%s/clients", g.dir);
	make_dir(p);
	snprintf(p, sizeof(p), "%s/journal", g.dir);
	make_dir(p);

	/* Names, ids and aims first: entries may name a second client. */
	g.clients = calloc((size_t)g.nclients + 1, sizeof(*g.clients));
	ev = calloc((size_t)g.nentries + 1, sizeof(*ev));
	if (!g.clients || !ev) {
		fputs("gen: out of memory\n", stderr);
		return 1;
	}
	for (long i = 0; i < g.nclients; i++) {
		struct rng r = client_rng(&g, i, 0);
		struct client *c = &g.clients[i];
		uint32_t a = below(&r, 1000);

		o.len = 0;
		out_printf(&o, "%s %s%s", PICK(&r, name_first), PICK(&r, name_second),
			   PICK(&r, name_suffix));
		c->name = strdup(o.p);
		c->id = slug(c->name, i + 1);
		c->aim = a < 30 ? AIM_NEVER : a < 500 ? AIM_OK : a < 600 ? AIM_DUE : a < 800 ? AIM_OVERDUE
										     : AIM_STALE;
	}

	write_notebook_yaml(&g);
	for (long i = 0; i < g.nclients; i++)
		gen_client(&g, i, ev, &o);

	{
		const char *init[] = { "init", "-q", "-b", "main", NULL };
		const char *add[] = { "add", "-A", NULL };
		char msg[128];
		const char *commit[] = { "commit", "-q", "--no-verify", "-m", msg, NULL };

		snprintf(msg, sizeof(msg), "bench: %ld clients, %ld entries each, seed %llu",
			 g.nclients, g.nentries, seed);
		run_git(g.dir, init);
		run_git(g.dir, add);
		run_git(g.dir, commit);
	}
	printf("gen: %ld files in %s\n", g.files, g.dir);

	for (long i = 0; i < g.nclients; i++) {
		free(g.clients[i].id);
		free(g.clients[i].name);
	}
	free(g.clients);
	free(ev);
	free(o.p);
	free(g.path.p);
	return 0;
}
