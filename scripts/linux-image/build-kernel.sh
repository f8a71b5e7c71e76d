#!/bin/bash
# Builds the guest kernel (i386 bzImage) from Debian's linux-source-6.1 with the config kept beside
# this script (kernel.config). Called by build.sh; can run alone:
#
#   WORK=/tmp/linux-image bash scripts/linux-image/build-kernel.sh
#
# Writes $WORK/kernel/bzImage, $WORK/kernel/config (the config after olddefconfig: must equal
# kernel.config, else the build stops so the repo's config stays the one that was built) and
# $WORK/kernel/source-package (Debian source package name + version, for the GPL notice).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:?set WORK to a scratch folder}
K=$WORK/kernel
mkdir -p "$K"
cd "$K"

deb=$(ls linux-source-6.1_*_all.deb 2>/dev/null | tail -1 || true)
if [ -z "$deb" ]; then
  apt-get download linux-source-6.1
  deb=$(ls linux-source-6.1_*_all.deb | tail -1)
fi
echo "linux-source-6.1 $(dpkg-deb -f "$deb" Version)" > packages
echo "$(dpkg-deb -f "$deb" Source | cut -d' ' -f1) $(dpkg-deb -f "$deb" Version)" > source-package

rm -rf src
mkdir src
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-6.1.tar.xz | tar -xJ -C src --strip-components=1
cd src
cp "$HERE/kernel.config" .config
make -s ARCH=i386 olddefconfig
# Options the host compiler decides (CC_*, AS_*, LD_*, ...) may differ between build machines.
chosen() { grep -E '^CONFIG_' "$1" | grep -Ev '^CONFIG_(CC|AS|LD|GCC|CLANG|PAHOLE|RUSTC|TOOLCHAIN)_' || true; }
if ! diff -u <(chosen "$HERE/kernel.config") <(chosen .config); then
  echo "kernel.config is not a complete config for this source (options differ): copy $K/src/.config over it and review the diff" >&2
  exit 1
fi
export KBUILD_BUILD_TIMESTAMP="@${SOURCE_DATE_EPOCH:-1700000000}" KBUILD_BUILD_USER=course KBUILD_BUILD_HOST=v86
make -s ARCH=i386 -j"$(nproc)" bzImage
cp arch/x86/boot/bzImage "$K/bzImage"
cp .config "$K/config"
ls -l "$K/bzImage"
