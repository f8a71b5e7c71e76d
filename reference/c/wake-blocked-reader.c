/* Waking a thread that is blocked in read() on a socket, from another thread.
 *
 * One thread blocks in read(). After 200 ms the main thread acts on the same descriptor;
 * at 1000 ms the peer sends "late". What did the blocked read() return, and when?
 *
 *   close      close(fd)
 *   shut-rd    shutdown(fd, SHUT_RD)
 *   shut-wr    shutdown(fd, SHUT_WR)
 *   shut-rdwr  shutdown(fd, SHUT_RDWR)
 *   dup2       dup2() a socket that is already shut down over fd (the "pre-close" trick)
 *   signal     pthread_kill() the reader with SIGUSR1, whose handler was installed with
 *              sigaction() and no SA_RESTART
 *
 * Build and run:  cc -Wall -pthread -o wake-blocked-reader wake-blocked-reader.c
 *                 ./wake-blocked-reader close|shut-rd|shut-wr|shut-rdwr|dup2|signal */
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include "demo.h"

static int fd;
static struct timespec started;

static long elapsed_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (now.tv_sec - started.tv_sec) * 1000 + (now.tv_nsec - started.tv_nsec) / 1000000;
}

static void *blocked_reader(void *arg) {
  (void)arg;
  char buf[16];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) printf("blocked read(): returned %zd bytes (\"%.*s\") at %ld ms\n", n, (int)n, buf, elapsed_ms());
  else if (n == 0) printf("blocked read(): returned 0 at %ld ms\n", elapsed_ms());
  else printf("blocked read(): returned -1, errno %s, at %ld ms\n", errno_name(errno), elapsed_ms());
  fflush(stdout);
  return NULL;
}

static void on_signal(int sig) { (void)sig; }

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "shut-rd";
  int peer;
  tcp_pair(&fd, &peer);
  clock_gettime(CLOCK_MONOTONIC, &started);
  pthread_t reader;
  pthread_create(&reader, NULL, blocked_reader, NULL);

  pause_ms(200);
  if (strcmp(how, "close") == 0) close(fd);
  else if (strcmp(how, "shut-rd") == 0) shutdown(fd, SHUT_RD);
  else if (strcmp(how, "shut-wr") == 0) shutdown(fd, SHUT_WR);
  else if (strcmp(how, "shut-rdwr") == 0) shutdown(fd, SHUT_RDWR);
  else if (strcmp(how, "signal") == 0) {
    struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    pthread_kill(reader, SIGUSR1); /* a signal for that thread, not for the whole process */
  } else if (strcmp(how, "dup2") == 0) {
    int a, b;
    tcp_pair(&a, &b);
    shutdown(a, SHUT_RDWR); /* a dead socket ... */
    dup2(a, fd);            /* ... now answers to fd's number */
    close(a);
    char buf[16];
    ssize_t n = read(fd, buf, sizeof buf);
    printf("a new read() on the number after dup2(): returned %zd at %ld ms\n", n, elapsed_ms());
  }
  printf("main thread: %s at %ld ms\n", how, elapsed_ms());
  fflush(stdout);

  pause_ms(800);
  if (write(peer, "late", 4) != 4) die("write");
  pthread_join(reader, NULL);
  return 0;
}
