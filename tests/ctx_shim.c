/* tests/ctx_shim.c — the one translation unit of a default-mode test program that creates
 * contexts.
 *
 * ndarr_ctx_create registers the builtin ufunc loops, so the TU that calls it compiles them
 * (DESIGN: only the TU that creates the context needs the kernel code). The default-mode test
 * programs (static inline everywhere) call ndarr_ctx_create through this TU — testutil.h
 * routes the name here when NDARR_TEST_CTX_SHIM is defined — so each test file compiles the
 * engine and the functions it uses, and the loops compile once (this object is shared by every
 * default-mode test program) instead of once per test file. Contexts cross the TU boundary as
 * they do in any program (tests/linkage checks that too). */
#include <ndarr/ndarr.h>

ndarr_status ndarr_test_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts);
ndarr_status ndarr_test_ctx_create(ndarr_ctx **out, const ndarr_ctx_options *opts) {
  return ndarr_ctx_create(out, opts);
}
