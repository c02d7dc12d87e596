#!/usr/bin/env bash
# ndarr's full test run — what CI runs (.ci/run calls exactly this):
#
#   bash tests/run-all.sh
#
# Works from a fresh clone at any path, as root on a minimal Debian 12 (it apt-installs what is
# missing) or as a user who has the tools. Stages, each in its own build directory under
# build-ci/ (override with NDARR_CI_DIR):
#   gcc       gcc, -O2, -Werror: build everything but bench/ (incl. header compile checks), ctest
#             (the Criterion tests in the default linkage mode; single-copy linking is the
#             tests/linkage/ programs' job)
#   clang     clang, -O0 -g, -Werror: build everything (tests in the default linkage mode), ctest
#   sanitize  clang -O0, AddressSanitizer + UndefinedBehaviorSanitizer (leak checks on), ctest
#   coverage  gcc --coverage, ctest, then line and branch coverage of include/ (gcovr)
#   tsan      ThreadSanitizer build of the plain tests (tests/plain_*.c), when there are any
#   fuzz      every tests/fuzz/fuzz_*.c with libFuzzer (+ASan/UBSan) for NDARR_FUZZ_SECONDS
#             (default 30) each, seeded from tests/fuzz/corpus_<name>/
#   cross     aarch64 under qemu-user: by default tests/plain_simd.c and plain_simd_math.c (the NEON and scalar SIMD
#             kernels against the builtin loops); NDARR_CI_CROSS=1 runs every tests/plain_*.c.
#             On an x86-64 Debian host the cross compiler and qemu-user are apt-installed when
#             this stage is selected (NDARR_CI_CROSS=0: do not install; the stage is then
#             skipped unless aarch64-linux-gnu-gcc and qemu-aarch64 are there)
#
# Environment: NDARR_STAGES="gcc clang ..." runs a subset; NDARR_JOBS (default 2) sets build and
# ctest parallelism; NDARR_PYTHON skips the venv and uses that interpreter as the oracle.
# Every stage runs even when an earlier one failed; the exit status is non-zero if any failed.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CI_DIR=${NDARR_CI_DIR:-$SRC/build-ci}
JOBS=${NDARR_JOBS:-2}
STAGES=${NDARR_STAGES:-gcc clang sanitize coverage tsan fuzz cross}
FUZZ_SECONDS=${NDARR_FUZZ_SECONDS:-30}
export CTEST_OUTPUT_ON_FAILURE=1
mkdir -p "$CI_DIR"
cd "$SRC"

say() { printf '\n==== %s\n' "$*"; }
t_start=$(date +%s)

# ---- 1. system packages (Debian) -----------------------------------------------------------
need_pkgs=(build-essential cmake pkg-config libcriterion-dev clang libclang-rt-14-dev python3
           python3-venv gcovr g++ git libhwy-dev)
if [ "${NDARR_CI_CROSS:-}" != 0 ] && [ "$(uname -m)" = x86_64 ] && [[ " $STAGES " == *" cross "* ]]; then
  need_pkgs+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
fi
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${need_pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "run-all: missing packages: ${missing[*]} (run as root or install them)" >&2
        exit 1
      fi
    fi
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    $sudo apt-get "${apt_opts[@]}" update -qq
    $sudo apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" \
      >/dev/null
  fi
else
  echo "run-all: no apt-get/dpkg here; using the tools on PATH"
fi
for tool in cmake ctest gcc clang; do
  command -v "$tool" >/dev/null || { echo "run-all: $tool not found" >&2; exit 1; }
done

# ---- 2. the oracle: a venv with NumPy 2.x and mpmath ---------------------------------------
oracle_ok() {
  "$1" -c 'import sys, numpy, mpmath; sys.exit(0 if int(numpy.__version__.split(".")[0]) >= 2 else 1)' \
    >/dev/null 2>&1
}
if [ -n "${NDARR_PYTHON:-}" ]; then
  PY=$NDARR_PYTHON
  oracle_ok "$PY" || { echo "run-all: NDARR_PYTHON=$PY lacks NumPy 2.x or mpmath" >&2; exit 1; }
else
  VENV=$CI_DIR/venv
  PY=$VENV/bin/python
  if ! oracle_ok "$PY"; then
    say "python venv with numpy>=2 and mpmath in $VENV"
    rm -rf "$VENV"
    base_py=python3
    [ -x /usr/bin/python3 ] && /usr/bin/python3 -m venv --help >/dev/null 2>&1 && base_py=/usr/bin/python3
    if "$base_py" -m venv "$VENV" && "$PY" -m pip install -q --disable-pip-version-check \
         'numpy>=2' mpmath; then
      :
    else
      # No PyPI here. Go on with the Python we have, so that everything that does not need
      # the oracle is still built and run; the oracle tests will fail and say why.
      PY=$(command -v python3 || echo python3)
      if oracle_ok "$PY"; then
        echo "run-all: pip install failed; using $PY, which has NumPy 2.x and mpmath" >&2
      else
        echo "run-all: WARNING: pip could not install numpy>=2 and mpmath, and $PY does not" \
             "have both (NumPy 2.x): the tests that use the oracle will fail" >&2
      fi
    fi
  fi
fi
echo "oracle: $PY ($("$PY" -c 'import numpy, mpmath; print("numpy", numpy.__version__, "mpmath", mpmath.__version__)' 2>&1 | tail -1))"
echo "cmake: $(cmake --version | head -1); gcc: $(gcc -dumpfullversion); clang: $(clang -dumpversion)"

# ---- 3. stages -------------------------------------------------------------------------------
failed=()
passed=()
skipped=()

# configure_build <dir> <cmake args...>: a fresh configure and a build.
configure_build() {
  local dir=$1
  shift
  rm -rf "$dir"
  cmake -S "$SRC" -B "$dir" -DNDARR_PYTHON="$PY" -DNDARR_WERROR=ON "$@"
  cmake --build "$dir" -j "$JOBS"
}

run_ctest() {
  ctest --test-dir "$1" -j "$JOBS" --output-on-failure --no-tests=error
}

stage_gcc() {
  local b=$CI_DIR/gcc
  # The benchmarks (SIMD kernels for every target: slow to compile at -O2) build in the clang
  # stage; here only what the tests need.
  CC=gcc CXX=g++ configure_build "$b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-O2 \
    -DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDARR_BUILD_BENCH=OFF -DNDARR_TEST_SINGLE_COPY=OFF
  # version.h is generated into the source tree: the committed copy must be current.
  if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1 &&
     ! git -C "$SRC" diff --quiet -- include/ndarr/version.h; then
    echo "include/ndarr/version.h differs from what CMake generates: commit it" >&2
    git -C "$SRC" --no-pager diff -- include/ndarr/version.h >&2
    return 1
  fi
  run_ctest "$b"
}

stage_clang() {
  local b=$CI_DIR/clang
  # The single-copy linkage mode is the gcc stage's: here each test is built once.
  CC=clang CXX=clang++ configure_build "$b" -DCMAKE_BUILD_TYPE=Debug -DNDARR_TEST_SINGLE_COPY=OFF \
    -DNDARR_HIGHWAY_EXAMPLE=OFF
  run_ctest "$b"
}

stage_sanitize() {
  local b=$CI_DIR/sanitize
  # -O0: clang instruments the big static-inline headers 4x faster than at -O1.
  CC=clang CXX=clang++ configure_build "$b" -DCMAKE_BUILD_TYPE=Debug \
    -DNDARR_SANITIZE=address,undefined -DNDARR_BUILD_COMPILE_CHECKS=OFF \
    -DNDARR_BUILD_PACKAGING_TESTS=OFF -DNDARR_BUILD_BENCH=OFF -DNDARR_TEST_SINGLE_COPY=OFF \
    -DNDARR_HIGHWAY_EXAMPLE=OFF
  export ASAN_OPTIONS=detect_leaks=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  run_ctest "$b"
}

stage_coverage() {
  local b=$CI_DIR/coverage
  CC=gcc CXX=g++ configure_build "$b" -DCMAKE_BUILD_TYPE=Debug -DNDARR_COVERAGE=ON \
    -DNDARR_BUILD_COMPILE_CHECKS=OFF -DNDARR_BUILD_PACKAGING_TESTS=OFF -DNDARR_BUILD_BENCH=OFF \
    -DNDARR_TEST_SINGLE_COPY=OFF -DNDARR_HIGHWAY_EXAMPLE=OFF
  run_ctest "$b"
  cmake --build "$b" --target coverage
}

stage_tsan() {
  shopt -s nullglob
  local plain=("$SRC"/tests/plain_*.c)
  shopt -u nullglob
  if [ ${#plain[@]} -eq 0 ]; then
    echo "no tests/plain_*.c: nothing to run under ThreadSanitizer"
    return 0
  fi
  local b=$CI_DIR/tsan
  CC=gcc CXX=g++ configure_build "$b" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
    -DNDARR_SANITIZE=thread -DNDARR_BUILD_COMPILE_CHECKS=OFF -DNDARR_BUILD_PACKAGING_TESTS=OFF \
    -DNDARR_BUILD_EXAMPLES=OFF -DNDARR_BUILD_TOOLS=OFF -DNDARR_BUILD_BENCH=OFF
  # TSan needs a fixed address-space layout; setarch -R disables randomization for the tests.
  local wrap=()
  if command -v setarch >/dev/null 2>&1 && setarch "$(uname -m)" -R true 2>/dev/null; then
    wrap=(setarch "$(uname -m)" -R)
  fi
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  "${wrap[@]}" ctest --test-dir "$b" -j "$JOBS" --output-on-failure --no-tests=error -L plain
}

stage_fuzz() {
  shopt -s nullglob
  local targets=("$SRC"/tests/fuzz/fuzz_*.c)
  shopt -u nullglob
  if [ ${#targets[@]} -eq 0 ]; then
    echo "no tests/fuzz/fuzz_*.c: nothing to fuzz"
    return 0
  fi
  local b=$CI_DIR/fuzz rc=0
  rm -rf "$b"
  mkdir -p "$b"
  for t in "${targets[@]}"; do
    local name
    name=$(basename "$t" .c)
    local seeds=$SRC/tests/fuzz/corpus_${name#fuzz_}
    [ -d "$seeds" ] || seeds=$SRC/tests/fuzz/corpus_$name
    echo "-- $name: building"
    clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
      -Wall -Wextra -Wpedantic -Werror -I"$SRC/include" -I"$SRC/tests" "$t" -o "$b/$name" \
      -pthread -lm
    mkdir -p "$b/corpus_$name" "$b/artifacts_$name"
    # new inputs go to the build-tree corpus; the seeds in the source tree are only read
    local args=("$b/corpus_$name")
    if [ -d "$seeds" ]; then args+=("$seeds"); else echo "-- $name: no seed corpus at $seeds"; fi
    if [ -f "$SRC/tests/fuzz/$name.dict" ]; then args=(-dict="$SRC/tests/fuzz/$name.dict" "${args[@]}"); fi
    echo "-- $name: fuzzing for ${FUZZ_SECONDS}s"
    export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    if "$b/$name" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
         -print_final_stats=1 -artifact_prefix="$b/artifacts_$name/" "${args[@]}" \
         >"$b/$name.log" 2>&1; then
      echo "-- $name: ok ($(grep -E 'stat::number_of_executed_units' "$b/$name.log" | awk '{print $2}') runs)"
    else
      echo "-- $name: FAILED; crash inputs in $b/artifacts_$name/" >&2
      tail -n 60 "$b/$name.log" >&2
      rc=1
    fi
  done
  return $rc
}

stage_cross() {
  if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || ! command -v qemu-aarch64 >/dev/null 2>&1; then
    echo "aarch64-linux-gnu-gcc or qemu-aarch64 not installed (NDARR_CI_CROSS=0 was set, or not Debian x86-64)"
    return 77
  fi
  shopt -s nullglob
  local plain=("$SRC"/tests/plain_*.c)
  shopt -u nullglob
  if [ ${#plain[@]} -eq 0 ]; then
    echo "no tests/plain_*.c to run on aarch64"
    return 0
  fi
  local b=$CI_DIR/cross-aarch64
  rm -rf "$b"
  cmake -S "$SRC" -B "$b" -DNDARR_PYTHON="$PY" -DNDARR_WERROR=ON \
    -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
    -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc -DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64 \
    -DCMAKE_EXE_LINKER_FLAGS=-static -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-O2 \
    -DNDARR_BUILD_COMPILE_CHECKS=OFF -DNDARR_BUILD_PACKAGING_TESTS=OFF \
    -DNDARR_BUILD_EXAMPLES=OFF -DNDARR_BUILD_TOOLS=OFF -DNDARR_BUILD_BENCH=OFF
  if [ "${NDARR_CI_CROSS:-}" = 1 ]; then # every plain test
    cmake --build "$b" -j "$JOBS"
    ctest --test-dir "$b" -j "$JOBS" --output-on-failure --no-tests=error -L plain
  else # the SIMD kernels (NEON)
    cmake --build "$b" -j "$JOBS" --target plain_simd plain_simd_math
    ctest --test-dir "$b" -j "$JOBS" --output-on-failure --no-tests=error -R '^plain_simd(_math)?$'
  fi
}

for stage in $STAGES; do
  if ! declare -F "stage_$stage" >/dev/null; then
    echo "run-all: unknown stage '$stage'" >&2
    failed+=("$stage")
    continue
  fi
  say "stage $stage"
  s0=$(date +%s)
  set +e
  (set -euo pipefail; "stage_$stage")
  rc=$?
  set -e
  s1=$(date +%s)
  if [ $rc -eq 0 ]; then
    passed+=("$stage")
    echo "==== stage $stage: passed ($((s1 - s0))s)"
  elif [ $rc -eq 77 ]; then
    skipped+=("$stage")
    echo "==== stage $stage: skipped"
  else
    failed+=("$stage")
    echo "==== stage $stage: FAILED ($((s1 - s0))s)"
  fi
done

say "ndarr test run in $(( $(date +%s) - t_start ))s: passed: ${passed[*]:-none}; failed: ${failed[*]:-none}; skipped: ${skipped[*]:-none}"
echo "stages: ${#passed[@]} passed, ${#failed[@]} failed, ${#skipped[@]} skipped"
[ ${#failed[@]} -eq 0 ]
