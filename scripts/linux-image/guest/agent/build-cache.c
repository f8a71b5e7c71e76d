/* The compile cache: "build" reuses a binary when every input of an earlier build is the same. */
#include "agent.h"

/* ---- the compile cache ---- */

struct build builds[8];

/* Cache key: the compiler's flags, the source's name and its content. Not the folder: the inputs
 * tcc found beside the source (its "..." headers) are kept relative to the folder, so a build made
 * in one folder serves another with the same files (the image's saved state holds builds of the
 * course's programs made in a folder of their own). */
static int build_key(const char *dir, const char *src, char **flags, int nflags, char key[65]) {
  char path[1400], content[65];
  snprintf(path, sizeof path, "%s/%s", dir, src);
  if (sha256_file(path, content) != 0) return -1;
  sha256_ctx c;
  sha256_init(&c);
  for (int i = 0; i < nflags; i++) sha256_update(&c, flags[i], strlen(flags[i]) + 1);
  sha256_update(&c, "", 1);
  sha256_update(&c, src, strlen(src) + 1);
  sha256_update(&c, content, 64);
  sha256_hex(&c, key);
  return 0;
}

static int is_header(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 2 && !strcmp(e->d_name + n - 2, ".h");
}

/* SHA-256 of the names of the headers in DIR: a header added beside the source would shadow a
 * system header tcc used (which the inputs do not list), so which headers are there is an input. */
static int headers_in(const char *dir, char out[65]) {
  struct dirent **names;
  int n = scandir(dir, &names, is_header, alphasort);
  if (n < 0) return -1;
  sha256_ctx c;
  sha256_init(&c);
  for (int i = 0; i < n; i++) {
    sha256_update(&c, names[i]->d_name, strlen(names[i]->d_name) + 1);
    free(names[i]);
  }
  free(names);
  sha256_hex(&c, out);
  return 0;
}

#define HEADERS_INPUT "*.h" /* the line of a build's inputs that stands for headers_in() */
#define IMAGE_INPUT "image"  /* the hash of an input that is part of the image: not read again */

/* Files of the image (/usr: system headers, tcc's own, glibc): root's, which no lab program can
 * change, so a build's inputs there are not hashed (hashing them was most of a cache hit's time:
 * v86 runs the agent's code untranslated for a while after each restore). */
static int part_of_image(const char *path) { return !strncmp(path, "/usr/", 5) && !strstr(path, "/../"); }

#define MAX_BINARY (16 << 20) /* the largest binary the cache keeps */

/* Whether every input file of a build still has the SHA-256 it had then (relative paths: in DIR).
 * The list is the cache's (read as root); the files are the lab's (hashed with the lab's rights). */
static int inputs_unchanged(const char *variant, const char *dir) {
  char path[1400];
  size_t len;
  snprintf(path, sizeof path, "%s/inputs", variant);
  char *list = slurp(path, 1 << 20, &len);
  if (!list) return 0;
  list[len] = 0;
  files_as(LAB_UID);
  int ok = 1, count = 0;
  for (char *line = list, *nl; ok && *line; line = nl + 1) {
    char *sp = strchr(line, ' '), now[65];
    nl = strchr(line, '\n');
    if (!sp || !nl || sp > nl) {
      ok = 0;
      break;
    }
    *sp = 0;
    *nl = 0;
    if (sp[1] == '/') snprintf(path, sizeof path, "%s", sp + 1);
    else snprintf(path, sizeof path, "%s/%s", dir, sp + 1);
    if (!strcmp(sp + 1, HEADERS_INPUT)) ok = headers_in(dir, now) == 0 && strcmp(now, line) == 0;
    else if (part_of_image(path)) ok = !strcmp(line, IMAGE_INPUT);
    else ok = sha256_file(path, now) == 0 && strcmp(now, line) == 0;
    count++;
  }
  files_as(0);
  free(list);
  return ok && count > 0;
}

/* Copies the binary of a build of KEY whose inputs are unchanged to TARGET (a new file of the lab
 * user's, never through a link); 0 when there was one. A key (flags, source) holds one build per
 * set of inputs: CACHE_DIR/KEY/INPUTS-SHA256/. */
static int reuse_build(const char *key, const char *dir, const char *target) {
  char entry[200], variant[400], bin[420];
  snprintf(entry, sizeof entry, CACHE_DIR "/%s", key);
  DIR *d = opendir(entry);
  if (!d) return -1;
  struct dirent *e;
  int done = -1;
  while (done != 0 && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(variant, sizeof variant, "%s/%s", entry, e->d_name);
    snprintf(bin, sizeof bin, "%s/bin", variant);
    if (!inputs_unchanged(variant, dir)) continue;
    size_t len;
    char *binary = slurp(bin, MAX_BINARY, &len);
    if (!binary) continue;
    files_as(LAB_UID);
    done = spill(target, binary, len, 0775);
    files_as(0);
    free(binary);
  }
  closedir(d);
  return done;
}

/* After tcc exited 0: the inputs it read (its -MD file) with their SHA-256, and the binary. Every
 * file of the lab's is read with the rights of the user who ran tcc and never through a link, and
 * the cache keeps only what the agent itself wrote there, from those bytes. */
void remember_build(struct build *b) {
  char dir[200], inputs[300], path[1400], hex[65];
  size_t deps_len, binary_len;
  files_as(b->uid);
  char *deps = slurp(b->deps, 1 << 20, &deps_len);
  unlink(b->deps);
  snprintf(path, sizeof path, "%s/%s", b->dir, b->out);
  char *binary = slurp(path, MAX_BINARY, &binary_len);
  /* The list of inputs with their hashes, made in memory. */
  static char list[1 << 16];
  size_t used = 0;
  int ok = deps && binary && binary_len > 4 && !memcmp(binary, "\177ELF", 4), count = 0;
  if (deps) deps[deps_len] = 0;
  for (char *word = deps ? strtok(deps, " \t\r\n") : NULL; ok && word; word = strtok(NULL, " \t\r\n")) {
    size_t n = strlen(word);
    if (!strcmp(word, "\\") || word[n - 1] == ':') continue; /* "target:" and line continuations */
    if (word[0] == '/') snprintf(path, sizeof path, "%s", word);
    else snprintf(path, sizeof path, "%s/%s", b->dir, word);
    if (part_of_image(path)) snprintf(hex, sizeof hex, "%s", IMAGE_INPUT);
    int w = part_of_image(path) || sha256_file(path, hex) == 0
                ? snprintf(list + used, sizeof list - used, "%s %s\n", hex, word)
                : -1;
    ok = w > 0 && (size_t)w < sizeof list - used; /* as tcc named it */
    if (ok) used += w;
    count++;
  }
  if (ok) {
    int w = headers_in(b->dir, hex) == 0 ? snprintf(list + used, sizeof list - used, "%s %s\n", hex, HEADERS_INPUT) : -1;
    ok = w > 0 && (size_t)w < sizeof list - used;
    if (ok) used += w;
  }
  files_as(0);
  if (ok && count > 0) {
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, list, used);
    sha256_hex(&c, hex);
    char variant[400], bin[420], kept[420];
    snprintf(dir, sizeof dir, CACHE_DIR "/%s", b->key);
    mkdir(dir, 0700);
    snprintf(variant, sizeof variant, "%s/%s", dir, hex);
    snprintf(bin, sizeof bin, "%s/bin", variant);
    snprintf(kept, sizeof kept, "%s/inputs", variant);
    snprintf(inputs, sizeof inputs, "%s/.inputs-%d", dir, (int)b->pid);
    mkdir(variant, 0700);
    if (spill(bin, binary, binary_len, 0700) != 0 || spill(inputs, list, used, 0600) != 0 || rename(inputs, kept) != 0) {
      unlink(bin);
      unlink(inputs);
      rmdir(variant);
    }
  }
  free(deps);
  free(binary);
}

void cmd_build(const char *req, char **tok, int ntok) {
  static int counter;
  char *argv[MAX_ARGS + 1];
  if (ntok < 4) return say("@err %s bad build", req);
  int tty = tty_of(tok[0]);
  const char *dir = tok[1], *src = tok[2], *out = tok[3];
  if (tty < 0 || strchr(src, '/') || strchr(out, '/') || dir[0] != '/') return say("@err %s bad build", req);
  argv[0] = "tcc";
  int argc = decode_args(tok + 4, ntok - 4, argv, 1);
  if (argc < 0 || argc + 6 > MAX_ARGS) return say("@err %s bad argument", req);
  char key[65], target[1400];
  files_as(LAB_UID);
  int keyed = build_key(dir, src, argv + 1, argc - 1, key);
  files_as(0);
  if (keyed != 0) return say("@err %s cannot read %s/%s", req, dir, src);
  snprintf(target, sizeof target, "%s/%s", dir, out);
  if (reuse_build(key, dir, target) == 0) return say("@cached %s", req);

  struct build *b = NULL;
  for (int i = 0; i < 8 && !b; i++)
    if (builds[i].pid == 0) b = &builds[i];
  static char deps_path[64];
  snprintf(deps_path, sizeof deps_path, "/tmp/.tcc-inputs-%d.d", ++counter);
  static char mdflag[] = "-MD", mfflag[] = "-MF", oflag[] = "-o";
  static char outbuf[256], srcbuf[256];
  snprintf(outbuf, sizeof outbuf, "%s", out);
  snprintf(srcbuf, sizeof srcbuf, "%s", src);
  argv[argc++] = mdflag;
  argv[argc++] = mfflag;
  argv[argc++] = deps_path;
  argv[argc++] = oflag;
  argv[argc++] = outbuf;
  argv[argc++] = srcbuf;
  argv[argc] = NULL;
  pid_t pid = start(req, tty, dir, argv);
  if (pid <= 0) return;
  if (b) {
    b->pid = pid;
    b->uid = uid_of_tty(tty);
    snprintf(b->dir, sizeof b->dir, "%s", dir);
    snprintf(b->out, sizeof b->out, "%s", out);
    snprintf(b->deps, sizeof b->deps, "%s", deps_path);
    memcpy(b->key, key, sizeof key);
  }
  say("@spawned %s %d", req, (int)pid);
}
