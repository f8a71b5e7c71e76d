#!/bin/bash
# Builds the guest of "Linux in your browser" from Debian packages only and writes it to
# static/linux/ (the site serves that folder):
#
#   npm run linux-image                # WORK=/var/tmp/linux-image by default (kept between runs)
#
#   bzImage             i386 kernel from linux-source-6.1, config scripts/linux-image/kernel.config
#   initramfs.cpio.gz   busybox-static, tcc, glibc (runtime, crt files, headers + the kernel uapi
#                       headers they include), the course's headers, init, the guest agent's source
#   state.bin.zst       the machine saved right after boot, agent ready (what the page restores)
#   seabios.bin, vgabios.bin   from Debian's seabios package
#   manifest.json       input packages + versions, config sha256, artifact sha256, GPL source notice
#
# i386 packages come through a private apt state (APT::Architecture=i386 under $WORK/apt): dpkg's
# architectures are not changed and nothing i386 is installed on this machine. The tools the build
# needs on the host (flex, bison, cpio, ...) are installed with apt-get if missing (needs root).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export WORK=${WORK:-/var/tmp/linux-image}
OUT=${OUT:-$REPO/static/linux}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
mkdir -p "$WORK" "$OUT"

# 0. Host tools.
need=()
for t in flex:flex bison:bison bc:bc cpio:cpio zstd:zstd make:make gcc:gcc; do
  command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
done
[ -e /usr/include/libelf.h ] || need+=(libelf-dev)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# 1. Kernel (rebuilt only when kernel.config or the source package changed).
config_sha=$(sha256sum "$HERE/kernel.config" | cut -d' ' -f1)
if [ "$(cat "$WORK/kernel/built-from" 2>/dev/null)" != "$config_sha" ] || [ ! -s "$WORK/kernel/bzImage" ]; then
  bash "$HERE/build-kernel.sh"
  echo "$config_sha" > "$WORK/kernel/built-from"
fi

# 2. i386 packages through a private apt state.
APTDIR=$WORK/apt
DEBS=$WORK/debs
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$DEBS"
touch "$APTDIR/status"
APT=(apt-get -q -o Dir::State::Lists="$APTDIR/lists" -o Dir::Cache="$APTDIR/cache"
  -o Dir::State::status="$APTDIR/status" -o APT::Architecture=i386 -o APT::Architectures::=i386
  -o Acquire::Languages=none)
GUEST_PKGS=(busybox-static tcc libc6 libc6-dev linux-libc-dev)
# A failing extra index (a security mirror mid-sync) is tolerated: every download below is checked.
"${APT[@]}" update >/dev/null || echo "warning: apt-get update reported errors; continuing" >&2
rm -f "$DEBS"/*.deb
(cd "$DEBS" && "${APT[@]}" download "${GUEST_PKGS[@]/%/:i386}" >/dev/null && apt-get download -q seabios >/dev/null)

X=$WORK/x
rm -rf "$X"
mkdir -p "$X"
: > "$WORK/packages.tsv"
for d in "$DEBS"/*.deb; do
  n=$(dpkg-deb -f "$d" Package)
  src=$(dpkg-deb -f "$d" Source)
  version=$(dpkg-deb -f "$d" Version)
  # Source: "name" or "name (version)" when the source version differs (binNMU)
  src_name=${src%% *}
  src_version=$(sed -n 's/.*(\(.*\))/\1/p' <<<"$src")
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$version" "$(dpkg-deb -f "$d" Architecture)" "${src_name:-$n}" \
    "${src_version:-$version}" >> "$WORK/packages.tsv"
  mkdir -p "$X/$n"
  dpkg-deb -x "$d" "$X/$n"
done
printf 'linux-source-6.1\t%s\tall\t%s\t%s\n' "$(cut -d' ' -f2 "$WORK/kernel/packages")" \
  $(cat "$WORK/kernel/source-package") >> "$WORK/packages.tsv"

# 3. The root filesystem.
R=$WORK/rootfs
rm -rf "$R"
mkdir -p "$R"/{bin,sbin,usr/bin,usr/lib,usr/src/agent,etc,proc,sys,dev,tmp,root,lab,var/tmp,var/cache/cc}
ln -s usr/lib "$R/lib"
chmod 1777 "$R/tmp"
# put PKG PATH...: copies files of an unpacked package; /lib/... goes to /usr/lib/... (usr-merged)
put() {
  local P=$1 rel dst
  shift
  for rel in "$@"; do
    dst=${rel#./}
    dst=${dst/#lib\//usr/lib/}
    mkdir -p "$R/$(dirname "$dst")"
    cp -a "$X/$P/$rel" "$R/$dst"
  done
}
cp "$X/busybox-static/bin/busybox" "$R/bin/busybox"
# The applet list comes from the i386 binary itself, or, on a host that cannot run i386 programs
# (no IA32 emulation), from the host architecture's build of the same package version.
applets=$("$X/busybox-static/bin/busybox" --list 2>/dev/null) || {
  bb_version=$(dpkg-deb -f "$DEBS"/busybox-static_*_i386.deb Version)
  (cd "$WORK" && rm -f busybox-static_*_"$(dpkg --print-architecture)".deb &&
    apt-get download -q "busybox-static=$bb_version" >/dev/null)
  rm -rf "$WORK/bb-host" && dpkg-deb -x "$WORK"/busybox-static_*_"$(dpkg --print-architecture)".deb "$WORK/bb-host"
  applets=$("$WORK/bb-host/bin/busybox" --list)
}
for a in $applets; do
  [ "$a" = busybox ] || [ "$a" = init ] || ln -s busybox "$R/bin/$a"
done
M=lib/i386-linux-gnu
put libc6 lib/ld-linux.so.2 $M/ld-linux.so.2 $M/libc.so.6 $M/libm.so.6 $M/libpthread.so.0 $M/libdl.so.2 $M/librt.so.1
U=usr/lib/i386-linux-gnu
put libc6-dev usr/include $U/crt1.o $U/crti.o $U/crtn.o $U/Scrt1.o $U/libc.so $U/libc_nonshared.a $U/libm.so \
  $U/libpthread.a $U/libdl.a $U/librt.a
cp -a "$X/linux-libc-dev/usr/include/." "$R/usr/include/"
put tcc usr/bin/tcc $U/tcc
ln -s tcc "$R/usr/bin/cc"
# The lab's programs run as "lab" (uid 1000), not root: root is exempt from RLIMIT_NPROC and could
# change the system headers the compile cache does not hash.
# Each terminal's programs run as a user of their own (lab1-lab3, group lab), so Stop can end all of
# a program's processes, and one program's fork loop does not use up another's RLIMIT_NPROC.
printf 'root:x:0:0:root:/root:/bin/sh\nlab:x:1000:1000:lab:/lab:/bin/sh\nlab1:x:1001:1000:lab:/lab:/bin/sh\nlab2:x:1002:1000:lab:/lab:/bin/sh\nlab3:x:1003:1000:lab:/lab:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\nlab:x:1000:\n' > "$R/etc/group"
echo lab > "$R/etc/hostname"
cp "$REPO"/reference/c/*.h "$R/usr/include/"
cp "$HERE"/guest/agent/*.c "$HERE"/guest/agent/*.h "$R/usr/src/agent/"
cp "$HERE/guest/init" "$R/init"
chmod 755 "$R/init"

# Of the kernel uapi headers keep only those glibc's headers include (the labs include glibc's).
keep=$WORK/uapi-keep
for h in $(cd "$X/libc6-dev/usr/include" && find . -name '*.h' | sed -e 's#^\./##' -e 's#^i386-linux-gnu/##' | sort -u); do
  echo "#include <$h>" | gcc -m32 -D_GNU_SOURCE -E -M -MG -nostdinc -isystem "$R/$U/tcc/include" \
    -isystem "$R/usr/include/i386-linux-gnu" -isystem "$R/usr/include" -x c - 2>/dev/null | tr ' \\' '\n\n' || true
done | grep "^$R/usr/include/" | sed "s#^$R/##" | LC_ALL=C sort -u > "$keep"
(cd "$R" && find usr/include/linux usr/include/asm-generic usr/include/i386-linux-gnu/asm -type f) | LC_ALL=C sort |
  LC_ALL=C comm -23 - "$keep" | (cd "$R" && xargs rm -f)
find "$R/usr/include" -depth -type d -empty -delete

find "$R" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$R" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9n > "$WORK/initramfs.cpio.gz"

# 4. Artifacts, the booted state, the manifest.
cp "$WORK/kernel/bzImage" "$OUT/bzImage"
cp "$WORK/initramfs.cpio.gz" "$OUT/initramfs.cpio.gz"
cp "$X/seabios/usr/share/seabios/bios.bin" "$OUT/seabios.bin"
cp "$X/seabios/usr/share/seabios/vgabios-stdvga.bin" "$OUT/vgabios.bin"
cd "$REPO"
npx tsx scripts/linux-image/save-state.ts "$OUT" "$WORK/state.bin" "$WORK/lab-files.json"
zstd -19 -q -f "$WORK/state.bin" -o "$OUT/state.bin.zst"
npx tsx scripts/linux-image/write-manifest.ts "$OUT" "$WORK/packages.tsv" "$HERE/kernel.config" "$WORK/lab-files.json"
ls -l "$OUT"
