/* bench/bench_util.h — what the benchmark programs share: a monotonic clock and a status check
 * that ends the program with the context's message. Include after <ndarr/ndarr.h> with
 * _POSIX_C_SOURCE >= 199309L defined (clock_gettime). */
#ifndef NDARR_BENCH_UTIL_H
#define NDARR_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef NDARR_BENCH_SRC_DIR
#define NDARR_BENCH_SRC_DIR "bench"
#endif

/* Seconds on the monotonic clock. */
static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Exit with "<program>: <message>" unless st is NDARR_OK. */
static inline void bench_check(const char *program, ndarr_ctx *ctx, ndarr_status st) {
  if (st != NDARR_OK) {
    fprintf(stderr, "%s: %s\n", program, ndarr_ctx_message(ctx));
    exit(1);
  }
}

#endif
