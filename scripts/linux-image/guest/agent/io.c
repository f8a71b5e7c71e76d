/* The control line (ttyS0): say() writes one line to the page; hex both ways; the clock. */
#include "agent.h"

int ctl = -1;      /* /dev/ttyS0 */

/* The guest's wall clock (nothing sets it after boot, so it does not jump): the same clock as the
 * kernel's packet timestamps, so segments and state samples can be put in one order. */
long long usec_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}


void say(const char *fmt, ...) {
  char buf[20000];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = sizeof buf - 2;
  buf[n++] = '\n';
  for (int off = 0; off < n;) {
    ssize_t w = write(ctl, buf + off, n - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    off += w;
  }
}

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Hex to bytes, by hand: sscanf per byte made a 16 KiB file write take a second in v86. */
int unhex(const char *hex, char *out, size_t cap) {
  size_t n = strlen(hex);
  if (n % 2 || n / 2 > cap) return -1;
  for (size_t i = 0; i < n; i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i / 2] = (char)(hi << 4 | lo);
  }
  return (int)(n / 2);
}

void tohex(const char *data, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[(unsigned char)data[i] >> 4];
    out[2 * i + 1] = digits[(unsigned char)data[i] & 15];
  }
  out[2 * n] = 0;
}
