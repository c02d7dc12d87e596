/* tests/impl_single.c — the one NDARR_IMPLEMENTATION translation unit of the single-copy test
 * builds. Every tests/test_*.c is also built as <name>_single with NDARR_DECLARATIONS_ONLY
 * (prototypes only) and linked with this file, which holds the only copy of ndarr's code. */
#undef NDARR_DECLARATIONS_ONLY
#define NDARR_IMPLEMENTATION
#include <ndarr/ndarr.h>
