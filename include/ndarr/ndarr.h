/* ndarr/ndarr.h — the umbrella header: include this to get all of ndarr.
 *
 * ndarr is a header-only C11 library of N-dimensional arrays, an open dtype system, ufuncs
 * with reductions, and SIMD loops. Every function is static inline by default; see
 * ndarr/common.h for the single-copy mode (NDARR_IMPLEMENTATION / NDARR_DECLARATIONS_ONLY).
 *
 * The SIMD kernels are not included here: a TU that wants them includes <ndarr/simd/kernels.h>
 * and passes ndarr_simd_install at context creation (ndarr/simd/dispatch.h), so every other TU
 * compiles no kernel.
 */
#ifndef NDARR_NDARR_H
#define NDARR_NDARR_H

#include "common.h"
#include "ctx.h"
#include "errstate.h"
#include "thread.h"
#include "dtype.h"
#include "builtin.h"
#include "half.h"
#include "array.h"
#include "cast.h"
#include "iter.h"
#include "ufunc.h"
#include "reduce.h"
#include "complexmath.h"
#include "view.h"
#include "npy.h"
#include "create.h"
#include "floattext.h"
#include "print.h"
#include "simd/cpu.h"
#include "simd/target.h"
#include "simd/dispatch.h"

#endif
