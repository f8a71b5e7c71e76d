/* Ways out of a read() that blocks on a socket where nothing arrives.
 *   rcvtimeo          SO_RCVTIMEO: read() returns -1 EAGAIN after the timeout
 *   nonblock          O_NONBLOCK: read() returns -1 EAGAIN at once
 *   sigaction         a signal whose handler was installed without SA_RESTART: EINTR
 *   signal            glibc's signal() installs handlers WITH SA_RESTART: read() is
 *                     restarted after the handler and keeps waiting (no EINTR)
 *   rcvtimeo+restart  with SO_RCVTIMEO set, a signal gives EINTR even with SA_RESTART
 *   shutdown          another process holding the socket calls shutdown(SHUT_RDWR):
 *                     the blocked read() returns 0
 *   sndtimeo          the other way round: a write() blocked because the peer does not
 *                     read; SO_SNDTIMEO makes it return -1 EAGAIN after the timeout
 * Build and run:  cc -Wall -o blocked-read blocked-read.c && ./blocked-read sigaction */
#include <fcntl.h>
#include <signal.h>
#include <sys/time.h>
#include "demo.h"

static void on_alarm(int sig) {
  (void)sig;
  static const char msg[] = "signal handler ran\n";
  /* printf is not safe in a handler, and neither is die(): if stdout is gone, just end */
  if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0) _exit(2);
}

static void alarm_in_ms(int ms) {
  struct itimerval t = {.it_value = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000}};
  setitimer(ITIMER_REAL, &t, NULL);
}

static void set_timeout(int fd, int ms) {
  struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0) die("setsockopt SO_RCVTIMEO");
}

static void with_sigaction(int flags) {
  struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = flags};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, NULL);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "rcvtimeo";
  int conn, peer;
  tcp_pair(&conn, &peer);

  if (strcmp(mode, "rcvtimeo") == 0) {
    set_timeout(conn, 200);
  } else if (strcmp(mode, "nonblock") == 0) {
    fcntl(conn, F_SETFL, fcntl(conn, F_GETFL) | O_NONBLOCK);
  } else if (strcmp(mode, "sigaction") == 0) {
    with_sigaction(0);
    alarm_in_ms(200);
  } else if (strcmp(mode, "signal") == 0) {
    signal(SIGALRM, on_alarm);
    alarm_in_ms(200);
    if (fork() == 0) { /* something to read at last, so that the demo ends */
      pause_ms(600);
      if (write(peer, "data", 4) != 4) die("write");
      _exit(0);
    }
  } else if (strcmp(mode, "rcvtimeo+restart") == 0) {
    with_sigaction(SA_RESTART);
    set_timeout(conn, 2000);
    alarm_in_ms(200);
  } else if (strcmp(mode, "shutdown") == 0) {
    if (fork() == 0) { /* the child shares the socket: shutdown() acts on the socket itself */
      pause_ms(200);
      shutdown(conn, SHUT_RDWR);
      _exit(0);
    }
  } else if (strcmp(mode, "sndtimeo") == 0) {
    /* Fill the send buffer and the peer's receive buffer: the peer never reads. */
    static char chunk[65536];
    fcntl(conn, F_SETFL, fcntl(conn, F_GETFL) | O_NONBLOCK);
    while (write(conn, chunk, sizeof chunk) > 0) {}
    fcntl(conn, F_SETFL, fcntl(conn, F_GETFL) & ~O_NONBLOCK);
    struct timeval tv = {.tv_sec = 0, .tv_usec = 200000};
    if (setsockopt(conn, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) < 0) die("setsockopt SO_SNDTIMEO");
    struct timeval start, end;
    gettimeofday(&start, NULL);
    ssize_t n = write(conn, chunk, sizeof chunk);
    int saved = errno;
    gettimeofday(&end, NULL);
    long ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_usec - start.tv_usec) / 1000;
    if (n < 0) printf("%s: write() returned -1, errno %s, after %ld ms\n", mode, errno_name(saved), ms);
    else printf("%s: write() returned %zd after %ld ms\n", mode, n, ms);
    return 0;
  } else {
    fprintf(stderr, "usage: %s rcvtimeo|nonblock|sigaction|signal|rcvtimeo+restart|shutdown|sndtimeo\n", argv[0]);
    return 2;
  }

  struct timeval start, end;
  gettimeofday(&start, NULL);
  char buf[16];
  ssize_t n = read(conn, buf, sizeof buf);
  int saved = errno;
  gettimeofday(&end, NULL);
  long ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_usec - start.tv_usec) / 1000;
  if (n < 0) printf("%s: read() returned -1, errno %s, after %ld ms\n", mode, errno_name(saved), ms);
  else printf("%s: read() returned %zd bytes after %ld ms\n", mode, n, ms);
  return 0;
}
