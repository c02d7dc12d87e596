#!/usr/bin/env bash
# bench/simd_size.sh — the bytes ndarr's SIMD kernels add to a downstream program.
#
#   bash bench/simd_size.sh [CC]      (default: cc; run from anywhere)
#
# Builds one small program (it creates a context and calls ndarr_exp and ndarr_add) several
# times with CC -O2, stripped: without <ndarr/simd/kernels.h> (builtin loops only), and with it
# for NDARR_SIMD_TARGETS = scalar only, one target (avx2 / avx512 / neon, each with scalar),
# and every target the compiler emits (the default). Prints a Markdown table of the stripped
# size and of the text+data bytes each variant adds over the builtin-only program.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cc=${1:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/prog.c" <<'C'
#include <ndarr/ndarr.h>
#ifdef WITH_SIMD
#include <ndarr/simd/kernels.h>
#endif
#include <stdio.h>
int main(void) {
  ndarr_ctx *ctx = NULL;
  ndarr_ctx_options o;
  ndarr_ctx_options_init(&o);
#ifdef WITH_SIMD
  o.simd_install = ndarr_simd_install;
#endif
  if (ndarr_ctx_create(&ctx, &o) != NDARR_OK) return 1;
  int64_t n = 1000;
  ndarr_array *x = NULL, *y = NULL, *z = NULL;
  if (ndarr_linspace(ctx, 0, 1, n, 1, ndarr_dtype_of(NDARR_FLOAT64), &x) != NDARR_OK) return 1;
  if (ndarr_exp(ctx, x, &y) != NDARR_OK || ndarr_add(ctx, x, y, &z) != NDARR_OK) return 1;
  printf("%s %g\n", ndarr_simd_target_name(ndarr_ctx_simd_target(ctx)), ((double *)(void *)z->data)[n - 1]);
  ndarr_release(x);
  ndarr_release(y);
  ndarr_release(z);
  ndarr_ctx_destroy(ctx);
  return 0;
}
C
arch=$("$cc" -dumpmachine)
variants=("builtin only (no kernels.h)|")
variants+=("scalar backend only|-DWITH_SIMD -DNDARR_SIMD_TARGETS=0x1u")
case "$arch" in
  x86_64*) variants+=("scalar + avx2|-DWITH_SIMD -DNDARR_SIMD_TARGETS=0x5u"
                      "scalar + avx512|-DWITH_SIMD -DNDARR_SIMD_TARGETS=0x9u"
                      "all x86-64 targets (scalar, sse41, avx2, avx512: the default)|-DWITH_SIMD") ;;
  aarch64*) variants+=("scalar + neon (the default)|-DWITH_SIMD") ;;
esac
base=0
echo "| program ($cc $("$cc" -dumpversion), -O2, stripped) | file bytes | text+data bytes | added by the kernels |"
echo "|---|---|---|---|"
for v in "${variants[@]}"; do
  name=${v%%|*}
  flags=${v#*|}
  # shellcheck disable=SC2086
  "$cc" -std=c11 -O2 -I"$src/include" $flags "$tmp/prog.c" -o "$tmp/prog" -lm -lpthread
  strip "$tmp/prog"
  read -r text data _ < <(size "$tmp/prog" | tail -1)
  td=$((text + data))
  [ "$base" = 0 ] && base=$td
  printf '| %s | %d | %d | %+d |\n' "$name" "$(stat -c %s "$tmp/prog")" "$td" $((td - base))
done
