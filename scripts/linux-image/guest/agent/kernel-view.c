/* What the kernel shows ("watch"): segments on lo ("@pkt"), state changes ("@state", "@tcp"). */
#include "agent.h"

int sniff = -1;    /* AF_PACKET socket while watching */
int watch_ms = 0;  /* /proc/net/tcp sampling period while watching */
int trace = -1;    /* trace_pipe while watching, when the kernel has the tracepoint */
static char last_tcp[16384];

/* ---- what the kernel shows: segments, socket states ---- */

/* How many bytes of each packet "@pkt" carries: the IP and TCP headers (at most 120) and the start
 * of the payload, as `tcpdump -s 256` keeps. */
#define PKT_SNAP 256

/* Reads one queued packet; returns 0 when none is left. Its time is when the kernel received it
 * (SIOCGSTAMP), not when the agent got to it. */
int sniff_one(void) {
  unsigned char p[2048];
  struct sockaddr_ll from;
  socklen_t fl = sizeof from;
  ssize_t n = recvfrom(sniff, p, sizeof p, MSG_TRUNC | MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
  if (n < 0) return 0;
  if (n < 20 || from.sll_pkttype == PACKET_OUTGOING) return 1; /* lo shows each packet twice */
  struct timeval stamp;
  long long when = ioctl(sniff, SIOCGSTAMP_OLD_, &stamp) == 0 ? (long long)stamp.tv_sec * 1000000 + stamp.tv_usec : usec_now();
  int ihl = (p[0] & 15) * 4;
  if (p[9] != IPPROTO_TCP || n < ihl + 20) return 1;
  unsigned char *t = p + ihl;
  unsigned seq, ack;
  memcpy(&seq, t + 4, 4);
  memcpy(&ack, t + 8, 4);
  int doff = (t[12] >> 4) * 4, f = t[13];
  int len = (p[2] << 8 | p[3]) - ihl - doff;
  char flags[8], *q = flags;
  if (f & 0x02) *q++ = 'S';
  if (f & 0x01) *q++ = 'F';
  if (f & 0x04) *q++ = 'R';
  if (f & 0x08) *q++ = 'P';
  if (f & 0x10) *q++ = 'A';
  if (q == flags) *q++ = '-';
  *q = 0;
  char src[16], dst[16];
  inet_ntop(AF_INET, p + 12, src, sizeof src);
  inet_ntop(AF_INET, p + 16, dst, sizeof dst);
  /* The packet itself, its first PKT_SNAP bytes in hex (the page writes them to a .pcap). */
  char hex[2 * PKT_SNAP + 1];
  int kept = n < PKT_SNAP ? (int)n : PKT_SNAP;
  tohex((const char *)p, kept, hex);
  say("@pkt %lld %s %d %s %d %s %u %u %d %d %zd %s", when, src, t[0] << 8 | t[1], dst, t[2] << 8 | t[3], flags,
      ntohl(seq), ntohl(ack), len, t[14] << 8 | t[15], n, hex);
  return 1;
}

/* /proc/net/tcp; sent when it changed since the last sample, or always when `force`. */
void sample_tcp(int force) {
  char now[sizeof last_tcp];
  long long when = usec_now();
  int fd = open("/proc/net/tcp", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char raw[65536];
  ssize_t got = 0, r;
  while (got < (ssize_t)sizeof raw - 1 && (r = read(fd, raw + got, sizeof raw - 1 - got)) > 0) got += r;
  close(fd);
  raw[got] = 0;
  int count = 0, used = 0;
  now[0] = 0;
  char *line = strchr(raw, '\n'); /* skip the header */
  while (line && *++line) {
    char local[32], remote[32], st[8];
    if (sscanf(line, "%*d: %31s %31s %7s", local, remote, st) == 3 && used < (int)sizeof now - 80) {
      used += snprintf(now + used, sizeof now - used, " %s %s %s", local, remote, st);
      count++;
    }
    line = strchr(line, '\n');
  }
  if (!force && strcmp(now, last_tcp) == 0) return;
  strcpy(last_tcp, now);
  say("@tcp %lld %d%s", when, count, now);
}

static const char *tcp_state_names[] = {"",          "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1",
                                        "FIN_WAIT2", "TIME_WAIT",   "CLOSE",      "CLOSE_WAIT", "LAST_ACK",
                                        "LISTEN",    "CLOSING",     "NEW_SYN_RECV"};

static int tcp_state_number(const char *field, const char *line) {
  const char *at = strstr(line, field);
  if (!at) return 0;
  at += strlen(field);
  if (strncmp(at, "TCP_", 4) == 0) at += 4;
  for (int i = 1; i < 13; i++) {
    size_t n = strlen(tcp_state_names[i]);
    if (strncmp(at, tcp_state_names[i], n) == 0 && (at[n] == ' ' || at[n] == 0 || at[n] == '\n')) return i;
  }
  return 0;
}

/* One line of trace_pipe:
 * "  prog-42  [000] ..s1.  123.456789: inet_sock_set_state: family=AF_INET protocol=IPPROTO_TCP
 *  sport=5000 dport=40000 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=... oldstate=TCP_CLOSE_WAIT newstate=TCP_LAST_ACK" */
/* The tracepoint's times are on trace_clock "tai" (init): the wall clock, as the packets' stamps. */
/* "... 123.456789: tcp_retransmit_skb: skbaddr=... skaddr=... family=AF_INET sport=40000 dport=5000
 *  saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=... daddrv6=... state=TCP_ESTABLISHED" */
static void retransmit_line(char *event, long long usec) {
  int sport, dport;
  char saddr[16], daddr[16];
  const char *p;
  if (!strstr(event, "family=AF_INET ")) return;
  if (!(p = strstr(event, " sport=")) || sscanf(p, " sport=%d dport=%d", &sport, &dport) != 2) return;
  if (!(p = strstr(event, " saddr=")) || sscanf(p, " saddr=%15s daddr=%15s", saddr, daddr) != 2) return;
  int state = tcp_state_number("state=", event);
  if (state) say("@retx %lld %s %d %s %d %d", usec, saddr, sport, daddr, dport, state);
}

static int trace_line(char *line) {
  char *retx = strstr(line, ": tcp_retransmit_skb: ");
  char *event = retx ? retx : strstr(line, ": inet_sock_set_state: ");
  if (!event || (!retx && !strstr(event, "protocol=IPPROTO_TCP"))) return 0;
  char *stamp = event;
  while (stamp > line && stamp[-1] != ' ') stamp--;
  long long sec, usec;
  if (sscanf(stamp, "%lld.%6lld", &sec, &usec) != 2) return 0;
  if (retx) {
    retransmit_line(event, sec * 1000000 + usec);
    return 0; /* not a state change */
  }
  int sport, dport;
  char saddr[16], daddr[16];
  const char *p;
  if (!(p = strstr(event, "sport=")) || sscanf(p, "sport=%d dport=%d", &sport, &dport) != 2) return 0;
  if (!(p = strstr(event, " saddr=")) || sscanf(p, " saddr=%15s daddr=%15s", saddr, daddr) != 2) return 0;
  int old = tcp_state_number("oldstate=", event), new = tcp_state_number("newstate=", event);
  if (!old || !new) return 0;
  say("@state %lld %s %d %s %d %d %d", sec * 1000000 + usec, saddr, sport, daddr, dport, old, new);
  faults_state_change(saddr, sport, daddr, dport, old, new);
  return 1;
}

/* Everything the tracepoint queued; returns how many state changes were said. */
int drain_trace(void) {
  static char buf[16384];
  static size_t have;
  int said = 0;
  for (;;) {
    ssize_t n = read(trace, buf + have, sizeof buf - 1 - have);
    if (n <= 0) break;
    have += n;
    buf[have] = 0;
    char *start = buf, *nl;
    while ((nl = strchr(start, '\n'))) {
      *nl = 0;
      said += trace_line(start);
      start = nl + 1;
    }
    have -= start - buf;
    memmove(buf, start, have);
    if (have == sizeof buf - 1) have = 0;
  }
  return said;
}

static void trace_states(int on) {
  if (on && trace < 0) {
    trace = open(TRACING "/trace_pipe", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (trace < 0) return; /* a kernel without the tracepoint: /proc/net/tcp samples only */
    write_text(TRACING "/trace", ""); /* what came before this watch is not the page's */
    write_text(TRACING "/events/sock/inet_sock_set_state/enable", "1");
    write_text(TRACING "/events/tcp/tcp_retransmit_skb/enable", "1");
  } else if (!on && trace >= 0) {
    write_text(TRACING "/events/sock/inet_sock_set_state/enable", "0");
    write_text(TRACING "/events/tcp/tcp_retransmit_skb/enable", "0");
    close(trace);
    trace = -1;
  }
}

void cmd_watch(const char *req, const char *ms) {
  watch_ms = atoi(ms);
  if (watch_ms > 0 && sniff < 0) {
    sniff = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_IP_));
    struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP_)};
    sll.sll_ifindex = if_nametoindex("lo");
    /* A socket keeps each packet's stamp for SIOCGSTAMP only once it has been asked for one: ask
     * now (it answers ENOENT), or the first packet's time would be when the agent read it. */
    struct timeval unused;
    if (sniff >= 0) ioctl(sniff, SIOCGSTAMP_OLD_, &unused);
    if (sniff < 0 || bind(sniff, (struct sockaddr *)&sll, sizeof sll) < 0) {
      say("@err %s packet socket: %s", req, strerror(errno));
      if (sniff >= 0) close(sniff);
      sniff = -1;
      watch_ms = 0;
      return;
    }
  }
  if (watch_ms <= 0 && sniff >= 0) {
    close(sniff);
    sniff = -1;
  }
  trace_states(watch_ms > 0);
  last_tcp[0] = 0;
  say("@ok %s%s", req, trace >= 0 ? " tracepoint" : "");
  if (watch_ms > 0) sample_tcp(0);
}
