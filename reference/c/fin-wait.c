/* How long the side that closes first spends in FIN-WAIT-1 and FIN-WAIT-2, on loopback.
 *
 *   fin-wait-1      we send two messages, then shutdown(SHUT_WR); the peer does not close:
 *                   how long until our FIN is acknowledged?
 *   three-segments  the same, but the peer closes as soon as it reads the end of file:
 *                   which states do we pass through? (CLOSED here means the kernel moved the
 *                   connection to a TIME-WAIT record that no longer belongs to our descriptor)
 *   reaped          close() (the socket is orphaned in FIN-WAIT-2, the peer never closes),
 *                   with TCP_LINGER2 set to 1 s instead of tcp_fin_timeout's 60 s
 *   half-closed     shutdown(SHUT_WR) with the descriptor kept open, TCP_LINGER2 1 s as well;
 *                   and the peer can still send to us
 *
 * States are read with getsockopt(TCP_INFO) while we hold the descriptor, and from
 * /proc/net/tcp once we have closed it.
 * Build and run:  cc -Wall -pthread -o fin-wait fin-wait.c
 *                 ./fin-wait fin-wait-1|three-segments|reaped|half-closed */
#include <netinet/tcp.h>
#include <pthread.h>
#include <time.h>
#include "demo.h"

static const char *state_name(int st) {
  switch (st) {
    case TCP_ESTABLISHED: return "ESTABLISHED";
    case TCP_FIN_WAIT1: return "FIN-WAIT-1";
    case TCP_FIN_WAIT2: return "FIN-WAIT-2";
    case TCP_TIME_WAIT: return "TIME-WAIT";
    case TCP_CLOSE: return "CLOSED";
    case TCP_CLOSE_WAIT: return "CLOSE-WAIT";
    case TCP_LAST_ACK: return "LAST-ACK";
    case TCP_CLOSING: return "CLOSING";
    case -1: return "gone";
    default: return "other";
  }
}

static long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int state_of(int fd) {
  struct tcp_info info;
  socklen_t len = sizeof info;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0) die("TCP_INFO");
  return info.tcpi_state;
}

static int local_port(int fd) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &len);
  return ntohs(a.sin_port);
}

/* The state of the connection local_port -> remote_port in /proc/net/tcp, or -1 if none;
 * *timer_s (if not NULL) gets the seconds left on its timer. */
static int proc_state_timer(int local, int remote, long *timer_s) {
  FILE *f = fopen("/proc/net/tcp", "r");
  if (!f) die("/proc/net/tcp");
  char line[512];
  int found = -1;
  fgets(line, sizeof line, f); /* header */
  while (fgets(line, sizeof line, f)) {
    unsigned lp, rp, st, timer;
    unsigned long when;
    if (sscanf(line, " %*d: %*8x:%x %*8x:%x %x %*x:%*x %x:%lx", &lp, &rp, &st, &timer, &when) == 5 &&
        (int)lp == local && (int)rp == remote) {
      found = (int)st;
      if (timer_s) *timer_s = (long)(when / (unsigned long)sysconf(_SC_CLK_TCK));
    }
  }
  fclose(f);
  return found;
}

static int proc_state(int local, int remote) { return proc_state_timer(local, remote, NULL); }

static int peer_fd;
static void *close_on_eof(void *arg) {
  (void)arg;
  char buf[16];
  while (read(peer_fd, buf, sizeof buf) > 0) {}
  close(peer_fd);
  return NULL;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "fin-wait-1";
  int fd;
  tcp_pair(&fd, &peer_fd);
  int lp = local_port(fd), rp = local_port(peer_fd);

  if (strcmp(mode, "fin-wait-1") == 0 || strcmp(mode, "three-segments") == 0) {
    pthread_t t;
    /* As in the course's experiment: two messages first, then the half-close. (On a brand-new
     * connection the peer is still in "quick ACK" mode and acknowledges everything at once.) */
    write(fd, "data1\n", 6);
    pause_ms(200);
    write(fd, "data2\n", 6);
    pause_ms(200);
    if (strcmp(mode, "three-segments") == 0) pthread_create(&t, NULL, close_on_eof, NULL);
    long start = now_ms();
    shutdown(fd, SHUT_WR);
    int last = -2;
    long fw1_ended = -1;
    printf("states after shutdown(SHUT_WR):");
    while (now_ms() - start < 300) {
      int st = state_of(fd);
      if (st != last) printf(" %s", state_name(st));
      if (last == TCP_FIN_WAIT1 && st != TCP_FIN_WAIT1) fw1_ended = now_ms() - start;
      last = st;
      usleep(200);
    }
    printf("\nFIN-WAIT-1 lasted %ld ms\n", fw1_ended);
    long left = -1;
    int st = proc_state_timer(lp, rp, &left);
    printf("/proc/net/tcp now shows our side in %s", state_name(st));
    if (st == TCP_TIME_WAIT) printf(", %ld s left on its timer", left);
    printf("\n");
  } else {
    int seconds = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_LINGER2, &seconds, sizeof seconds) < 0) die("TCP_LINGER2");
    int half = strcmp(mode, "half-closed") == 0;
    if (half) shutdown(fd, SHUT_WR);
    else close(fd);
    printf("after %s:\n", half ? "shutdown(SHUT_WR), the descriptor kept open" : "close()");
    for (int at = 300; at <= 2100; at += 900) {
      pause_ms(at == 300 ? 300 : 900);
      printf("  at %d ms: our side %s\n", at, state_name(half ? state_of(fd) : proc_state(lp, rp)));
    }
    if (half) {
      write(peer_fd, "late", 4);
      pause_ms(50);
      report_read("us", fd);
    }
  }
  return 0;
}
