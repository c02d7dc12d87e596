/* ndarr/simd/vec.h — universal intrinsics: one vector API, a backend per SIMD target.
 *
 * Kernels are written once against the names below and compiled once per target (see
 * target.h for NDARR_T and the target regions, kernels.h for the driver that does it). In a
 * copy for target t, ndarr_vadd_f32 names ndarr__vadd_f32_<t>: every name here is a macro over
 * NDARR_T, so the same source text picks the current target's backend. Backends:
 *   scalar   vec_scalar.h   one lane, portable C (a real backend of the same API)
 *   sse41    vec_sse41.h    128-bit SSE4.1/4.2 (x86-64-v2)
 *   avx2     vec_avx2.h     256-bit AVX2 + FMA (x86-64-v3)
 *   avx512   vec_avx512.h   512-bit AVX-512 F/BW/DQ/VL (x86-64-v4), masks in k registers
 *   neon     vec_neon.h     128-bit AArch64 Advanced SIMD
 * Only the targets in NDARR_SIMD_COMPILED (target.h) are compiled.
 *
 * Types: ndarr_vf32, ndarr_vf64 (floats), ndarr_vu8 … ndarr_vu64 (integers; signedness is in
 * the operation's name: min_i8 vs min_u8), masks ndarr_vm8 … ndarr_vm64 (one per lane width;
 * a float32 comparison gives an ndarr_vm32), and ndarr_v8f32 / ndarr_v8f64, exactly 8 lanes
 * whatever the target (pairwise summation keeps NumPy's 8 accumulators, bit for bit).
 * Lanes per vector: NDARR_VL8, NDARR_VL16, NDARR_VL32, NDARR_VL64 (compile-time constants).
 *
 * Operations (X = f32 f64 u8 u16 u32 u64 with element type T; W = its lane width):
 *   memory    load_X(p) store_X(p, v) (unaligned; p need not be aligned to anything),
 *             load_tail_X(p, n, fill) (lanes 0..n-1 from p, the others = fill; reads only n
 *             elements), store_tail_X(p, v, n) (writes only n elements), loads_X(p, stride) /
 *             stores_X(p, stride, v) (a lane every `stride` bytes, any sign, 0 = broadcast) and
 *             their _tail forms; 0 <= n <= lanes
 *   values    set1_X(x), zero_X(), select_X(m, a, b) (m ? a : b per lane),
 *             reduce_add_X(v) (lanes added in lane order; integers wrap)
 *   float     add sub mul div, fma(a, b, c) = a*b+c rounded once, sqrt, abs, neg (sign bit
 *             only, NaN payloads kept), min(a, b) = a < b ? a : b and max(a, b) = a > b ? a : b
 *             per lane (so the second operand when either is NaN or they compare equal — x86's
 *             minps/maxps order, on every backend), floor ceil trunc rint (rint: ties to even in
 *             the default rounding mode), cmpeq cmpne cmplt cmple cmpgt cmpge → mask, isnan →
 *             mask, cmpun(a, b) → mask of lanes where a or b is NaN, maxnn / minnn (the max / min
 *             for inputs without NaN, the hardware's, quiet; which of +0 and -0 is
 *             unspecified), bits_X / frombits_X (reinterpret as vu32/vu64), reduce_min/max (fold of the
 *             lanes in order with min/max)
 *   integer   add_uW sub_uW mul_uW (wrapping, so also the signed ones), and/or/xor/not_uW,
 *             min/max_iW (signed) and min/max_uW, cmpeq_uW, cmpgt_iW, cmpgt_uW → mask
 *   masks     mand mor mxor mnot mandnot(a, b) = a & ~b, many_W(m) (any lane set),
 *             mbits_W(m) (lane k → bit k), store_bool_W(dst, m) (one byte 0/1 per lane),
 *             store_bool_tail_W(dst, m, n)
 *   8 lanes   v8load_X(p), v8add_X(a, b), v8store_X(p, v) for X = f32, f64
 *
 * Floating-point exceptions: arithmetic, sqrt and rounding raise exactly what the scalar C
 * operation on each lane raises (tails are padded with the caller's fill value, so padding
 * lanes raise nothing when the fill is benign, e.g. 1); comparisons, min and max are quiet: no
 * invalid flag for quiet NaNs on any backend (SSE's and NEON's ordered compares signal, so those
 * backends mask NaN lanes first), as C's isless()/isgreater() and NumPy's loops; abs, neg,
 * select, bits and integer operations raise nothing.
 *
 * Results of every operation are bit-identical across backends, NaN payloads aside (which NaN
 * an operation with two NaN inputs returns is the hardware's).
 */
#ifndef NDARR_SIMD_VEC_H
#define NDARR_SIMD_VEC_H

#include <math.h>
#include <string.h>
#include <stdint.h>

#include "target.h"

#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SSE41 | NDARR_SIMD_BIT_AVX2 | NDARR_SIMD_BIT_AVX512)
#include <immintrin.h>
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_NEON)
#include <arm_neon.h>
#endif

NDARR__EXTERN_C_BEGIN

/* ---- the generic names ------------------------------------------------------------------ */
#define NDARR_VL8 NDARR__TCONST(NDARR__VL8_)
#define NDARR_VL16 NDARR__TCONST(NDARR__VL16_)
#define NDARR_VL32 NDARR__TCONST(NDARR__VL32_)
#define NDARR_VL64 NDARR__TCONST(NDARR__VL64_)
/* types */
#define ndarr_vf32 NDARR_T(vf32)
#define ndarr_vf64 NDARR_T(vf64)
#define ndarr_vu8 NDARR_T(vu8)
#define ndarr_vu16 NDARR_T(vu16)
#define ndarr_vu32 NDARR_T(vu32)
#define ndarr_vu64 NDARR_T(vu64)
#define ndarr_vm8 NDARR_T(vm8)
#define ndarr_vm16 NDARR_T(vm16)
#define ndarr_vm32 NDARR_T(vm32)
#define ndarr_vm64 NDARR_T(vm64)
#define ndarr_v8f32 NDARR_T(v8f32)
#define ndarr_v8f64 NDARR_T(v8f64)
/* memory, any element type */
#define ndarr_vload_f32 NDARR_T(vload_f32)
#define ndarr_vstore_f32 NDARR_T(vstore_f32)
#define ndarr_vload_tail_f32 NDARR_T(vload_tail_f32)
#define ndarr_vstore_tail_f32 NDARR_T(vstore_tail_f32)
#define ndarr_vloads_f32 NDARR_T(vloads_f32)
#define ndarr_vloads_tail_f32 NDARR_T(vloads_tail_f32)
#define ndarr_vstores_f32 NDARR_T(vstores_f32)
#define ndarr_vstores_tail_f32 NDARR_T(vstores_tail_f32)
#define ndarr_vset1_f32 NDARR_T(vset1_f32)
#define ndarr_vzero_f32 NDARR_T(vzero_f32)
#define ndarr_vselect_f32 NDARR_T(vselect_f32)
#define ndarr_vreduce_add_f32 NDARR_T(vreduce_add_f32)
#define ndarr_vload_f64 NDARR_T(vload_f64)
#define ndarr_vstore_f64 NDARR_T(vstore_f64)
#define ndarr_vload_tail_f64 NDARR_T(vload_tail_f64)
#define ndarr_vstore_tail_f64 NDARR_T(vstore_tail_f64)
#define ndarr_vloads_f64 NDARR_T(vloads_f64)
#define ndarr_vloads_tail_f64 NDARR_T(vloads_tail_f64)
#define ndarr_vstores_f64 NDARR_T(vstores_f64)
#define ndarr_vstores_tail_f64 NDARR_T(vstores_tail_f64)
#define ndarr_vset1_f64 NDARR_T(vset1_f64)
#define ndarr_vzero_f64 NDARR_T(vzero_f64)
#define ndarr_vselect_f64 NDARR_T(vselect_f64)
#define ndarr_vreduce_add_f64 NDARR_T(vreduce_add_f64)
#define ndarr_vload_u8 NDARR_T(vload_u8)
#define ndarr_vstore_u8 NDARR_T(vstore_u8)
#define ndarr_vload_tail_u8 NDARR_T(vload_tail_u8)
#define ndarr_vstore_tail_u8 NDARR_T(vstore_tail_u8)
#define ndarr_vloads_u8 NDARR_T(vloads_u8)
#define ndarr_vloads_tail_u8 NDARR_T(vloads_tail_u8)
#define ndarr_vstores_u8 NDARR_T(vstores_u8)
#define ndarr_vstores_tail_u8 NDARR_T(vstores_tail_u8)
#define ndarr_vset1_u8 NDARR_T(vset1_u8)
#define ndarr_vzero_u8 NDARR_T(vzero_u8)
#define ndarr_vselect_u8 NDARR_T(vselect_u8)
#define ndarr_vreduce_add_u8 NDARR_T(vreduce_add_u8)
#define ndarr_vload_u16 NDARR_T(vload_u16)
#define ndarr_vstore_u16 NDARR_T(vstore_u16)
#define ndarr_vload_tail_u16 NDARR_T(vload_tail_u16)
#define ndarr_vstore_tail_u16 NDARR_T(vstore_tail_u16)
#define ndarr_vloads_u16 NDARR_T(vloads_u16)
#define ndarr_vloads_tail_u16 NDARR_T(vloads_tail_u16)
#define ndarr_vstores_u16 NDARR_T(vstores_u16)
#define ndarr_vstores_tail_u16 NDARR_T(vstores_tail_u16)
#define ndarr_vset1_u16 NDARR_T(vset1_u16)
#define ndarr_vzero_u16 NDARR_T(vzero_u16)
#define ndarr_vselect_u16 NDARR_T(vselect_u16)
#define ndarr_vreduce_add_u16 NDARR_T(vreduce_add_u16)
#define ndarr_vload_u32 NDARR_T(vload_u32)
#define ndarr_vstore_u32 NDARR_T(vstore_u32)
#define ndarr_vload_tail_u32 NDARR_T(vload_tail_u32)
#define ndarr_vstore_tail_u32 NDARR_T(vstore_tail_u32)
#define ndarr_vloads_u32 NDARR_T(vloads_u32)
#define ndarr_vloads_tail_u32 NDARR_T(vloads_tail_u32)
#define ndarr_vstores_u32 NDARR_T(vstores_u32)
#define ndarr_vstores_tail_u32 NDARR_T(vstores_tail_u32)
#define ndarr_vset1_u32 NDARR_T(vset1_u32)
#define ndarr_vzero_u32 NDARR_T(vzero_u32)
#define ndarr_vselect_u32 NDARR_T(vselect_u32)
#define ndarr_vreduce_add_u32 NDARR_T(vreduce_add_u32)
#define ndarr_vload_u64 NDARR_T(vload_u64)
#define ndarr_vstore_u64 NDARR_T(vstore_u64)
#define ndarr_vload_tail_u64 NDARR_T(vload_tail_u64)
#define ndarr_vstore_tail_u64 NDARR_T(vstore_tail_u64)
#define ndarr_vloads_u64 NDARR_T(vloads_u64)
#define ndarr_vloads_tail_u64 NDARR_T(vloads_tail_u64)
#define ndarr_vstores_u64 NDARR_T(vstores_u64)
#define ndarr_vstores_tail_u64 NDARR_T(vstores_tail_u64)
#define ndarr_vset1_u64 NDARR_T(vset1_u64)
#define ndarr_vzero_u64 NDARR_T(vzero_u64)
#define ndarr_vselect_u64 NDARR_T(vselect_u64)
#define ndarr_vreduce_add_u64 NDARR_T(vreduce_add_u64)
/* float arithmetic, rounding, comparisons (quiet), bits */
#define ndarr_vadd_f32 NDARR_T(vadd_f32)
#define ndarr_vsub_f32 NDARR_T(vsub_f32)
#define ndarr_vmul_f32 NDARR_T(vmul_f32)
#define ndarr_vdiv_f32 NDARR_T(vdiv_f32)
#define ndarr_vfma_f32 NDARR_T(vfma_f32)
#define ndarr_vsqrt_f32 NDARR_T(vsqrt_f32)
#define ndarr_vabs_f32 NDARR_T(vabs_f32)
#define ndarr_vneg_f32 NDARR_T(vneg_f32)
#define ndarr_vmin_f32 NDARR_T(vmin_f32)
#define ndarr_vmax_f32 NDARR_T(vmax_f32)
#define ndarr_vfloor_f32 NDARR_T(vfloor_f32)
#define ndarr_vceil_f32 NDARR_T(vceil_f32)
#define ndarr_vtrunc_f32 NDARR_T(vtrunc_f32)
#define ndarr_vrint_f32 NDARR_T(vrint_f32)
#define ndarr_vcmpeq_f32 NDARR_T(vcmpeq_f32)
#define ndarr_vcmpne_f32 NDARR_T(vcmpne_f32)
#define ndarr_vcmplt_f32 NDARR_T(vcmplt_f32)
#define ndarr_vcmple_f32 NDARR_T(vcmple_f32)
#define ndarr_vcmpgt_f32 NDARR_T(vcmpgt_f32)
#define ndarr_vcmpge_f32 NDARR_T(vcmpge_f32)
#define ndarr_visnan_f32 NDARR_T(visnan_f32)
#define ndarr_vmaxnn_f32 NDARR_T(vmaxnn_f32)
#define ndarr_vminnn_f32 NDARR_T(vminnn_f32)
#define ndarr_vcmpun_f32 NDARR_T(vcmpun_f32)
#define ndarr_vbits_f32 NDARR_T(vbits_f32)
#define ndarr_vfrombits_f32 NDARR_T(vfrombits_f32)
#define ndarr_vreduce_min_f32 NDARR_T(vreduce_min_f32)
#define ndarr_vreduce_max_f32 NDARR_T(vreduce_max_f32)
#define ndarr_vadd_f64 NDARR_T(vadd_f64)
#define ndarr_vsub_f64 NDARR_T(vsub_f64)
#define ndarr_vmul_f64 NDARR_T(vmul_f64)
#define ndarr_vdiv_f64 NDARR_T(vdiv_f64)
#define ndarr_vfma_f64 NDARR_T(vfma_f64)
#define ndarr_vsqrt_f64 NDARR_T(vsqrt_f64)
#define ndarr_vabs_f64 NDARR_T(vabs_f64)
#define ndarr_vneg_f64 NDARR_T(vneg_f64)
#define ndarr_vmin_f64 NDARR_T(vmin_f64)
#define ndarr_vmax_f64 NDARR_T(vmax_f64)
#define ndarr_vfloor_f64 NDARR_T(vfloor_f64)
#define ndarr_vceil_f64 NDARR_T(vceil_f64)
#define ndarr_vtrunc_f64 NDARR_T(vtrunc_f64)
#define ndarr_vrint_f64 NDARR_T(vrint_f64)
#define ndarr_vcmpeq_f64 NDARR_T(vcmpeq_f64)
#define ndarr_vcmpne_f64 NDARR_T(vcmpne_f64)
#define ndarr_vcmplt_f64 NDARR_T(vcmplt_f64)
#define ndarr_vcmple_f64 NDARR_T(vcmple_f64)
#define ndarr_vcmpgt_f64 NDARR_T(vcmpgt_f64)
#define ndarr_vcmpge_f64 NDARR_T(vcmpge_f64)
#define ndarr_visnan_f64 NDARR_T(visnan_f64)
#define ndarr_vmaxnn_f64 NDARR_T(vmaxnn_f64)
#define ndarr_vminnn_f64 NDARR_T(vminnn_f64)
#define ndarr_vcmpun_f64 NDARR_T(vcmpun_f64)
#define ndarr_vbits_f64 NDARR_T(vbits_f64)
#define ndarr_vfrombits_f64 NDARR_T(vfrombits_f64)
#define ndarr_vreduce_min_f64 NDARR_T(vreduce_min_f64)
#define ndarr_vreduce_max_f64 NDARR_T(vreduce_max_f64)
/* integer arithmetic (wrapping), bitwise, min/max, comparisons */
#define ndarr_vadd_u8 NDARR_T(vadd_u8)
#define ndarr_vsub_u8 NDARR_T(vsub_u8)
#define ndarr_vmul_u8 NDARR_T(vmul_u8)
#define ndarr_vand_u8 NDARR_T(vand_u8)
#define ndarr_vor_u8 NDARR_T(vor_u8)
#define ndarr_vxor_u8 NDARR_T(vxor_u8)
#define ndarr_vnot_u8 NDARR_T(vnot_u8)
#define ndarr_vmin_i8 NDARR_T(vmin_i8)
#define ndarr_vmax_i8 NDARR_T(vmax_i8)
#define ndarr_vmin_u8 NDARR_T(vmin_u8)
#define ndarr_vmax_u8 NDARR_T(vmax_u8)
#define ndarr_vcmpeq_u8 NDARR_T(vcmpeq_u8)
#define ndarr_vcmpgt_i8 NDARR_T(vcmpgt_i8)
#define ndarr_vcmpgt_u8 NDARR_T(vcmpgt_u8)
#define ndarr_vadd_u16 NDARR_T(vadd_u16)
#define ndarr_vsub_u16 NDARR_T(vsub_u16)
#define ndarr_vmul_u16 NDARR_T(vmul_u16)
#define ndarr_vand_u16 NDARR_T(vand_u16)
#define ndarr_vor_u16 NDARR_T(vor_u16)
#define ndarr_vxor_u16 NDARR_T(vxor_u16)
#define ndarr_vnot_u16 NDARR_T(vnot_u16)
#define ndarr_vmin_i16 NDARR_T(vmin_i16)
#define ndarr_vmax_i16 NDARR_T(vmax_i16)
#define ndarr_vmin_u16 NDARR_T(vmin_u16)
#define ndarr_vmax_u16 NDARR_T(vmax_u16)
#define ndarr_vcmpeq_u16 NDARR_T(vcmpeq_u16)
#define ndarr_vcmpgt_i16 NDARR_T(vcmpgt_i16)
#define ndarr_vcmpgt_u16 NDARR_T(vcmpgt_u16)
#define ndarr_vadd_u32 NDARR_T(vadd_u32)
#define ndarr_vsub_u32 NDARR_T(vsub_u32)
#define ndarr_vmul_u32 NDARR_T(vmul_u32)
#define ndarr_vand_u32 NDARR_T(vand_u32)
#define ndarr_vor_u32 NDARR_T(vor_u32)
#define ndarr_vxor_u32 NDARR_T(vxor_u32)
#define ndarr_vnot_u32 NDARR_T(vnot_u32)
#define ndarr_vmin_i32 NDARR_T(vmin_i32)
#define ndarr_vmax_i32 NDARR_T(vmax_i32)
#define ndarr_vmin_u32 NDARR_T(vmin_u32)
#define ndarr_vmax_u32 NDARR_T(vmax_u32)
#define ndarr_vcmpeq_u32 NDARR_T(vcmpeq_u32)
#define ndarr_vcmpgt_i32 NDARR_T(vcmpgt_i32)
#define ndarr_vcmpgt_u32 NDARR_T(vcmpgt_u32)
#define ndarr_vadd_u64 NDARR_T(vadd_u64)
#define ndarr_vsub_u64 NDARR_T(vsub_u64)
#define ndarr_vmul_u64 NDARR_T(vmul_u64)
#define ndarr_vand_u64 NDARR_T(vand_u64)
#define ndarr_vor_u64 NDARR_T(vor_u64)
#define ndarr_vxor_u64 NDARR_T(vxor_u64)
#define ndarr_vnot_u64 NDARR_T(vnot_u64)
#define ndarr_vmin_i64 NDARR_T(vmin_i64)
#define ndarr_vmax_i64 NDARR_T(vmax_i64)
#define ndarr_vmin_u64 NDARR_T(vmin_u64)
#define ndarr_vmax_u64 NDARR_T(vmax_u64)
#define ndarr_vcmpeq_u64 NDARR_T(vcmpeq_u64)
#define ndarr_vcmpgt_i64 NDARR_T(vcmpgt_i64)
#define ndarr_vcmpgt_u64 NDARR_T(vcmpgt_u64)
/* masks */
#define ndarr_vmand_8 NDARR_T(vmand_8)
#define ndarr_vmor_8 NDARR_T(vmor_8)
#define ndarr_vmxor_8 NDARR_T(vmxor_8)
#define ndarr_vmnot_8 NDARR_T(vmnot_8)
#define ndarr_vmandnot_8 NDARR_T(vmandnot_8)
#define ndarr_vmany_8 NDARR_T(vmany_8)
#define ndarr_vmbits_8 NDARR_T(vmbits_8)
#define ndarr_vstore_bool_8 NDARR_T(vstore_bool_8)
#define ndarr_vstore_bool_tail_8 NDARR_T(vstore_bool_tail_8)
#define ndarr_vmand_16 NDARR_T(vmand_16)
#define ndarr_vmor_16 NDARR_T(vmor_16)
#define ndarr_vmxor_16 NDARR_T(vmxor_16)
#define ndarr_vmnot_16 NDARR_T(vmnot_16)
#define ndarr_vmandnot_16 NDARR_T(vmandnot_16)
#define ndarr_vmany_16 NDARR_T(vmany_16)
#define ndarr_vmbits_16 NDARR_T(vmbits_16)
#define ndarr_vstore_bool_16 NDARR_T(vstore_bool_16)
#define ndarr_vstore_bool_tail_16 NDARR_T(vstore_bool_tail_16)
#define ndarr_vmand_32 NDARR_T(vmand_32)
#define ndarr_vmor_32 NDARR_T(vmor_32)
#define ndarr_vmxor_32 NDARR_T(vmxor_32)
#define ndarr_vmnot_32 NDARR_T(vmnot_32)
#define ndarr_vmandnot_32 NDARR_T(vmandnot_32)
#define ndarr_vmany_32 NDARR_T(vmany_32)
#define ndarr_vmbits_32 NDARR_T(vmbits_32)
#define ndarr_vstore_bool_32 NDARR_T(vstore_bool_32)
#define ndarr_vstore_bool_tail_32 NDARR_T(vstore_bool_tail_32)
#define ndarr_vmand_64 NDARR_T(vmand_64)
#define ndarr_vmor_64 NDARR_T(vmor_64)
#define ndarr_vmxor_64 NDARR_T(vmxor_64)
#define ndarr_vmnot_64 NDARR_T(vmnot_64)
#define ndarr_vmandnot_64 NDARR_T(vmandnot_64)
#define ndarr_vmany_64 NDARR_T(vmany_64)
#define ndarr_vmbits_64 NDARR_T(vmbits_64)
#define ndarr_vstore_bool_64 NDARR_T(vstore_bool_64)
#define ndarr_vstore_bool_tail_64 NDARR_T(vstore_bool_tail_64)
/* fixed blocks of 8 lanes (pairwise summation) */
#define ndarr_v8load_f32 NDARR_T(v8load_f32)
#define ndarr_v8add_f32 NDARR_T(v8add_f32)
#define ndarr_v8store_f32 NDARR_T(v8store_f32)
#define ndarr_v8load_f64 NDARR_T(v8load_f64)
#define ndarr_v8add_f64 NDARR_T(v8add_f64)
#define ndarr_v8store_f64 NDARR_T(v8store_f64)

/* ---- baseline helpers, shared by every backend -------------------------------------------- */

/* Bytes 0/1 for the 4 bits of a nibble (little-endian: bit k → byte k). */
static const uint32_t ndarr__vbool_nibble[16] = {
    0x00000000u, 0x00000001u, 0x00000100u, 0x00000101u, 0x00010000u, 0x00010001u,
    0x00010100u, 0x00010101u, 0x01000000u, 0x01000001u, 0x01000100u, 0x01000101u,
    0x01010000u, 0x01010001u, 0x01010100u, 0x01010101u};

/* Write n (<= 64) bytes 0/1 from the low n bits of `bits`. */
NDARR__V void ndarr__vbool_from_bits(uint8_t *dst, uint64_t bits, int64_t n) {
  int64_t k = 0;
  for (; k + 4 <= n; k += 4, bits >>= 4) {
    uint32_t w = ndarr__vbool_nibble[bits & 15u];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = ((w & 0xffu) << 24) | ((w & 0xff00u) << 8) | ((w >> 8) & 0xff00u) | (w >> 24);
#endif
    memcpy(dst + k, &w, 4);
  }
  for (; k < n; k++, bits >>= 1) dst[k] = (uint8_t)(bits & 1u);
}

/* ---- pieces every backend instantiates the same way --------------------------------------
 * Written with the generic names, so they bind to the backend being compiled. */

/* Tails and strided access through a lane buffer (VL: lanes of X). */
#define NDARR__VGEN_MEM(X, T, VL)                                                          \
  NDARR__V ndarr_v##X ndarr_vload_tail_##X(const void *p, int64_t n, T fill) {             \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) b_[k_] = fill;                                       \
    if (n > 0) memcpy(b_, p, (size_t)n * sizeof(T));                                       \
    return ndarr_vload_##X(b_);                                                            \
  }                                                                                        \
  NDARR__V void ndarr_vstore_tail_##X(void *p, ndarr_v##X v, int64_t n) {                  \
    T b_[VL];                                                                              \
    ndarr_vstore_##X(b_, v);                                                               \
    if (n > 0) memcpy(p, b_, (size_t)n * sizeof(T));                                       \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vloads_tail_##X(const char *p, int64_t stride, int64_t n,      \
                                            T fill) {                                      \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) {                                                    \
      if (k_ < n) memcpy(&b_[k_], p + k_ * stride, sizeof(T));                             \
      else b_[k_] = fill;                                                                  \
    }                                                                                      \
    return ndarr_vload_##X(b_);                                                            \
  }                                                                                        \
  NDARR__V ndarr_v##X ndarr_vloads_##X(const char *p, int64_t stride) {                    \
    T b_[VL];                                                                              \
    for (int k_ = 0; k_ < (VL); k_++) memcpy(&b_[k_], p + k_ * stride, sizeof(T));         \
    return ndarr_vload_##X(b_);                                                            \
  }                                                                                        \
  NDARR__V void ndarr_vstores_tail_##X(char *p, int64_t stride, ndarr_v##X v, int64_t n) { \
    T b_[VL];                                                                              \
    ndarr_vstore_##X(b_, v);                                                               \
    for (int64_t k_ = 0; k_ < n; k_++) memcpy(p + k_ * stride, &b_[k_], sizeof(T));        \
  }                                                                                        \
  NDARR__V void ndarr_vstores_##X(char *p, int64_t stride, ndarr_v##X v) {                 \
    T b_[VL];                                                                              \
    ndarr_vstore_##X(b_, v);                                                               \
    for (int k_ = 0; k_ < (VL); k_++) memcpy(p + k_ * stride, &b_[k_], sizeof(T));         \
  }

/* Horizontal folds in lane order through a lane buffer. */
#define NDARR__VGEN_REDUCE_ADD(X, T, VL, ADD)                                              \
  NDARR__V T ndarr_vreduce_add_##X(ndarr_v##X v) {                                         \
    T b_[VL], r_;                                                                          \
    ndarr_vstore_##X(b_, v);                                                               \
    r_ = b_[0];                                                                            \
    for (int k_ = 1; k_ < (VL); k_++) r_ = ADD(r_, b_[k_]);                                \
    return r_;                                                                             \
  }
#define NDARR__VGEN_REDUCE_MINMAX(X, T, VL)                                                \
  NDARR__V T ndarr_vreduce_min_##X(ndarr_v##X v) {                                         \
    T b_[VL], r_;                                                                          \
    ndarr_vstore_##X(b_, v);                                                               \
    r_ = b_[0];                                                                            \
    for (int k_ = 1; k_ < (VL); k_++) r_ = isless(r_, b_[k_]) ? r_ : b_[k_];               \
    return r_;                                                                             \
  }                                                                                        \
  NDARR__V T ndarr_vreduce_max_##X(ndarr_v##X v) {                                         \
    T b_[VL], r_;                                                                          \
    ndarr_vstore_##X(b_, v);                                                               \
    r_ = b_[0];                                                                            \
    for (int k_ = 1; k_ < (VL); k_++) r_ = isgreater(r_, b_[k_]) ? r_ : b_[k_];            \
    return r_;                                                                             \
  }
#define NDARR__VGEN_ADDOP(a, b) ((a) + (b))

/* Bool bytes from a mask through its bits (W: lane width, VL: lanes). */
#define NDARR__VGEN_BOOL(W, VL)                                                            \
  NDARR__V void ndarr_vstore_bool_##W(uint8_t *dst, ndarr_vm##W m) {                       \
    ndarr__vbool_from_bits(dst, ndarr_vmbits_##W(m), (VL));                                \
  }                                                                                        \
  NDARR__V void ndarr_vstore_bool_tail_##W(uint8_t *dst, ndarr_vm##W m, int64_t n) {       \
    ndarr__vbool_from_bits(dst, ndarr_vmbits_##W(m), n);                                   \
  }

NDARR__EXTERN_C_END

/* ---- the backends, each in its target region --------------------------------------------- */
#define NDARR__VEC_INSIDE 1
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SCALAR)
#define NDARR__TSFX scalar
#include "vec_scalar.h"
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_SSE41)
#define NDARR__TSFX sse41
NDARR__TARGET_BEGIN_sse41
#include "vec_sse41.h"
NDARR__TARGET_END_sse41
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX2)
#define NDARR__TSFX avx2
NDARR__TARGET_BEGIN_avx2
#include "vec_avx2.h"
NDARR__TARGET_END_avx2
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_AVX512)
#define NDARR__TSFX avx512
NDARR__TARGET_BEGIN_avx512
#include "vec_avx512.h"
NDARR__TARGET_END_avx512
#undef NDARR__TSFX
#endif
#if NDARR__SIMD_HAS(NDARR_SIMD_BIT_NEON)
#define NDARR__TSFX neon
#include "vec_neon.h"
#undef NDARR__TSFX
#endif
#undef NDARR__VEC_INSIDE

#endif /* NDARR_SIMD_VEC_H */
