#!/usr/bin/env bash
# Build and run every example in examples/ (each examples/*.c is one program).
#
#   bash examples/run.sh
#
# On Debian/Ubuntu, gcc, make and cmake are installed with apt-get when missing (as root, or
# through sudo). Set NDARR_EXAMPLES_BUILD to choose the build directory (default:
# build-examples/ in the source tree); each example runs inside <build>/run/ so files it writes
# stay there.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${NDARR_EXAMPLES_BUILD:-$src/build-examples}

missing=()
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "examples/run.sh: please install: ${missing[*]}" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "examples/run.sh: missing ${missing[*]}; run as root or install them" >&2
      exit 1
    fi
  fi
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

jobs=$( (nproc || echo 2) 2>/dev/null)
echo "== configuring ndarr examples in $build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DNDARR_BUILD_TESTS=OFF -DNDARR_BUILD_EXAMPLES=ON -DNDARR_BUILD_TOOLS=ON -DNDARR_BUILD_BENCH=OFF \
  -DNDARR_WERROR=OFF >/dev/null
echo "== building"
cmake --build "$build" -j "$jobs"

shopt -s nullglob
examples=("$src"/examples/*.c)
if [ ${#examples[@]} -eq 0 ]; then
  echo "== no examples yet (examples/*.c); the build of ndarr-config passed:"
  "$build/ndarr-config" --version --simd
  exit 0
fi

mkdir -p "$build/run"
failed=()
for c in "${examples[@]}"; do
  name=$(basename "$c" .c)
  echo
  echo "== example: $name"
  if (cd "$build/run" && "$build/examples/$name"); then
    :
  else
    echo "== example $name FAILED (exit $?)"
    failed+=("$name")
  fi
done

# examples/highway/hwy_loops.cc is built only when Google Highway (libhwy-dev) and a C++
# compiler are found (examples/CMakeLists.txt): run it when it is there.
if [ -x "$build/examples/hwy_loops" ]; then
  examples+=("$src/examples/highway/hwy_loops.cc")
  echo
  echo "== example: hwy_loops"
  if ! (cd "$build/run" && "$build/examples/hwy_loops"); then
    echo "== example hwy_loops FAILED"
    failed+=("hwy_loops")
  fi
fi

# ndarr-calc on the .npy files the npyinfo example wrote with ndarr_save_npy (a float64 (3, 4)
# matrix with two NaNs and a big-endian Fortran-ordered int16 (3, 4) array): no Python needed.
calc="$build/ndarr-calc"
if [ -x "$calc" ] && [ -f "$build/run/npyinfo_demo_f8.npy" ] && [ -f "$build/run/npyinfo_demo_i2.npy" ]; then
  echo
  echo "== ndarr-calc: NumPy's ufuncs, reductions, casts and views on .npy files"
  calc_demo() {
    local shown="" a
    for a in "$@"; do
      case "$a" in *[\ \|\;\&\<\>\(\)\$\'\"]*) shown+=" '$a'" ;; *) shown+=" $a" ;; esac
    done
    echo "\$ ndarr-calc$shown"
    (cd "$build/run" && "$calc" "$@")
  }
  if calc_demo info npyinfo_demo_i2.npy &&
     calc_demo multiply npyinfo_demo_f8.npy 2.5 -o scaled.npy &&
     calc_demo sin scaled.npy -o sin.npy &&
     calc_demo add npyinfo_demo_i2.npy 0.5 &&
     calc_demo divmod npyinfo_demo_i2.npy 7 -o q.npy -o r.npy &&
     calc_demo sum npyinfo_demo_i2.npy --axis 0 &&
     calc_demo reduce maximum sin.npy --axis 1 --keepdims &&
     calc_demo view sin.npy '::-1, 1:3 | transpose' &&
     calc_demo astype sin.npy float16 -o sin16.npy &&
     calc_demo info sin16.npy --print &&
     calc_demo list sqrt; then
    # a failure is one line and a non-zero status, and writes nothing
    rc=0
    calc_demo --errstate raise log npyinfo_demo_f8.npy -o log.npy || rc=$?
    if [ "$rc" = 0 ] || [ -e "$build/run/log.npy" ]; then
      echo "== ndarr-calc demo: --errstate raise did not fail as it should"
      failed+=("ndarr-calc")
    else
      echo "(exit status $rc, as expected: log(0) under --errstate raise)"
    fi
  else
    echo "== ndarr-calc demo FAILED"
    failed+=("ndarr-calc")
  fi
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "== examples failed: ${failed[*]}"
  exit 1
fi
echo "== all ${#examples[@]} examples ran"
