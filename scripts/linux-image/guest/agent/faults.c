/* Faults on the wire: the kernel's netem qdisc on lo, set and removed through rtnetlink. Every
 * segment on loopback then passes netem: lost with a probability, delayed by a time. The image
 * keeps only the uapi headers glibc's include, so the few rtnetlink types are written here, as in
 * <linux/netlink.h>, <linux/rtnetlink.h> and <linux/pkt_sched.h> (a stable ABI). */
#include "agent.h"

#define NETLINK_ROUTE_ 0
#define RTM_NEWQDISC_ 36
#define RTM_DELQDISC_ 37
#define NLMSG_ERROR_ 2
#define NLM_F_REQUEST_ 0x1
#define NLM_F_ACK_ 0x4
#define NLM_F_REPLACE_ 0x100
#define NLM_F_CREATE_ 0x400
#define TCA_KIND_ 1
#define TCA_OPTIONS_ 2
#define TC_H_ROOT_ 0xFFFFFFFFu
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
struct sockaddr_nl_ {
  unsigned short family, pad;
  unsigned pid, groups;
};

static struct {
  int loss, delay; /* what is set now; 0 0: nothing */
} fault;

static void *attr(char *msg, unsigned short type, const void *data, unsigned len) {
  struct nlmsghdr_ *h = (struct nlmsghdr_ *)msg;
  struct rtattr_ *a = (struct rtattr_ *)(msg + ALIGN4(h->len));
  a->type = type;
  a->len = sizeof *a + len;
  if (len) memcpy(a + 1, data, len);
  h->len = ALIGN4(h->len) + ALIGN4(a->len);
  return a;
}

/* Sends one qdisc request on lo and reads the kernel's answer: 0, or -errno. */
static int qdisc(unsigned short type, int loss, int delay_ms) {
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE_);
  if (s < 0) return -errno;
  char msg[256] __attribute__((aligned(4))) = {0};
  struct nlmsghdr_ *h = (struct nlmsghdr_ *)msg;
  struct tcmsg_ *tc = (struct tcmsg_ *)(h + 1);
  h->len = sizeof *h + sizeof *tc;
  h->type = type;
  h->flags = NLM_F_REQUEST_ | NLM_F_ACK_ | (type == RTM_NEWQDISC_ ? NLM_F_CREATE_ | NLM_F_REPLACE_ : 0);
  h->seq = 1;
  tc->family = AF_UNSPEC;
  tc->ifindex = if_nametoindex("lo");
  tc->parent = TC_H_ROOT_;
  tc->handle = type == RTM_NEWQDISC_ ? 0x10000u : 0; /* 1: */
  if (type == RTM_NEWQDISC_) {
    attr(msg, TCA_KIND_, "netem", 6);
    struct netem_qopt_ q = {0};
    q.latency = (unsigned)((long long)delay_ms * 1000000 >> 6);
    q.limit = 10000; /* packets netem may hold back while it delays them */
    q.loss = loss >= 100 ? 0xFFFFFFFFu : (unsigned)(loss * (0xFFFFFFFFull / 100));
    attr(msg, TCA_OPTIONS_, &q, sizeof q);
  }
  struct sockaddr_nl_ kernel = {.family = AF_NETLINK};
  int err = 0;
  if (sendto(s, msg, h->len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
    err = -errno;
  } else {
    char answer[512] __attribute__((aligned(4)));
    ssize_t n = recv(s, answer, sizeof answer, 0);
    struct nlmsghdr_ *r = (struct nlmsghdr_ *)answer;
    if (n < 0) err = -errno;
    else if (n >= (ssize_t)(sizeof *r + sizeof(int)) && r->type == NLMSG_ERROR_) err = *(int *)(r + 1);
  }
  close(s);
  return err;
}

/* "fault REQ LOSS DELAY": LOSS percent of the segments on lo lost (100: the cable pulled), each
 * delayed by DELAY ms; "fault REQ 0 0" takes netem away. Answers "@ok REQ" or why not. */
void cmd_fault(const char *req, const char *loss_text, const char *delay_text) {
  char *end1, *end2;
  long loss = strtol(loss_text, &end1, 10), delay = strtol(delay_text, &end2, 10);
  if (*end1 || *end2 || loss < 0 || loss > 100 || delay < 0 || delay > 10000) {
    say("@err %s a fault is LOSS 0-100 (percent) and DELAY 0-10000 (ms)", req);
    return;
  }
  int err;
  if (loss == 0 && delay == 0) {
    err = fault.loss || fault.delay ? qdisc(RTM_DELQDISC_, 0, 0) : 0;
    if (err == -ENOENT || err == -EINVAL) err = 0; /* nothing there to take away */
  } else {
    err = qdisc(RTM_NEWQDISC_, (int)loss, (int)delay);
  }
  if (err) {
    say("@err %s netem on lo: %s", req, strerror(-err));
    return;
  }
  fault.loss = (int)loss;
  fault.delay = (int)delay;
  say("@ok %s", req);
}
