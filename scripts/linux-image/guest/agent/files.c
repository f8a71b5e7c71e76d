/* Files the page writes ("put") and the agent reads or writes for itself. */
#include "agent.h"

/* ---- files ---- */


/* The file rights the agent uses from now on: root's, or a lab user's (setfsuid: permission checks
 * are made as that user, and links lead only where that user could go anyway). */
void files_as(uid_t uid) {
  setfsuid(uid);
  setfsgid(uid ? LAB_GID : 0);
}

/* Folders the page writes are the lab's (group-writable: each terminal has a user of its own). */
static void mkdirs(const char *path) {
  char p[4096];
  snprintf(p, sizeof p, "%s", path);
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    if (mkdir(p, 0775) == 0) chmod(p, 0775);
    *s = '/';
  }
}

static int writable_by_page(const char *path) {
  return (!strncmp(path, "/lab/", 5) || !strncmp(path, "/tmp/", 5)) && !strstr(path, "/../");
}

void cmd_put(const char *req, char *path, const char *offset, const char *hex) {
  static char data[MAX_LINE / 2];
  int n = unhex(hex, data, sizeof data);
  long off = atol(offset);
  if (n < 0 || !writable_by_page(path)) return say("@err %s bad put", req);
  files_as(LAB_UID);
  mkdirs(path);
  int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (off == 0 ? O_TRUNC : 0), 0664);
  if (fd < 0) {
    say("@err %s open %s: %s", req, path, strerror(errno));
  } else {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) say("@err %s open %s: not a regular file", req, path);
    else if (pwrite(fd, data, n, off) != n) say("@err %s write %s: %s", req, path, strerror(errno));
    else say("@ok %s", req);
    close(fd);
  }
  files_as(0);
}

/* The content of the regular file PATH (not a link), at most CAP bytes, read with the file rights
 * in force; NULL when it cannot be. The caller frees it. */
char *slurp(const char *path, size_t cap, size_t *len) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  char *data = NULL;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= cap) data = malloc(st.st_size + 1);
  size_t got = 0;
  ssize_t n = 1;
  while (data && got < (size_t)st.st_size && (n = read(fd, data + got, st.st_size - got)) > 0) got += n;
  close(fd);
  if (data && (n < 0 || got != (size_t)st.st_size)) {
    free(data);
    data = NULL;
  }
  *len = got;
  return data;
}

/* Writes DATA to a new file TO (what was at TO is removed first, and never followed): 0 or -1. */
int spill(const char *to, const char *data, size_t len, mode_t mode) {
  /* Written beside the target and renamed onto it: a program exec'ing the target meanwhile (a
   * child the agent forked a moment ago) finds the old file or the new one, never one still open
   * for writing (exec would fail with ETXTBSY, "Text file busy"). */
  char tmp[PATH_MAX];
  if (snprintf(tmp, sizeof tmp, "%s.spill-%d", to, (int)getpid()) >= (int)sizeof tmp) return -1;
  unlink(tmp);
  int out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (out < 0) return -1;
  fchmod(out, mode);
  int ok = 1;
  for (size_t off = 0; ok && off < len;) {
    ssize_t w = write(out, data + off, len - off);
    if (w <= 0) ok = 0;
    else off += w;
  }
  if (close(out) != 0) ok = 0;
  if (ok && rename(tmp, to) != 0) ok = 0;
  if (!ok) unlink(tmp);
  return ok ? 0 : -1;
}

/* Writes TEXT to a kernel file (proc, sysfs, cgroup, tracefs); 0 when the kernel took it. */
int write_text(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  int saved = errno;
  close(fd);
  errno = saved;
  return n == (ssize_t)strlen(text) ? 0 : -1;
}
