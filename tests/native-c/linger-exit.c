/* G-7: with SO_LINGER {1, t}, close() waits until the queued data is delivered (or t has
 * passed), even on a non-blocking socket; exit() never waits: the kernel lingers in the
 * background. A child connects, fills the buffers (the parent, its peer, does not read yet),
 * sets SO_LINGER {1, 60 s} and ends its side as the mode says:
 *   close              close(), then _exit()
 *   close-nonblocking  the same, with O_NONBLOCK set on the socket
 *   exit               exit(), without close()
 * Before it reads a byte, the parent looks whether the child is still in close() or gone. */
#include <poll.h>
#include <sys/wait.h>
#include "facts.h"

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "close";
  int by_exit = strcmp(mode, "exit") == 0, nonblocking = strcmp(mode, "close-nonblocking") == 0;
  int port, news[2]; /* news: a pipe for the child's numbers, one long each */
  int listener = listen_loopback(0, 1, &port);
  if (listener < 0) die("bind");
  if (pipe(news) < 0) die("pipe");
  fflush(stdout);
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    int conn = connect_loopback(port);
    long queued = (long)fill(conn);
    if (nonblocking && fcntl(conn, F_SETFL, O_NONBLOCK) < 0) die("fcntl");
    struct linger lg = {.l_onoff = 1, .l_linger = 60};
    if (setsockopt(conn, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0) die("setsockopt SO_LINGER");
    if (write(news[1], &queued, sizeof queued) != sizeof queued) die("write");
    if (by_exit) exit(0);
    long rc = close(conn) == 0 ? 0 : errno;
    if (write(news[1], &rc, sizeof rc) != sizeof rc) die("write");
    _exit(0);
  }
  int peer = accept(listener, NULL, NULL);
  if (peer < 0) die("accept");
  struct sockaddr_in them;
  socklen_t len = sizeof them;
  if (getpeername(peer, (struct sockaddr *)&them, &len) < 0) die("getpeername");
  int child_port = ntohs(them.sin_port), ours = local_port(peer);
  long queued;
  if (read(news[0], &queued, sizeof queued) != sizeof queued) die("read");
  printf("child: %s with SO_LINGER {1, 60 s}%s and %ld bytes queued\n", by_exit ? "exit()" : "close()",
         nonblocking ? ", O_NONBLOCK" : "", queued);

  const char *child_is;
  if (by_exit) {
    if (waitpid(child, NULL, 0) != child) die("waitpid"); /* had exit() lingered, 60 s */
    child_is = "has exited";
  } else {
    pause_ms(300); /* time for close() to return, had it not waited */
    struct pollfd said = {.fd = news[0], .events = POLLIN};
    if (poll(&said, 1, 0) < 0) die("poll");
    if (said.revents & POLLIN) child_is = "has returned from close()";
    else if (waitpid(child, NULL, WNOHANG) != 0) child_is = "has ended";
    else child_is = "is still in close()";
  }
  unsigned long unacked = 0;
  int st = proc_state(child_port, ours, &unacked);
  printf("before the peer reads: the child %s; its side is %s, %lu bytes not yet acknowledged\n", child_is,
         state_name(st), unacked);
  fflush(stdout);

  int end;
  size_t received = drain(peer, &end);
  printf("the peer read %zu of %ld bytes, then %s\n", received, queued, end == 0 ? "end of file" : errno_name(end));
  if (!by_exit) {
    long rc;
    if (read(news[0], &rc, sizeof rc) != sizeof rc) die("read");
    if (rc == 0) printf("child: close() returned 0\n");
    else printf("child: close() returned -1, errno %s\n", errno_name((int)rc));
    waitpid(child, NULL, 0);
  }
  return 0;
}
