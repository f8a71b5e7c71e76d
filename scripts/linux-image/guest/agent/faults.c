/* Faults on the wire, set through rtnetlink on lo:
 *
 *   prio 1: (root, 2 bands, every segment in band 1:1)
 *     |-- netem 10: on 1:1          "fault LOSS DELAY": each segment lost with a probability, delayed
 *     `-- u32 filters, action drop  "aim": only the segments aimed at (the next FIN; the last ACK)
 *
 * The tree exists only while some fault is set; with none, lo has its default queue again. The
 * image keeps only the uapi headers glibc's include, so the few rtnetlink types are written here,
 * as in <linux/netlink.h>, <linux/rtnetlink.h>, <linux/pkt_sched.h>, <linux/pkt_cls.h> and
 * <linux/tc_act/tc_gact.h> (a stable ABI).
 *
 * A segment dropped by the qdisc never reaches lo's packet taps (they come after the queue), so
 * the packet view cannot show it: the agent reads the drop counters instead. prio counts every
 * drop below it (its filters' and netem's); netem its own; the difference is what an aim took. */
#include "agent.h"

#define NETLINK_ROUTE_ 0
#define RTM_NEWQDISC_ 36
#define RTM_DELQDISC_ 37
#define RTM_GETQDISC_ 38
#define RTM_NEWTFILTER_ 44
#define RTM_DELTFILTER_ 45
#define NLMSG_ERROR_ 2
#define NLMSG_DONE_ 3
#define NLM_F_REQUEST_ 0x1
#define NLM_F_ACK_ 0x4
#define NLM_F_DUMP_ 0x300
#define NLM_F_REPLACE_ 0x100
#define NLM_F_EXCL_ 0x200
#define NLM_F_CREATE_ 0x400
#define NLA_F_NESTED_ 0x8000
#define TCA_KIND_ 1
#define TCA_OPTIONS_ 2
#define TCA_STATS_ 3
#define TCA_U32_SEL_ 5
#define TCA_U32_ACT_ 7
#define TCA_ACT_KIND_ 1
#define TCA_ACT_OPTIONS_ 2
#define TCA_GACT_PARMS_ 2
#define TC_ACT_SHOT_ 2
#define TC_U32_TERMINAL_ 1
#define TC_H_ROOT_ 0xFFFFFFFFu
#define PRIO_ROOT 0x10000u  /* 1: */
#define PRIO_BAND 0x10001u  /* 1:1 */
#define NETEM 0xA0000u      /* 10: */
#define FILTER_PRIO 1
#define ALIGN4(n) (((n) + 3u) & ~3u)

struct nlmsghdr_ {
  unsigned len;
  unsigned short type, flags;
  unsigned seq, pid;
};
struct tcmsg_ {
  unsigned char family, pad1;
  unsigned short pad2;
  int ifindex;
  unsigned handle, parent, info;
};
struct rtattr_ {
  unsigned short len, type;
};
/* struct tc_netem_qopt: latency in scheduler ticks (ns >> 6), probabilities scaled to 2^32 - 1. */
struct netem_qopt_ {
  unsigned latency, limit, loss, gap, duplicate, jitter;
};
struct prio_qopt_ {
  int bands;
  unsigned char priomap[16];
};
struct u32_key_ {
  unsigned mask, val; /* network byte order */
  int off, offmask;
};
struct u32_sel_ {
  unsigned char flags, offshift, nkeys, pad;
  unsigned short offmask, off;
  short offoff, hoff;
  unsigned hmask;
  struct u32_key_ keys[4];
};
struct gact_ {
  unsigned index, capab;
  int action, refcnt, bindcnt;
};
struct sockaddr_nl_ {
  unsigned short family, pad;
  unsigned pid, groups;
};

enum aim_kind { AIM_NONE, AIM_FIN, AIM_LAST_ACK };
static const char *aim_names[] = {"off", "fin", "last-ack"};

static struct {
  int loss, delay;      /* netem's; 0 0: nothing */
  int tree;             /* prio 1: and netem 10: are on lo */
  enum aim_kind aim;    /* armed */
  int aim_left;         /* segments it still takes */
  int filtering;        /* its filters are on lo */
  unsigned drops_seen;  /* what the filters had taken when last read */
  long long next_check; /* when to read the counters again (usec_now) */
  char saddr[16], daddr[16];
  int sport, dport;     /* last-ack: the socket that sent the first FIN, whose ACK is aimed at */
} wire;

/* ---- one rtnetlink request ---- */

static struct rtattr_ *attr(char *msg, unsigned short type, const void *data, unsigned len) {
  struct nlmsghdr_ *h = (struct nlmsghdr_ *)msg;
  struct rtattr_ *a = (struct rtattr_ *)(msg + ALIGN4(h->len));
  a->type = type;
  a->len = sizeof *a + len;
  if (len) memcpy(a + 1, data, len);
  h->len = ALIGN4(h->len) + ALIGN4(a->len);
  return a;
}

/* A nested attribute opened with attr(msg, type | NLA_F_NESTED_, 0, 0) is closed here. */
static void close_nest(char *msg, struct rtattr_ *nest) {
  nest->len = (unsigned short)(msg + ((struct nlmsghdr_ *)msg)->len - (char *)nest);
}

static struct tcmsg_ *request(char *msg, unsigned short type, unsigned short flags) {
  memset(msg, 0, 512);
  struct nlmsghdr_ *h = (struct nlmsghdr_ *)msg;
  struct tcmsg_ *tc = (struct tcmsg_ *)(h + 1);
  h->len = sizeof *h + sizeof *tc;
  h->type = type;
  h->flags = NLM_F_REQUEST_ | NLM_F_ACK_ | flags;
  h->seq = 1;
  tc->family = AF_UNSPEC;
  tc->ifindex = if_nametoindex("lo");
  return tc;
}

/* Sends the request and reads the kernel's answer: 0, or -errno. */
static int send_request(char *msg) {
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE_);
  if (s < 0) return -errno;
  struct sockaddr_nl_ kernel = {.family = AF_NETLINK};
  int err = 0;
  if (sendto(s, msg, ((struct nlmsghdr_ *)msg)->len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
    err = -errno;
  } else {
    char answer[1024] __attribute__((aligned(4)));
    ssize_t n = recv(s, answer, sizeof answer, 0);
    struct nlmsghdr_ *r = (struct nlmsghdr_ *)answer;
    if (n < 0) err = -errno;
    else if (n >= (ssize_t)(sizeof *r + sizeof(int)) && r->type == NLMSG_ERROR_) err = *(int *)(r + 1);
  }
  close(s);
  return err;
}

/* ---- the tree ---- */

static int set_netem(unsigned short flags) {
  char msg[512] __attribute__((aligned(4)));
  struct tcmsg_ *tc = request(msg, RTM_NEWQDISC_, flags);
  tc->parent = PRIO_BAND;
  tc->handle = NETEM;
  attr(msg, TCA_KIND_, "netem", 6);
  struct netem_qopt_ q = {0};
  q.latency = (unsigned)((long long)wire.delay * 1000000 >> 6);
  q.limit = 10000; /* packets netem may hold back while it delays them */
  q.loss = wire.loss >= 100 ? 0xFFFFFFFFu : (unsigned)(wire.loss * (0xFFFFFFFFull / 100));
  attr(msg, TCA_OPTIONS_, &q, sizeof q);
  return send_request(msg);
}

static int build_tree(void) {
  char msg[512] __attribute__((aligned(4)));
  struct tcmsg_ *tc = request(msg, RTM_NEWQDISC_, NLM_F_CREATE_ | NLM_F_REPLACE_);
  tc->parent = TC_H_ROOT_;
  tc->handle = PRIO_ROOT;
  attr(msg, TCA_KIND_, "prio", 5);
  struct prio_qopt_ q = {.bands = 2}; /* priomap all 0: every segment in 1:1 */
  attr(msg, TCA_OPTIONS_, &q, sizeof q);
  int err = send_request(msg);
  return err ? err : set_netem(NLM_F_CREATE_ | NLM_F_REPLACE_);
}

static int remove_tree(void) {
  char msg[512] __attribute__((aligned(4)));
  struct tcmsg_ *tc = request(msg, RTM_DELQDISC_, 0);
  tc->parent = TC_H_ROOT_;
  int err = send_request(msg);
  return err == -ENOENT || err == -EINVAL ? 0 : err; /* nothing there to take away */
}

/* One u32 filter on 1: that drops what matches its keys (offsets from the IP header). */
static int add_drop_filter(const struct u32_key_ *keys, int nkeys) {
  char msg[512] __attribute__((aligned(4)));
  struct tcmsg_ *tc = request(msg, RTM_NEWTFILTER_, NLM_F_CREATE_);
  tc->parent = PRIO_ROOT;
  tc->info = (unsigned)FILTER_PRIO << 16 | htons(ETH_P_IP_);
  attr(msg, TCA_KIND_, "u32", 4);
  struct rtattr_ *options = attr(msg, TCA_OPTIONS_ | NLA_F_NESTED_, 0, 0);
  struct u32_sel_ sel = {.flags = TC_U32_TERMINAL_, .nkeys = (unsigned char)nkeys};
  memcpy(sel.keys, keys, nkeys * sizeof *keys);
  attr(msg, TCA_U32_SEL_, &sel, sizeof sel - (4 - nkeys) * sizeof *keys);
  struct rtattr_ *actions = attr(msg, TCA_U32_ACT_ | NLA_F_NESTED_, 0, 0);
  struct rtattr_ *first = attr(msg, 1 | NLA_F_NESTED_, 0, 0);
  attr(msg, TCA_ACT_KIND_, "gact", 5);
  struct rtattr_ *gact_options = attr(msg, TCA_ACT_OPTIONS_ | NLA_F_NESTED_, 0, 0);
  struct gact_ parms = {.action = TC_ACT_SHOT_};
  attr(msg, TCA_GACT_PARMS_, &parms, sizeof parms);
  close_nest(msg, gact_options);
  close_nest(msg, first);
  close_nest(msg, actions);
  close_nest(msg, options);
  return send_request(msg);
}

static int remove_filters(void) {
  char msg[512] __attribute__((aligned(4)));
  struct tcmsg_ *tc = request(msg, RTM_DELTFILTER_, 0);
  tc->parent = PRIO_ROOT;
  tc->info = (unsigned)FILTER_PRIO << 16 | htons(ETH_P_IP_);
  int err = send_request(msg);
  return err == -ENOENT || err == -EINVAL ? 0 : err;
}

static struct u32_key_ key(int off, unsigned mask, unsigned val) {
  return (struct u32_key_){htonl(mask), htonl(val), off, 0};
}

/* The filters of the armed aim. IPv4 with no options (lo's TCP has none), protocol TCP; then:
 * fin: the FIN flag, either way; last-ack: ACK alone with no data (a TCP header of D words and
 * an IP length of 20 + 4D: one filter per D), from the socket that sent the first FIN. */
static int add_aim_filters(void) {
  struct u32_key_ keys[4];
  keys[0] = key(8, 0x00FF0000u, 6u << 16); /* protocol TCP */
  if (wire.aim == AIM_FIN) {
    keys[1] = key(0, 0x0F000000u, 5u << 24);          /* IHL 5 */
    keys[2] = key(32, 0x00010000u, 0x00010000u);      /* FIN */
    return add_drop_filter(keys, 3);
  }
  keys[1] = key(20, 0xFFFFFFFFu, (unsigned)wire.sport << 16 | (unsigned)wire.dport);
  for (unsigned words = 5; words <= 15; words++) {
    keys[2] = key(0, 0x0F00FFFFu, 5u << 24 | (20 + 4 * words));  /* IHL 5, total length */
    keys[3] = key(32, 0xF0FF0000u, words << 28 | 0x10u << 16);     /* data offset, flags: ACK only */
    int err = add_drop_filter(keys, 4);
    if (err) return err;
  }
  return 0;
}

/* ---- drop counters ---- */

/* The drops of prio 1: and netem 10: on lo (struct tc_stats: drops after 8 + 4 bytes). */
static int read_drops(unsigned *prio, unsigned *netem) {
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE_);
  if (s < 0) return -errno;
  char msg[512] __attribute__((aligned(4)));
  struct tcmsg_ *tc = request(msg, RTM_GETQDISC_, NLM_F_DUMP_);
  ((struct nlmsghdr_ *)msg)->flags = NLM_F_REQUEST_ | NLM_F_DUMP_;
  int lo = tc->ifindex;
  struct sockaddr_nl_ kernel = {.family = AF_NETLINK};
  int found = 0;
  if (sendto(s, msg, ((struct nlmsghdr_ *)msg)->len, 0, (struct sockaddr *)&kernel, sizeof kernel) >= 0) {
    static char answer[16384] __attribute__((aligned(4)));
    for (int done = 0; !done;) {
      ssize_t n = recv(s, answer, sizeof answer, 0);
      if (n <= 0) break;
      for (char *at = answer; at + sizeof(struct nlmsghdr_) <= answer + n;) {
        struct nlmsghdr_ *h = (struct nlmsghdr_ *)at;
        if (h->len < sizeof *h || at + h->len > answer + n) break;
        if (h->type == NLMSG_DONE_ || h->type == NLMSG_ERROR_) done = 1;
        struct tcmsg_ *q = (struct tcmsg_ *)(h + 1);
        if (h->type == RTM_NEWQDISC_ && h->len >= sizeof *h + sizeof *q && q->ifindex == lo) {
          char *end = at + h->len;
          for (char *a = (char *)(q + 1); a + sizeof(struct rtattr_) <= end;) {
            struct rtattr_ *r = (struct rtattr_ *)a;
            if (r->len < sizeof *r || a + r->len > end) break;
            if (r->type == TCA_STATS_ && r->len >= sizeof *r + 16) {
              unsigned drops;
              memcpy(&drops, (char *)(r + 1) + 12, 4);
              if (q->handle == PRIO_ROOT) *prio = drops, found |= 1;
              if (q->handle == NETEM) *netem = drops, found |= 2;
            }
            a += ALIGN4(r->len);
          }
        }
        at += ALIGN4(h->len);
      }
    }
  }
  close(s);
  return found == 3 ? 0 : -ENOENT;
}

static unsigned aim_drops(void) {
  unsigned prio = 0, netem = 0;
  return read_drops(&prio, &netem) == 0 ? prio - netem : wire.drops_seen;
}

/* ---- what the page asks ---- */

/* Makes lo what `wire` says: the tree while any fault is set, the aim's filters while it is
 * aimed. Returns 0 or -errno. */
static int apply(int netem_changed) {
  int want_tree = wire.loss || wire.delay || wire.aim != AIM_NONE;
  int want_filters = wire.aim == AIM_FIN || (wire.aim == AIM_LAST_ACK && wire.sport);
  int err = 0;
  if (!want_tree) {
    err = wire.tree ? remove_tree() : 0;
    if (!err) wire.tree = wire.filtering = 0;
    return err;
  }
  if (!wire.tree) {
    if ((err = build_tree())) return err;
    wire.tree = 1;
  } else if (netem_changed && (err = set_netem(NLM_F_REPLACE_))) {
    return err;
  }
  if (want_filters && !wire.filtering) {
    wire.drops_seen = aim_drops();
    if ((err = add_aim_filters())) {
      remove_filters();
      return err;
    }
    wire.filtering = 1;
    wire.next_check = usec_now() + 20000;
  } else if (!want_filters && wire.filtering) {
    if ((err = remove_filters())) return err;
    wire.filtering = 0;
  }
  return 0;
}

/* "fault REQ LOSS DELAY": LOSS percent of the segments on lo lost (100: the cable pulled), each
 * delayed by DELAY ms; "fault REQ 0 0" takes them away. Answers "@ok REQ" or why not. */
void cmd_fault(const char *req, const char *loss_text, const char *delay_text) {
  char *end1, *end2;
  long loss = strtol(loss_text, &end1, 10), delay = strtol(delay_text, &end2, 10);
  if (*end1 || *end2 || loss < 0 || loss > 100 || delay < 0 || delay > 10000) {
    say("@err %s a fault is LOSS 0-100 (percent) and DELAY 0-10000 (ms)", req);
    return;
  }
  int was_loss = wire.loss, was_delay = wire.delay;
  wire.loss = (int)loss;
  wire.delay = (int)delay;
  int err = apply(loss != was_loss || delay != was_delay);
  if (err) {
    wire.loss = was_loss;
    wire.delay = was_delay;
    say("@err %s netem on lo: %s", req, strerror(-err));
    return;
  }
  say("@ok %s", req);
}

static void aim_spent(void) {
  wire.aim = AIM_NONE;
  wire.sport = wire.dport = 0;
  int err = apply(0);
  if (err) say("@log taking an aimed fault away: %s", strerror(-err));
  say("@aim off");
}

/* "aim REQ KIND COUNT": the next COUNT segments of a kind are lost, then the aim is spent
 * ("@aim off"). KIND fin: segments with FIN, either way. KIND last-ack: once a socket sends the
 * first FIN of its connection (it enters FIN-WAIT-1; seen by the state tracepoint, so while
 * watching), the ACKs with no data it sends on that connection: in a close, the last ACK, unless
 * the peer still sends data after the FIN. "aim REQ off 0" takes the aim away. */
void cmd_aim(const char *req, const char *kind, const char *count_text) {
  char *end;
  long count = strtol(count_text, &end, 10);
  enum aim_kind k = AIM_NONE;
  for (int i = 1; i < 3; i++)
    if (!strcmp(kind, aim_names[i])) k = (enum aim_kind)i;
  if (*end || (k == AIM_NONE && strcmp(kind, "off")) || (k != AIM_NONE && (count < 1 || count > 10))) {
    say("@err %s an aim is fin or last-ack and a COUNT of 1-10 segments, or off", req);
    return;
  }
  if (k == AIM_LAST_ACK && trace < 0) {
    say("@err %s last-ack needs the socket states: watch first", req);
    return;
  }
  if (wire.filtering && remove_filters() == 0) wire.filtering = 0;
  wire.aim = k;
  wire.aim_left = (int)count;
  wire.sport = wire.dport = 0;
  int err = apply(0);
  if (err) {
    wire.aim = AIM_NONE;
    apply(0);
    say("@err %s aiming on lo: %s", req, strerror(-err));
    return;
  }
  say("@ok %s", req);
}

/* A socket changed state (the tracepoint): a last-ack aim takes aim at the first to send a FIN. */
void faults_state_change(const char *saddr, int sport, const char *daddr, int dport, int old, int new) {
  if (wire.aim != AIM_LAST_ACK || wire.sport || old != 1 || new != 4) return; /* ESTABLISHED -> FIN_WAIT1 */
  snprintf(wire.saddr, sizeof wire.saddr, "%s", saddr);
  snprintf(wire.daddr, sizeof wire.daddr, "%s", daddr);
  wire.sport = sport;
  wire.dport = dport;
  int err = apply(0);
  if (err) {
    say("@log aiming at the last ACK: %s", strerror(-err));
    aim_spent();
  }
}

/* When the drop counters should be read next: every 20 ms while filters are on, else never (-1). */
long long faults_next_check(void) { return wire.filtering ? wire.next_check : -1; }

/* Reads the counters; says each segment an aim took ("@lost"), and spends the aim at its count. */
void faults_check(void) {
  if (!wire.filtering || usec_now() < wire.next_check) return;
  wire.next_check = usec_now() + 20000;
  unsigned now = aim_drops(), taken = now - wire.drops_seen;
  if (!taken) return;
  wire.drops_seen = now;
  long long when = usec_now();
  for (unsigned i = 0; i < taken; i++) {
    if (wire.aim == AIM_LAST_ACK)
      say("@lost %lld last-ack %s %d %s %d", when, wire.saddr, wire.sport, wire.daddr, wire.dport);
    else
      say("@lost %lld fin - 0 - 0", when);
  }
  wire.aim_left -= (int)taken;
  if (wire.aim_left <= 0) aim_spent();
}
