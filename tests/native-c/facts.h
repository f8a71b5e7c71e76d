/* Helpers for the programs in tests/native-c: each shows one fact about closing TCP connections
 * that a lesson states, on the host's kernel, for tests/scenarios/c-programs.test.ts.
 * Build: cc -Wall -Wextra -I reference/c -o NAME tests/native-c/NAME.c (demo.h is in reference/c). */
#ifndef FACTS_H
#define FACTS_H

#include <fcntl.h>
#include <linux/tcp.h> /* the kernel's struct tcp_info, with its segment counters */
#include <time.h>
#include "demo.h"

/* The kernel's numbers for TCP states, as TCP_INFO and /proc/net/tcp give them. */
enum {
  ST_ESTABLISHED = 1,
  ST_SYN_SENT,
  ST_SYN_RECV,
  ST_FIN_WAIT1,
  ST_FIN_WAIT2,
  ST_TIME_WAIT,
  ST_CLOSE,
  ST_CLOSE_WAIT,
  ST_LAST_ACK,
  ST_LISTEN,
  ST_CLOSING,
};

static inline const char *state_name(int st) {
  static const char *const names[] = {"none", "ESTABLISHED", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
                                      "TIME-WAIT", "CLOSED", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING"};
  return st >= 0 && st <= ST_CLOSING ? names[st] : "gone";
}

static inline struct tcp_info info_of(int fd) {
  struct tcp_info info;
  socklen_t len = sizeof info;
  memset(&info, 0, sizeof info);
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0) die("getsockopt TCP_INFO");
  return info;
}

static inline int state_of(int fd) { return info_of(fd).tcpi_state; }

static inline int local_port(int fd) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) die("getsockname");
  return ntohs(a.sin_port);
}

/* The connection local_port -> remote_port in /proc/net/tcp: its state (-1 if none), and in
 * *unacked (if not NULL) its tx_queue, the bytes sent or queued and not yet acknowledged. */
static inline int proc_state(int local, int remote, unsigned long *unacked) {
  FILE *f = fopen("/proc/net/tcp", "r");
  if (!f) die("/proc/net/tcp");
  char line[512];
  int found = -1;
  if (!fgets(line, sizeof line, f)) die("/proc/net/tcp: its header");
  while (fgets(line, sizeof line, f)) {
    unsigned lp, rp, st;
    unsigned long tx;
    if (sscanf(line, " %*d: %*8x:%x %*8x:%x %x %lx:", &lp, &rp, &st, &tx) == 4 && (int)lp == local &&
        (int)rp == remote) {
      found = (int)st;
      if (unacked) *unacked = tx;
    }
  }
  fclose(f);
  return found;
}

static inline long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Writes to fd until the kernel takes no more (our send buffer and the peer's receive buffer
 * are full: the peer is not reading); returns how many bytes it took. */
static inline size_t fill(int fd) {
  static char chunk[65536];
  memset(chunk, 'x', sizeof chunk);
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) die("fcntl");
  size_t total = 0;
  for (;;) {
    ssize_t n = write(fd, chunk, sizeof chunk);
    if (n > 0) total += (size_t)n;
    else if (errno == EAGAIN) break;
    else die("write");
  }
  if (fcntl(fd, F_SETFL, flags) < 0) die("fcntl");
  return total;
}

/* Reads fd to its end; returns the byte count, and in *end 0 (end of file) or read()'s errno. */
static inline size_t drain(int fd, int *end) {
  static char buf[65536];
  size_t total = 0;
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) total += (size_t)n;
  *end = n == 0 ? 0 : errno;
  return total;
}

/* Polls until cond holds or limit_ms has passed (a safety net, never a measurement). */
#define WAIT_UNTIL(cond, limit_ms)                                   \
  do {                                                               \
    long wait_until_start_ = now_ms();                               \
    while (!(cond) && now_ms() - wait_until_start_ < (limit_ms)) usleep(1000); \
  } while (0)

#endif
