/* T-5: a signal interrupts a close() that lingers (SO_LINGER {1, 60 s}, data queued, the peer
 * not reading; the handler installed without SA_RESTART). What does close() return, and is the
 * descriptor number still ours? On Linux the number is released before close() waits, whatever
 * close() then returns: a retry after EINTR would close whatever took the number since. */
#include <signal.h>
#include <sys/time.h>
#include "facts.h"

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) {
  (void)sig;
  alarms++;
}

int main(void) {
  int port;
  int listener = listen_loopback(0, 1, &port); /* kept open: conn's number is then the lowest free one */
  if (listener < 0) die("bind");
  int peer = connect_loopback(port);
  int conn = accept(listener, NULL, NULL);
  if (conn < 0) die("accept");
  int ours = local_port(conn), theirs = local_port(peer);
  size_t queued = fill(conn);
  struct linger lg = {.l_onoff = 1, .l_linger = 60};
  if (setsockopt(conn, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0) die("setsockopt SO_LINGER");
  struct sigaction sa = {.sa_handler = on_alarm}; /* no SA_RESTART */
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGALRM, &sa, NULL) < 0) die("sigaction");
  /* SIGALRM every 100 ms from now on: one of them comes while close() waits. */
  struct itimerval every = {.it_interval = {.tv_usec = 100000}, .it_value = {.tv_usec = 100000}};
  if (setitimer(ITIMER_REAL, &every, NULL) < 0) die("setitimer");
  int number = conn;
  int rc = close(conn);
  int err = errno;
  struct itimerval off = {{0, 0}, {0, 0}};
  if (setitimer(ITIMER_REAL, &off, NULL) < 0) die("setitimer");
  unsigned long unacked = 0;
  int st = proc_state(ours, theirs, &unacked);
  printf("close() with SO_LINGER {1, 60 s} and %zu bytes queued, the peer not reading\n", queued);
  if (rc == 0) printf("close() returned 0, after %s\n", alarms > 0 ? "the signal handler ran" : "no signal");
  else printf("close() returned -1, errno %s, after %s\n", errno_name(err), alarms > 0 ? "the signal handler ran" : "no signal");
  printf("the connection: %s, %lu bytes not yet acknowledged\n", state_name(st), unacked);
  int flags = fcntl(number, F_GETFD);
  printf("fcntl(%d, F_GETFD): %d, errno %s\n", number, flags, flags < 0 ? errno_name(errno) : "none");

  int other = socket(AF_INET, SOCK_STREAM, 0); /* another file takes the lowest free number */
  if (other < 0) die("socket");
  printf("a new socket() got number %d\n", other);
  rc = close(number); /* a retry of the close() above */
  printf("close(%d) again, as a retry would: %d\n", number, rc);
  flags = fcntl(other, F_GETFD);
  printf("fcntl(%d, F_GETFD) on the new socket: %d, errno %s\n", other, flags, flags < 0 ? errno_name(errno) : "none");
  fflush(stdout);

  int end;
  size_t received = drain(peer, &end);
  printf("the peer read %zu of %zu bytes, then %s\n", received, queued, end == 0 ? "end of file" : errno_name(end));
  return 0;
}
