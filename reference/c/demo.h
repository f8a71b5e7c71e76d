/* Small helpers shared by the course's C demos: loopback sockets and plain error reports.
 * Every demo builds alone: cc -Wall -o NAME NAME.c (this header sits beside it). */
#ifndef DEMO_H
#define DEMO_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Prints what failed with errno's name, and exits. */
static inline void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, strerror(errno));
  exit(2);
}

/* The symbolic name of the errno values these demos meet. */
static inline const char *errno_name(int e) {
  switch (e) {
    case EPIPE: return "EPIPE";
    case ECONNRESET: return "ECONNRESET";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case EBADF: return "EBADF";
    case EADDRINUSE: return "EADDRINUSE";
    default: return strerror(e);
  }
}

/* A listening TCP socket on 127.0.0.1. port 0 picks a free port; *port_out gets it. */
static inline int listen_loopback(int port, int reuseaddr, int *port_out) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  if (reuseaddr) {
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0) die("setsockopt SO_REUSEADDR");
  }
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  if (listen(fd, 8) < 0) die("listen");
  if (port_out) {
    socklen_t len = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    *port_out = ntohs(addr.sin_port);
  }
  return fd;
}

static inline int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
  return fd;
}

/* A connected pair over real loopback TCP: *server_side and *client_side. */
static inline void tcp_pair(int *server_side, int *client_side) {
  int port;
  int listener = listen_loopback(0, 1, &port);
  if (listener < 0) die("bind");
  *client_side = connect_loopback(port);
  *server_side = accept(listener, NULL, NULL);
  if (*server_side < 0) die("accept");
  close(listener);
}

/* Sleeps for ms milliseconds. */
static inline void pause_ms(int ms) { usleep((useconds_t)ms * 1000); }

/* The demos wait for what the kernel says, not for a time: on a busy machine (or in an emulator)
 * a segment sent on loopback can take longer to arrive than any pause one would guess. Each wait
 * gives up after 10 s, saying what never came. */

/* Waits until fd's receive queue holds at least n bytes (ioctl FIONREAD). */
static inline void wait_queued(int fd, int n) {
  for (int waited = 0;; waited++) {
    int queued = 0;
    if (ioctl(fd, FIONREAD, &queued) < 0) die("ioctl FIONREAD");
    if (queued >= n) return;
    if (waited == 10000) {
      fprintf(stderr, "wait_queued: %d bytes never arrived (%d did)\n", n, queued);
      exit(2);
    }
    pause_ms(1);
  }
}

/* Waits until poll() reports one of `events` on fd (an error or a hang-up always counts). */
static inline void wait_for(int fd, short events, const char *what) {
  struct pollfd p = {.fd = fd, .events = events};
  int n;
  do n = poll(&p, 1, 10000);
  while (n < 0 && errno == EINTR);
  if (n < 0) die("poll");
  if (n == 0) {
    fprintf(stderr, "wait_for: %s never came\n", what);
    exit(2);
  }
}

/* Waits until a read() on fd would not block: data, the peer's FIN or an RST has arrived. */
static inline void wait_readable(int fd) { wait_for(fd, POLLIN, "anything to read"); }

/* Waits until the peer's RST has arrived (poll() reports an error or a hang-up). */
static inline void wait_reset(int fd) { wait_for(fd, 0, "the RST"); }

/* Reports what one read() returned: bytes, end of file, or an error. */
static inline void report_read(const char *who, int fd) {
  char buf[256];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = '\0';
    printf("%s: read() returned %zd bytes: \"%s\"\n", who, n, buf);
  } else if (n == 0) {
    printf("%s: read() returned 0 (end of file)\n", who);
  } else {
    printf("%s: read() returned -1, errno %s\n", who, errno_name(errno));
  }
  fflush(stdout);
}

#endif
