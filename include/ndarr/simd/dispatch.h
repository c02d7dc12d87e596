/* ndarr/simd/dispatch.h — runtime dispatch: which SIMD target serves a context's loops.
 *
 * The loops live in the context as function pointers (DESIGN §5), so only the translation unit
 * that compiles the kernels needs them: it includes <ndarr/simd/kernels.h>, which defines
 *     ndarr_status ndarr_simd_install(ndarr_ctx *ctx, const char *target);
 * (static, compiled in that TU for the targets NDARR_SIMD_TARGETS selects, see target.h), and
 * passes it at context creation:
 *     ndarr_ctx_options o;
 *     ndarr_ctx_options_init(&o);
 *     o.simd_install = ndarr_simd_install;   // from <ndarr/simd/kernels.h>
 *     o.simd_target = NULL;                  // or "avx2" … to force a target
 *     st = ndarr_ctx_create(&ctx, &o);
 * (ndarr_ctx_create_simd(&ctx, opts) in kernels.h does exactly that.) Every other TU calls
 * ufuncs through the context and compiles no kernel at all; a program that creates contexts
 * in several TUs passes the same function pointer around (it may come from another TU).
 *
 * Why an option and not a macro that swaps ndarr_ctx_create for a kernel-aware version: the
 * installer is an explicit value that crosses TUs (kernels compiled once, contexts created
 * anywhere), it does not depend on the order of #includes, it works unchanged in the
 * single-copy mode (NDARR_IMPLEMENTATION / NDARR_DECLARATIONS_ONLY), and a context created
 * without it is exactly the builtin one — so code that never asks for SIMD loops compiles none.
 *
 * Choosing the target (ndarr_simd_choose, called by the installer), in this order:
 *   1. ndarr_ctx_options.simd_target, if not NULL and not "" (a name from cpu.h's
 *      ndarr_simd_target_name, case-insensitive, or "auto");
 *   2. else the environment variable NDARR_SIMD_TARGET, if set and not "" (same names);
 *   3. else ("auto") the best target that is both compiled and supported by this CPU
 *      (avx512 > avx2 > sse41 > neon > scalar).
 * A named target must be compiled (NDARR_SIMD_COMPILED) and supported by the CPU, otherwise
 * context creation fails: NDARR_ENOTFOUND for an unknown name, NDARR_EUNSUPPORTED otherwise
 * (ndarr_ctx_create has no context left to carry the message; forcing is for tests and
 * reproducible runs, where silently running another target would defeat the purpose).
 * Forcing "scalar" installs the scalar backend's kernels (the portable path of the same
 * source); a context created without an installer keeps the builtin loops.
 *
 * Each installed loop is registered through the public loop API (ndarr_ufunc_add_loop: it
 * replaces the builtin loop of the same signature in place) with ndarr_loop_spec.impl set to
 * the target's name ("avx2", …; "scalar-simd" for the scalar backend), which is how listings
 * (ndarr_ufunc_loop_at, ndarr-calc list) show what serves a loop.
 */
#ifndef NDARR_SIMD_DISPATCH_H
#define NDARR_SIMD_DISPATCH_H

#include "../ctx.h"
#include "cpu.h"

NDARR__EXTERN_C_BEGIN

/* How a context's SIMD target was chosen. Values are frozen. */
typedef enum ndarr_simd_source {
  NDARR_SIMD_SOURCE_NONE = 0,   /* no installer: builtin loops only */
  NDARR_SIMD_SOURCE_AUTO = 1,   /* the best compiled target this CPU supports */
  NDARR_SIMD_SOURCE_OPTION = 2, /* ndarr_ctx_options.simd_target */
  NDARR_SIMD_SOURCE_ENV = 3     /* the NDARR_SIMD_TARGET environment variable */
} ndarr_simd_source;

/* What serves a context's loops. Fill with ndarr_ctx_simd_info. */
typedef struct ndarr_simd_info {
  uint32_t struct_size; /* sizeof(ndarr_simd_info); frozen first field */
  int32_t installed;    /* 1 when SIMD loops were installed, 0 for builtin loops only */
  int32_t target;       /* the ndarr_simd_target installed (NDARR_SIMD_SCALAR when none) */
  int32_t source;       /* ndarr_simd_source */
  int32_t nloops;       /* loops the installer registered */
  uint32_t compiled;    /* NDARR_SIMD_BIT_* the installer's TU compiled (0 without one) */
  uint32_t supported;   /* bit (1u << t) for each target this CPU runs */
} ndarr_simd_info;

/* The target whose loops serve ctx (NDARR_SIMD_SCALAR for the builtin loops too: check
 * ndarr_ctx_simd_info's `installed` to tell them apart). */
NDARR_API ndarr_simd_target ndarr_ctx_simd_target(const ndarr_ctx *ctx);

/* Fill *info (set info->struct_size first, or use 0 for the current size). */
NDARR_API void ndarr_ctx_simd_info(const ndarr_ctx *ctx, ndarr_simd_info *info);

/* For installers: choose the target among `compiled` (NDARR_SIMD_BIT_* mask) for this CPU as
 * described at the top, from `request` (NULL/"": the environment, then automatic). Records the
 * choice in ctx and sets *out. A named target that cannot be used is an error with a message
 * naming it and what is available. NDARR_ENOTFOUND with no error set (automatic choice only):
 * no compiled target runs on this CPU, install nothing. */
NDARR_API ndarr_status ndarr_simd_choose(ndarr_ctx *ctx, uint32_t compiled, const char *request,
                                         ndarr_simd_target *out) NDARR__WUR;

/* For installers: record that `nloops` loops of target t are installed. */
NDARR_API void ndarr_simd_record(ndarr_ctx *ctx, ndarr_simd_target t, int32_t nloops);

#if NDARR__DEFINE_BODIES
#include <stdlib.h>

NDARR_API ndarr_simd_target ndarr_ctx_simd_target(const ndarr_ctx *ctx) {
  if (!ctx || !ctx->simd.installed) return NDARR_SIMD_SCALAR;
  return (ndarr_simd_target)ctx->simd.target;
}

NDARR_API void ndarr_ctx_simd_info(const ndarr_ctx *ctx, ndarr_simd_info *info) {
  ndarr_simd_info r;
  size_t n;
  if (!info) return;
  n = info->struct_size >= sizeof(uint32_t) && info->struct_size < sizeof r ? info->struct_size
                                                                              : sizeof r;
  memset(&r, 0, sizeof r);
  r.struct_size = (uint32_t)n;
  if (ctx) {
    r.installed = ctx->simd.installed;
    r.target = ctx->simd.installed ? ctx->simd.target : (int32_t)NDARR_SIMD_SCALAR;
    r.source = ctx->simd.source;
    r.nloops = ctx->simd.nloops;
    r.compiled = ctx->simd.compiled;
    r.supported = ctx->simd.supported;
  }
  memcpy(info, &r, n);
}

/* Names of the targets in mask, best first, into buf. */
NDARR__API const char *ndarr__simd_names(uint32_t mask, char *buf, size_t cap) {
  static const ndarr_simd_target order[] = {NDARR_SIMD_AVX512, NDARR_SIMD_AVX2, NDARR_SIMD_SSE41,
                                            NDARR_SIMD_NEON, NDARR_SIMD_SCALAR};
  size_t len = 0, k;
  buf[0] = '\0';
  for (k = 0; k < sizeof order / sizeof order[0]; k++) {
    const char *nm = ndarr_simd_target_name(order[k]);
    size_t l = strlen(nm);
    if (!(mask & (1u << order[k]))) continue;
    if (len + l + 2 >= cap) break;
    if (len) buf[len++] = ' ';
    memcpy(buf + len, nm, l + 1);
    len += l;
  }
  if (!len && cap > 6) memcpy(buf, "none", 5);
  return buf;
}

NDARR__API int ndarr__simd_is_auto(const char *s) {
  return strlen(s) == 4 && (s[0] | 32) == 'a' && (s[1] | 32) == 'u' && (s[2] | 32) == 't' &&
         (s[3] | 32) == 'o';
}

NDARR_API ndarr_status ndarr_simd_choose(ndarr_ctx *ctx, uint32_t compiled, const char *request,
                                         ndarr_simd_target *out) {
  static const ndarr_simd_target order[] = {NDARR_SIMD_AVX512, NDARR_SIMD_AVX2, NDARR_SIMD_SSE41,
                                            NDARR_SIMD_NEON, NDARR_SIMD_SCALAR};
  ndarr_cpu_features f;
  uint32_t supported = 0;
  int32_t source = NDARR_SIMD_SOURCE_OPTION;
  const char *name = request;
  char b1[64], b2[64];
  int t;
  if (!ctx || !out) return NDARR_EINVAL;
  ndarr_cpu_detect(&f);
  for (t = 0; t < NDARR_SIMD_TARGET_COUNT; t++)
    if (ndarr_simd_target_supported(&f, (ndarr_simd_target)t)) supported |= 1u << t;
  if (!name || !*name) {
    name = getenv("NDARR_SIMD_TARGET");
    source = NDARR_SIMD_SOURCE_ENV;
  }
  ctx->simd.compiled = compiled;
  ctx->simd.supported = supported;
  if (name && *name && !ndarr__simd_is_auto(name)) {
    ndarr_simd_target want;
    const char *what = source == NDARR_SIMD_SOURCE_ENV ? "NDARR_SIMD_TARGET" : "simd_target";
    if (ndarr_simd_target_from_name(name, &want) != NDARR_OK)
      return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "%s '%s': unknown SIMD target (scalar, "
                                 "sse41, avx2, avx512, neon or auto)", what, name);
    if (!(compiled & (1u << want)))
      return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s '%s': that target is not compiled "
                                 "in (NDARR_SIMD_TARGETS gave: %s)", what, name,
                                 ndarr__simd_names(compiled, b1, sizeof b1));
    if (!(supported & (1u << want)))
      return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "%s '%s': this CPU lacks %s (it has: "
                                 "%s)", what, name, ndarr_simd_target_name(want),
                                 ndarr__simd_names(supported, b2, sizeof b2));
    ctx->simd.source = source;
    ctx->simd.target = want;
    *out = want;
    return NDARR_OK;
  }
  for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
    if ((compiled & supported) & (1u << order[k])) {
      ctx->simd.source = NDARR_SIMD_SOURCE_AUTO;
      ctx->simd.target = order[k];
      *out = order[k];
      return NDARR_OK;
    }
  }
  ctx->simd.source = NDARR_SIMD_SOURCE_AUTO;
  return NDARR_ENOTFOUND; /* nothing compiled runs here: keep the builtin loops */
}

NDARR_API void ndarr_simd_record(ndarr_ctx *ctx, ndarr_simd_target t, int32_t nloops) {
  if (!ctx) return;
  ctx->simd.installed = 1;
  ctx->simd.target = t;
  ctx->simd.nloops = nloops;
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#endif /* NDARR_SIMD_DISPATCH_H */
