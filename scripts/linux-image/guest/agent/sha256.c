/* SHA-256 (FIPS 180-4), for the compile cache, and the hashes of files kept by stat. */
#include "agent.h"

static const unsigned sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

#define ROR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256_ctx *c, const unsigned char *p) {
  unsigned w[64], a[8];
  for (int i = 0; i < 16; i++) w[i] = (unsigned)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    unsigned s0 = ROR32(w[i - 15], 7) ^ ROR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
    unsigned s1 = ROR32(w[i - 2], 17) ^ ROR32(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  memcpy(a, c->h, sizeof a);
  for (int i = 0; i < 64; i++) {
    unsigned t1 = a[7] + (ROR32(a[4], 6) ^ ROR32(a[4], 11) ^ ROR32(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) +
                  sha256_k[i] + w[i];
    unsigned t2 = (ROR32(a[0], 2) ^ ROR32(a[0], 13) ^ ROR32(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
    memmove(a + 1, a, 7 * sizeof a[0]);
    a[4] += t1;
    a[0] = t1 + t2;
  }
  for (int i = 0; i < 8; i++) c->h[i] += a[i];
}

void sha256_init(sha256_ctx *c) {
  static const unsigned h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, h0, sizeof h0);
  c->bytes = 0;
}

void sha256_update(sha256_ctx *c, const void *data, size_t n) {
  const unsigned char *p = data;
  while (n > 0) {
    size_t at = c->bytes % 64, take = 64 - at < n ? 64 - at : n;
    memcpy(c->block + at, p, take);
    c->bytes += take;
    p += take;
    n -= take;
    if (c->bytes % 64 == 0) sha256_block(c, c->block);
  }
}

void sha256_hex(sha256_ctx *c, char out[65]) {
  unsigned long long bits = c->bytes * 8;
  unsigned char pad = 0x80, zero = 0, len[8];
  sha256_update(c, &pad, 1);
  while (c->bytes % 64 != 56) sha256_update(c, &zero, 1);
  for (int i = 0; i < 8; i++) len[i] = (unsigned char)(bits >> (56 - 8 * i));
  sha256_update(c, len, 8);
  for (int i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", c->h[i]);
}

/* SHA-256 of a file's content; -1 when it cannot be read. */
/* Hashes the agent already made, by file identity: a file whose inode, size, mtime and ctime are
 * unchanged has the same content (ctime cannot be set by a program; every write moves it). The
 * clock behind them is coarse (a tick), so a hash is kept only for a file last changed well
 * before it was read: a write in the same tick would leave the times as they were. This table is
 * in the saved state, so after a restore the lab files placed there are not hashed again (hashing
 * is slow while v86 has not translated the code yet). */
static struct hashed {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime, ctime;
  char sha[65];
} hashed[128];
static unsigned hashed_next;

static int same_file(const struct hashed *h, const struct stat *st) {
  return h->sha[0] && h->dev == st->st_dev && h->ino == st->st_ino && h->size == st->st_size &&
         h->mtime.tv_sec == st->st_mtim.tv_sec && h->mtime.tv_nsec == st->st_mtim.tv_nsec &&
         h->ctime.tv_sec == st->st_ctim.tv_sec && h->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

int sha256_file(const char *path, char out[65]) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return -1;
  }
  for (size_t i = 0; i < sizeof hashed / sizeof hashed[0]; i++)
    if (same_file(&hashed[i], &st)) {
      close(fd);
      memcpy(out, hashed[i].sha, 65);
      return 0;
    }
  sha256_ctx c;
  sha256_init(&c);
  char buf[8192];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) sha256_update(&c, buf, n);
  close(fd);
  if (n < 0) return -1;
  sha256_hex(&c, out);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  long long age_ms = (now.tv_sec - st.st_ctim.tv_sec) * 1000LL + (now.tv_nsec - st.st_ctim.tv_nsec) / 1000000;
  if (S_ISREG(st.st_mode) && age_ms > 100) {
    struct hashed *h = &hashed[hashed_next++ % (sizeof hashed / sizeof hashed[0])];
    h->dev = st.st_dev;
    h->ino = st.st_ino;
    h->size = st.st_size;
    h->mtime = st.st_mtim;
    h->ctime = st.st_ctim;
    memcpy(h->sha, out, 65);
  }
  return 0;
}
