/* How long the side that closes first spends in FIN-WAIT-1 and FIN-WAIT-2, on loopback.
 *
 *   fin-wait-1      we send two messages, then shutdown(SHUT_WR); the peer does not close:
 *                   how long until our FIN is acknowledged?
 *   three-segments  the same, but the peer closes as soon as it reads the end of file: how many
 *                   segments does each side send from our FIN to the end? (counted by the kernel,
 *                   TCP_INFO's tcpi_segs_out and tcpi_segs_in)
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

/* glibc's struct tcp_info ends at tcpi_total_retrans. The kernel's (linux/tcp.h) goes on, and
 * only ever grows at its end; these are its next fields, up to the segment counters. */
struct tcp_info_counted {
  struct tcp_info info;
  uint64_t pacing_rate, max_pacing_rate, bytes_acked, bytes_received;
  uint32_t segs_out; /* segments this socket has sent */
  uint32_t segs_in;  /* segments it has received */
};

static struct tcp_info_counted info_of(int fd) {
  struct tcp_info_counted c;
  socklen_t len = sizeof c;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &c, &len) < 0) die("TCP_INFO");
  if (len < sizeof c) {
    fprintf(stderr, "TCP_INFO: this kernel does not count segments (Linux 4.2 and later do)\n");
    exit(2);
  }
  return c;
}

static int state_of(int fd) { return info_of(fd).info.tcpi_state; }

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
  if (!fgets(line, sizeof line, f)) die("/proc/net/tcp: its header"); /* skip it */
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
    /* As in the course's experiment: two messages first, then the half-close. (On a brand-new
     * connection the ACK of our FIN would come sooner: it is still delayed, but only by the
     * shortest delayed-ACK timer, a clock tick or two, a few milliseconds.) */
    if (write(fd, "data1\n", 6) != 6) die("write");
    pause_ms(200);
    if (write(fd, "data2\n", 6) != 6) die("write");
    pause_ms(200);
    long start = now_ms();
    if (strcmp(mode, "fin-wait-1") == 0) {
      if (shutdown(fd, SHUT_WR) < 0) die("shutdown");
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
    } else {
      pthread_t t;
      if (pthread_create(&t, NULL, close_on_eof, NULL) != 0) die("pthread_create");
      struct tcp_info_counted before = info_of(fd);
      if (shutdown(fd, SHUT_WR) < 0) die("shutdown");
      /* Wait until the kernel has moved the connection to its TIME-WAIT record (TCP_INFO then
       * says CLOSED), the peer's FIN received and acknowledged. */
      while (state_of(fd) != TCP_CLOSE && now_ms() - start < 3000) usleep(200);
      pthread_join(t, NULL);
      struct tcp_info_counted after = info_of(fd);
      unsigned sent = after.segs_out - before.segs_out, received = after.segs_in - before.segs_in;
      printf("after shutdown(SHUT_WR): we sent %u segments, the peer sent %u\n", sent, received);
      if (after.info.tcpi_state != TCP_CLOSE)
        printf("the connection has not ended: our side is in %s\n", state_name(after.info.tcpi_state));
      else if (sent == 2 && received == 1)
        printf("the ACK of our FIN came with the peer's FIN: three segments in all\n");
      else if (sent == 2 && received == 2)
        printf("the peer acknowledged our FIN, then sent its own: four segments in all\n");
      else
        printf("%u segments in all\n", sent + received);
    }
    long left = -1;
    int st = proc_state_timer(lp, rp, &left);
    printf("/proc/net/tcp now shows our side in %s", state_name(st));
    if (st == TCP_TIME_WAIT) printf(", %ld s left on its timer", left);
    printf("\n");
  } else {
    int seconds = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_LINGER2, &seconds, sizeof seconds) < 0) die("TCP_LINGER2");
    int half = strcmp(mode, "half-closed") == 0;
    if (half && shutdown(fd, SHUT_WR) < 0) die("shutdown");
    if (!half && close(fd) < 0) die("close");
    printf("after %s:\n", half ? "shutdown(SHUT_WR), the descriptor kept open" : "close()");
    for (int at = 300; at <= 2100; at += 900) {
      pause_ms(at == 300 ? 300 : 900);
      printf("  at %d ms: our side %s\n", at, state_name(half ? state_of(fd) : proc_state(lp, rp)));
    }
    if (half) {
      if (write(peer_fd, "late", 4) != 4) die("write");
      pause_ms(50);
      report_read("us", fd);
    }
  }
  return 0;
}
