/* close() can lose the end of a reply, and the lingering close that keeps it.
 *
 * A child process plays the server: it reads the peer's request, queues a reply far bigger
 * than a segment (it fills the kernel's buffers), and ends the connection at once. The parent
 * plays the peer: it reads the whole reply, counting bytes, until end of file or an error.
 *
 *   clean        the request was read, the peer sends nothing more; the server calls close()
 *   unread       part of the request is still unread when the server calls close()
 *   peer-writes  the server read everything and calls close(); the peer then sends a line
 *   lingering    as peer-writes, but the server does shutdown(SHUT_WR), reads to end of file,
 *                and only then calls close()
 *
 * Build and run:  cc -Wall -o close-loses-reply close-loses-reply.c
 *                 ./close-loses-reply clean|unread|peer-writes|lingering */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include "demo.h"

#define REQUEST "GET big\n"

/* Writes until the kernel takes no more (its send buffer and the peer's receive buffer are
 * full): returns how many bytes the kernel accepted. */
static size_t queue_reply(int fd) {
  static char chunk[65536];
  memset(chunk, 'x', sizeof chunk);
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  size_t total = 0;
  for (;;) {
    ssize_t n = write(fd, chunk, sizeof chunk);
    if (n > 0) total += (size_t)n;
    else if (errno == EAGAIN) break;
    else die("write");
  }
  fcntl(fd, F_SETFL, flags);
  return total;
}

static void serve(int conn, const char *mode, int tell_peer) {
  char buf[4096];
  /* In "unread" mode the server reads only the first 3 bytes of the request. */
  size_t want = strcmp(mode, "unread") == 0 ? 3 : strlen(REQUEST);
  if (read(conn, buf, want) != (ssize_t)want) die("read request");
  size_t queued = queue_reply(conn);
  if (strcmp(mode, "lingering") == 0) {
    shutdown(conn, SHUT_WR); /* the FIN goes after the reply; we keep reading */
    printf("server: %zu bytes queued; shutdown(SHUT_WR), now reading to end of file\n", queued);
  } else {
    close(conn);
    printf("server: %zu bytes queued; close() returned at once\n", queued);
  }
  fflush(stdout);
  if (write(tell_peer, &queued, sizeof queued) != sizeof queued) die("write sync");
  if (strcmp(mode, "lingering") == 0) {
    ssize_t n;
    size_t discarded = 0;
    while ((n = read(conn, buf, sizeof buf)) > 0) discarded += (size_t)n;
    printf("server: read() returned %s after %zu more bytes; now close()\n", n == 0 ? "0" : "-1", discarded);
    close(conn);
  }
  fflush(stdout);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  signal(SIGPIPE, SIG_IGN); /* so that a failed write shows its errno */
  int conn, peer, sync[2];
  if (pipe(sync) < 0) die("pipe");
  tcp_pair(&conn, &peer);
  if (write(peer, REQUEST, strlen(REQUEST)) != (ssize_t)strlen(REQUEST)) die("write request");
  pause_ms(20);

  pid_t child = fork();
  if (child == 0) {
    close(peer);
    serve(conn, mode, sync[1]);
    _exit(0);
  }
  close(conn);
  size_t queued;
  if (read(sync[0], &queued, sizeof queued) != sizeof queued) die("read sync");

  if (strcmp(mode, "peer-writes") == 0 || strcmp(mode, "lingering") == 0) {
    pause_ms(20);
    ssize_t n = write(peer, "thanks\n", 7);
    printf("peer: write() of \"thanks\" returned %zd\n", n);
    pause_ms(50);
    n = write(peer, "bye\n", 4);
    if (n < 0) printf("peer: the next write() returned -1, errno %s\n", errno_name(errno));
    else printf("peer: the next write() returned %zd\n", n);
  }

  pause_ms(50);
  static char buf[65536];
  size_t received = 0;
  ssize_t n;
  while ((n = read(peer, buf, sizeof buf)) > 0) received += (size_t)n;
  if (n == 0) printf("peer: received %zu of %zu bytes, then end of file\n", received, queued);
  else printf("peer: received %zu of %zu bytes, then read() failed: %s\n", received, queued, errno_name(errno));
  fflush(stdout);
  close(peer);
  waitpid(child, NULL, 0);
  return 0;
}
