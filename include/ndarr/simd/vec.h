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
 *   rcp_f64(d)  an approximation of 1/d with at least NDARR_VRCP_BITS correct bits (a
 *             compile-time constant: 53 scalar, 11 sse41/avx2, 14 avx512, 8 neon) for normal d
 *             whose reciprocal is normal (the x86 128/256-bit forms go through float: also
 *             within float's range); refine it by Newton steps. Raises nothing for such d.
 *   shifts    shl_uW(v, n), shr_uW(v, n) for W = 32, 64: every lane shifted by the same
 *             count n, 0 <= n < W (logical)
 *   f32 <-> f64  load_f32_f64(p): NDARR_VL64 floats from p, widened (exact);
 *             store_f64_f32(p, v): the lanes rounded to float (current rounding mode, with
 *             C's conversion flags) and stored as NDARR_VL64 floats
 *   shifts II shl_uW, shr_uW also for W = 8, 16; shr_iW(v, n) arithmetic (W = 8 … 64), all with
 *             0 <= n < W; per lane: shlv_uW(a, b), shrv_uW(a, b), shrv_iW(a, b) shift lane k of
 *             a by lane k of b read as unsigned, and a count >= W gives 0 (shrv_i: every bit
 *             the sign bit) — NumPy's shift semantics, also for negative signed counts
 *   bools     load_bool_W(p): the mask of width W whose lane k is set iff byte p[k] != 0
 *             (reads NDARR_VLW bytes); load_bool_tail_W(p, n) (reads n bytes; lanes >= n clear)
 *   casts     (memory forms read or write exactly NDARR_VLW elements, W the lane width of the
 *             vector; p need not be aligned. kernels_cast_inl.h is their user.)
 *             integer widths: load_S_uW(p) for S = u8 i8 u16 i16 u32 i32 and W = 16, 32, 64
 *             wider than S: elements of S zero- (u) or sign- (i) extended into uW lanes;
 *             store_uW_uN(p, v) for N < W: the lanes modulo 2^N (C's conversion to unsigned)
 *             stored as N-bit elements
 *             int -> float: cvt_i32_f32(v), cvt_u32_f32(v) (vu32 lanes as int32 / uint32),
 *             cvt_i64_f64(v), cvt_u64_f64(v) (vu64 lanes as int64 / uint64), load_i32_f64(p)
 *             (int32 elements): as C's conversion, rounded in the current rounding mode
 *             float -> int: cvtt_f32_i32(v) → vu32, cvtt_f64_i64(v) → vu64, store_f64_i32(p, v):
 *             truncation toward zero, as C, for lanes whose truncation fits the integer type;
 *             other lanes (NaN, inf, out of range) give an unspecified value and may raise
 *             invalid: callers select them away first
 *             half precision, bit for bit as ndarr/half.h's scalar functions for every input
 *             (NaN payloads, signalling NaNs kept as half.h keeps them, subnormals, rounding
 *             ties to even whatever the rounding mode) and raising no FP exception:
 *             load_f16_f32(p), load_bf16_f32(p) (ndarr_f16_to_f32 / ndarr_bf16_to_f32),
 *             load_f16_f64(p), load_bf16_f64(p) (… _to_f64), store_f32_f16(p, v),
 *             store_f32_bf16(p, v), store_f64_f16(p, v), store_f64_bf16(p, v)
 *             (ndarr_f32_to_f16 … ndarr_f64_to_bf16). Hardware conversions are used only where
 *             they give these bits: F16C for float16 <-> float32 on avx2 (narrowing only when
 *             every lane has a normal float16 result, so only inexact can be raised) and avx512
 *             (narrowing with exceptions suppressed), NEON's FCVTL for widening; a lane with a
 *             signalling NaN goes through the integer path (F16C and FCVTL would quiet it).
 *             AVX512-BF16's VCVTNEPS2BF16 is not used: it flushes subnormal inputs to zero.
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
/* approximate reciprocal: NDARR_VRCP_BITS correct bits at least */
#define NDARR_VRCP_BITS NDARR__TCONST(NDARR__VRCPBITS_)
#define ndarr_vrcp_f64 NDARR_T(vrcp_f64)
/* uniform shifts (0 <= n < lane width), f32 <-> f64 */
#define ndarr_vshl_u32 NDARR_T(vshl_u32)
#define ndarr_vshr_u32 NDARR_T(vshr_u32)
#define ndarr_vshl_u64 NDARR_T(vshl_u64)
#define ndarr_vshr_u64 NDARR_T(vshr_u64)
#define ndarr_vload_f32_f64 NDARR_T(vload_f32_f64)
#define ndarr_vstore_f64_f32 NDARR_T(vstore_f64_f32)
/* shifts II: 8/16-bit uniform, arithmetic, per lane (kernels_inl.h's shifts); bool loads */
#define ndarr_vshl_u8 NDARR_T(vshl_u8)
#define ndarr_vshr_u8 NDARR_T(vshr_u8)
#define ndarr_vshl_u16 NDARR_T(vshl_u16)
#define ndarr_vshr_u16 NDARR_T(vshr_u16)
#define ndarr_vshr_i8 NDARR_T(vshr_i8)
#define ndarr_vshr_i16 NDARR_T(vshr_i16)
#define ndarr_vshr_i32 NDARR_T(vshr_i32)
#define ndarr_vshr_i64 NDARR_T(vshr_i64)
#define ndarr_vshlv_u8 NDARR_T(vshlv_u8)
#define ndarr_vshrv_u8 NDARR_T(vshrv_u8)
#define ndarr_vshrv_i8 NDARR_T(vshrv_i8)
#define ndarr_vshlv_u16 NDARR_T(vshlv_u16)
#define ndarr_vshrv_u16 NDARR_T(vshrv_u16)
#define ndarr_vshrv_i16 NDARR_T(vshrv_i16)
#define ndarr_vshlv_u32 NDARR_T(vshlv_u32)
#define ndarr_vshrv_u32 NDARR_T(vshrv_u32)
#define ndarr_vshrv_i32 NDARR_T(vshrv_i32)
#define ndarr_vshlv_u64 NDARR_T(vshlv_u64)
#define ndarr_vshrv_u64 NDARR_T(vshrv_u64)
#define ndarr_vshrv_i64 NDARR_T(vshrv_i64)
#define ndarr_vload_bool_8 NDARR_T(vload_bool_8)
#define ndarr_vload_bool_16 NDARR_T(vload_bool_16)
#define ndarr_vload_bool_32 NDARR_T(vload_bool_32)
#define ndarr_vload_bool_64 NDARR_T(vload_bool_64)
#define ndarr_vload_bool_tail_8 NDARR_T(vload_bool_tail_8)
#define ndarr_vload_bool_tail_16 NDARR_T(vload_bool_tail_16)
#define ndarr_vload_bool_tail_32 NDARR_T(vload_bool_tail_32)
#define ndarr_vload_bool_tail_64 NDARR_T(vload_bool_tail_64)
/* casts: integer widening loads and narrowing stores, int <-> float, half precision */
#define ndarr_vload_u8_u16 NDARR_T(vload_u8_u16)
#define ndarr_vload_i8_u16 NDARR_T(vload_i8_u16)
#define ndarr_vload_u8_u32 NDARR_T(vload_u8_u32)
#define ndarr_vload_i8_u32 NDARR_T(vload_i8_u32)
#define ndarr_vload_u8_u64 NDARR_T(vload_u8_u64)
#define ndarr_vload_i8_u64 NDARR_T(vload_i8_u64)
#define ndarr_vload_u16_u32 NDARR_T(vload_u16_u32)
#define ndarr_vload_i16_u32 NDARR_T(vload_i16_u32)
#define ndarr_vload_u16_u64 NDARR_T(vload_u16_u64)
#define ndarr_vload_i16_u64 NDARR_T(vload_i16_u64)
#define ndarr_vload_u32_u64 NDARR_T(vload_u32_u64)
#define ndarr_vload_i32_u64 NDARR_T(vload_i32_u64)
#define ndarr_vstore_u16_u8 NDARR_T(vstore_u16_u8)
#define ndarr_vstore_u32_u8 NDARR_T(vstore_u32_u8)
#define ndarr_vstore_u32_u16 NDARR_T(vstore_u32_u16)
#define ndarr_vstore_u64_u8 NDARR_T(vstore_u64_u8)
#define ndarr_vstore_u64_u16 NDARR_T(vstore_u64_u16)
#define ndarr_vstore_u64_u32 NDARR_T(vstore_u64_u32)
#define ndarr_vcvt_i32_f32 NDARR_T(vcvt_i32_f32)
#define ndarr_vcvt_u32_f32 NDARR_T(vcvt_u32_f32)
#define ndarr_vcvt_i64_f64 NDARR_T(vcvt_i64_f64)
#define ndarr_vcvt_u64_f64 NDARR_T(vcvt_u64_f64)
#define ndarr_vload_i32_f64 NDARR_T(vload_i32_f64)
#define ndarr_vcvtt_f32_i32 NDARR_T(vcvtt_f32_i32)
#define ndarr_vcvtt_f64_i64 NDARR_T(vcvtt_f64_i64)
#define ndarr_vstore_f64_i32 NDARR_T(vstore_f64_i32)
#define ndarr_vload_f16_f32 NDARR_T(vload_f16_f32)
#define ndarr_vload_bf16_f32 NDARR_T(vload_bf16_f32)
#define ndarr_vload_f16_f64 NDARR_T(vload_f16_f64)
#define ndarr_vload_bf16_f64 NDARR_T(vload_bf16_f64)
#define ndarr_vstore_f32_f16 NDARR_T(vstore_f32_f16)
#define ndarr_vstore_f32_bf16 NDARR_T(vstore_f32_bf16)
#define ndarr_vstore_f64_f16 NDARR_T(vstore_f64_f16)
#define ndarr_vstore_f64_bf16 NDARR_T(vstore_f64_bf16)
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

/* ---- shifts II and bool loads: pieces some backends instantiate ------------------------- */

/* Per-lane shifts from uniform ones, one count bit at a time (W: lane width, LW = log2 W), for
 * backends without a variable shift of that width. */
#define NDARR__VGEN_SHIFTV(W, LW)                                                          \
  NDARR__V ndarr_vu##W ndarr_vshlv_u##W(ndarr_vu##W a, ndarr_vu##W b) {                    \
    for (int k_ = 0; k_ < (LW); k_++) {                                                    \
      const ndarr_vu##W bit_ = ndarr_vset1_u##W((uint##W##_t)(1u << k_));                 \
      a = ndarr_vselect_u##W(ndarr_vcmpeq_u##W(ndarr_vand_u##W(b, bit_), bit_),            \
                             ndarr_vshl_u##W(a, 1 << k_), a);                              \
    }                                                                                      \
    return ndarr_vselect_u##W(ndarr_vcmpgt_u##W(b, ndarr_vset1_u##W((W) - 1)),            \
                              ndarr_vzero_u##W(), a);                                      \
  }                                                                                        \
  NDARR__V ndarr_vu##W ndarr_vshrv_u##W(ndarr_vu##W a, ndarr_vu##W b) {                    \
    for (int k_ = 0; k_ < (LW); k_++) {                                                    \
      const ndarr_vu##W bit_ = ndarr_vset1_u##W((uint##W##_t)(1u << k_));                 \
      a = ndarr_vselect_u##W(ndarr_vcmpeq_u##W(ndarr_vand_u##W(b, bit_), bit_),            \
                             ndarr_vshr_u##W(a, 1 << k_), a);                              \
    }                                                                                      \
    return ndarr_vselect_u##W(ndarr_vcmpgt_u##W(b, ndarr_vset1_u##W((W) - 1)),            \
                              ndarr_vzero_u##W(), a);                                      \
  }                                                                                        \
  NDARR__V ndarr_vu##W ndarr_vshrv_i##W(ndarr_vu##W a, ndarr_vu##W b) {                    \
    const ndarr_vu##W c_ = ndarr_vmin_u##W(b, ndarr_vset1_u##W((W) - 1));                  \
    for (int k_ = 0; k_ < (LW); k_++) {                                                    \
      const ndarr_vu##W bit_ = ndarr_vset1_u##W((uint##W##_t)(1u << k_));                 \
      a = ndarr_vselect_u##W(ndarr_vcmpeq_u##W(ndarr_vand_u##W(c_, bit_), bit_),           \
                             ndarr_vshr_i##W(a, 1 << k_), a);                              \
    }                                                                                      \
    return a;                                                                              \
  }

/* load_bool_tail_W through a zeroed lane buffer (VL: lanes of width W). */
#define NDARR__VGEN_LOADBOOL_TAIL(W, VL)                                                   \
  NDARR__V ndarr_vm##W ndarr_vload_bool_tail_##W(const uint8_t *p, int64_t n) {            \
    uint8_t b_[VL];                                                                        \
    memset(b_, 0, sizeof b_);                                                              \
    if (n > 0) memcpy(b_, p, (size_t)n);                                                   \
    return ndarr_vload_bool_##W(b_);                                                       \
  }

/* ---- casts: pieces every backend instantiates (or overrides with hardware) ------------------
 * Written with the generic names, so each binds to the backend being compiled. The half-
 * precision helpers NDARR_T(vh_*) work on integer lanes holding the half's bits and follow
 * ndarr/half.h's formulas; every operation in them is exact or an integer one, so they raise no
 * FP exception (the subnormal roundings are done as trunc + compare: no inexact add). */

/* uint32 -> float32: the two 16-bit halves are exact, their sum rounds once. */
#define NDARR__VGEN_CVT_U32_F32                                                            \
  NDARR__V ndarr_vf32 ndarr_vcvt_u32_f32(ndarr_vu32 v) {                                   \
    const ndarr_vf32 hi_ = ndarr_vmul_f32(ndarr_vcvt_i32_f32(ndarr_vshr_u32(v, 16)),       \
                                          ndarr_vset1_f32(65536.0f));                      \
    const ndarr_vf32 lo_ = ndarr_vcvt_i32_f32(ndarr_vand_u32(v, ndarr_vset1_u32(0xffffu))); \
    return ndarr_vadd_f32(hi_, lo_);                                                       \
  }

/* (u)int64 -> float64: the high and low 32 bits placed in the fraction of 2^84 and 2^52, the
 * offsets taken off exactly, one rounding in the final add; a zero lane is forced to +0 (the
 * add gives -0 when rounding down). */
#define NDARR__VGEN_CVT_64_F64 NDARR__VGEN_CVT_U64_F64 NDARR__VGEN_CVT_I64_F64
#define NDARR__VGEN_CVT_U64_F64                                                            \
  NDARR__V ndarr_vf64 ndarr_vcvt_u64_f64(ndarr_vu64 v) {                                   \
    const ndarr_vf64 hi_ = ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vshr_u64(v, 32),       \
                                                             ndarr_vset1_u64(0x4530000000000000ull))); \
    const ndarr_vf64 lo_ = ndarr_vfrombits_f64(ndarr_vor_u64(                             \
        ndarr_vand_u64(v, ndarr_vset1_u64(0xffffffffull)), ndarr_vset1_u64(0x4330000000000000ull))); \
    const ndarr_vf64 r_ = ndarr_vadd_f64(ndarr_vsub_f64(hi_, ndarr_vset1_f64(0x1.00000001p84)), lo_); \
    return ndarr_vfrombits_f64(ndarr_vselect_u64(ndarr_vcmpeq_u64(v, ndarr_vzero_u64()),   \
                                                 ndarr_vzero_u64(), ndarr_vbits_f64(r_)));  \
  }
#define NDARR__VGEN_CVT_I64_F64                                                            \
  NDARR__V ndarr_vf64 ndarr_vcvt_i64_f64(ndarr_vu64 v) {                                   \
    const ndarr_vu64 b_ = ndarr_vxor_u64(v, ndarr_vset1_u64(0x8000000000000000ull));       \
    const ndarr_vf64 hi_ = ndarr_vfrombits_f64(ndarr_vor_u64(ndarr_vshr_u64(b_, 32),      \
                                                             ndarr_vset1_u64(0x4530000000000000ull))); \
    const ndarr_vf64 lo_ = ndarr_vfrombits_f64(ndarr_vor_u64(                             \
        ndarr_vand_u64(v, ndarr_vset1_u64(0xffffffffull)), ndarr_vset1_u64(0x4330000000000000ull))); \
    const ndarr_vf64 r_ = ndarr_vadd_f64(ndarr_vsub_f64(hi_, ndarr_vset1_f64(0x1.00000801p84)), lo_); \
    return ndarr_vfrombits_f64(ndarr_vselect_u64(ndarr_vcmpeq_u64(v, ndarr_vzero_u64()),   \
                                                 ndarr_vzero_u64(), ndarr_vbits_f64(r_)));  \
  }

/* float64 -> int64, truncating: |trunc(v)| < 2^51 by the 1.5 * 2^52 shifter (exact), a vector
 * with a larger lane one lane at a time by C's conversion. */
#define NDARR__VGEN_CVTT_F64_I64                                                           \
  NDARR__V ndarr_vu64 ndarr_vcvtt_f64_i64(ndarr_vf64 v) {                                  \
    const ndarr_vf64 t_ = ndarr_vtrunc_f64(v);                                             \
    const ndarr_vu64 a_ = ndarr_vand_u64(ndarr_vbits_f64(t_), ndarr_vset1_u64(0x7fffffffffffffffull)); \
    if (ndarr_vmany_64(ndarr_vcmpgt_u64(a_, ndarr_vset1_u64(0x431fffffffffffffull)))) {     \
      double b_[NDARR_VL64];                                                               \
      int64_t r_[NDARR_VL64];                                                              \
      ndarr_vstore_f64(b_, v);                                                             \
      for (int k_ = 0; k_ < NDARR_VL64; k_++) r_[k_] = (int64_t)b_[k_];                    \
      return ndarr_vload_u64(r_);                                                          \
    }                                                                                      \
    return ndarr_vsub_u64(ndarr_vbits_f64(ndarr_vadd_f64(t_, ndarr_vset1_f64(0x1.8p52))),  \
                          ndarr_vset1_u64(0x4338000000000000ull));                         \
  }

/* The half-precision helpers (half.h's formulas on integer lanes) and the conversions that
 * every backend takes from them: bfloat16 <-> float32 and everything to and from float64. */
#define NDARR__VGEN_HALF                                                                   \
  /* ndarr_f16_to_f32 on u32 lanes holding float16 bits */                                 \
  NDARR__V ndarr_vf32 NDARR_T(vh_f16_f32)(ndarr_vu32 h) {                                  \
    const ndarr_vu32 em_ = ndarr_vand_u32(h, ndarr_vset1_u32(0x7fffu));                    \
    const ndarr_vu32 sg_ = ndarr_vshl_u32(ndarr_vand_u32(h, ndarr_vset1_u32(0x8000u)), 16); \
    const ndarr_vu32 adj_ = ndarr_vset1_u32((uint32_t)(127 - 15) << 23);                   \
    ndarr_vu32 b_ = ndarr_vadd_u32(ndarr_vshl_u32(em_, 13), adj_);                         \
    b_ = ndarr_vadd_u32(b_, ndarr_vselect_u32(ndarr_vcmpgt_u32(em_, ndarr_vset1_u32(0x7bffu)), \
                                              adj_, ndarr_vzero_u32()));                   \
    const ndarr_vf32 sub_ = ndarr_vmul_f32(ndarr_vcvt_i32_f32(em_), ndarr_vset1_f32(0x1p-24f)); \
    b_ = ndarr_vselect_u32(ndarr_vcmpgt_u32(ndarr_vset1_u32(0x0400u), em_), ndarr_vbits_f32(sub_), b_); \
    return ndarr_vfrombits_f32(ndarr_vor_u32(b_, sg_));                                    \
  }                                                                                        \
  /* v rounded to an integer, ties to even, for 0 <= v < 2^22 (exact steps, no flags) */  \
  NDARR__V ndarr_vu32 NDARR_T(vh_rne_f32)(ndarr_vf32 v) {                                  \
    const ndarr_vf32 t_ = ndarr_vtrunc_f32(v);                                             \
    const ndarr_vf32 fr_ = ndarr_vsub_f32(v, t_);                                          \
    const ndarr_vu32 ti_ = ndarr_vcvtt_f32_i32(t_);                                        \
    const ndarr_vu32 one_ = ndarr_vset1_u32(1u);                                           \
    const ndarr_vm32 up_ = ndarr_vmor_32(                                                  \
        ndarr_vcmpgt_f32(fr_, ndarr_vset1_f32(0.5f)),                                      \
        ndarr_vmand_32(ndarr_vcmpeq_f32(fr_, ndarr_vset1_f32(0.5f)),                       \
                       ndarr_vcmpeq_u32(ndarr_vand_u32(ti_, one_), one_)));                \
    return ndarr_vadd_u32(ti_, ndarr_vselect_u32(up_, one_, ndarr_vzero_u32()));           \
  }                                                                                        \
  NDARR__V ndarr_vu64 NDARR_T(vh_rne_f64)(ndarr_vf64 v) { /* 0 <= v < 2^51 */              \
    const ndarr_vf64 t_ = ndarr_vtrunc_f64(v);                                             \
    const ndarr_vf64 fr_ = ndarr_vsub_f64(v, t_);                                          \
    const ndarr_vu64 ti_ = ndarr_vsub_u64(ndarr_vbits_f64(ndarr_vadd_f64(t_, ndarr_vset1_f64(0x1.8p52))), \
                                          ndarr_vset1_u64(0x4338000000000000ull));         \
    const ndarr_vu64 one_ = ndarr_vset1_u64(1u);                                           \
    const ndarr_vm64 up_ = ndarr_vmor_64(                                                  \
        ndarr_vcmpgt_f64(fr_, ndarr_vset1_f64(0.5)),                                       \
        ndarr_vmand_64(ndarr_vcmpeq_f64(fr_, ndarr_vset1_f64(0.5)),                        \
                       ndarr_vcmpeq_u64(ndarr_vand_u64(ti_, one_), one_)));                \
    return ndarr_vadd_u64(ti_, ndarr_vselect_u64(up_, one_, ndarr_vzero_u64()));           \
  }                                                                                        \
  /* ndarr_f32_to_f16 for lanes outside the normal range (ax = |f|'s bits) */              \
  NDARR__V ndarr_vu32 NDARR_T(vh_f32_f16_rare)(ndarr_vu32 ax) {                            \
    const ndarr_vm32 tiny_ = ndarr_vcmpgt_u32(ndarr_vset1_u32(0x38800000u), ax);           \
    const ndarr_vf32 y_ = ndarr_vmul_f32(                                                  \
        ndarr_vfrombits_f32(ndarr_vselect_u32(tiny_, ax, ndarr_vzero_u32())), ndarr_vset1_f32(0x1p24f)); \
    const ndarr_vu32 hs_ = NDARR_T(vh_rne_f32)(y_);                                        \
    const ndarr_vu32 hn_ = ndarr_vor_u32(ndarr_vset1_u32(0x7c00u),                         \
                                         ndarr_vand_u32(ndarr_vshr_u32(ax, 13), ndarr_vset1_u32(0x03ffu))); \
    const ndarr_vu32 hq_ = ndarr_vadd_u32(hn_, ndarr_vselect_u32(                         \
        ndarr_vcmpeq_u32(hn_, ndarr_vset1_u32(0x7c00u)), ndarr_vset1_u32(1u), ndarr_vzero_u32())); \
    return ndarr_vselect_u32(tiny_, hs_, ndarr_vselect_u32(                                \
        ndarr_vcmpgt_u32(ax, ndarr_vset1_u32(0x7f800000u)), hq_, ndarr_vset1_u32(0x7c00u))); \
  }                                                                                        \
  /* ndarr_f32_to_f16 into u32 lanes */                                                    \
  NDARR__V ndarr_vu32 NDARR_T(vh_f32_f16)(ndarr_vf32 f) {                                  \
    const ndarr_vu32 x_ = ndarr_vbits_f32(f);                                              \
    const ndarr_vu32 ax_ = ndarr_vand_u32(x_, ndarr_vset1_u32(0x7fffffffu));               \
    const ndarr_vu32 sg_ = ndarr_vand_u32(ndarr_vshr_u32(x_, 16), ndarr_vset1_u32(0x8000u)); \
    ndarr_vu32 h_ = ndarr_vsub_u32(ax_, ndarr_vset1_u32((uint32_t)(127 - 15) << 23));      \
    h_ = ndarr_vadd_u32(ndarr_vadd_u32(h_, ndarr_vset1_u32(0x0fffu)),                      \
                        ndarr_vand_u32(ndarr_vshr_u32(ax_, 13), ndarr_vset1_u32(1u)));     \
    h_ = ndarr_vshr_u32(h_, 13);                                                           \
    const ndarr_vm32 rare_ = ndarr_vmnot_32(ndarr_vcmpgt_u32(                              \
        ndarr_vset1_u32(0x477ff000u - 0x38800000u), ndarr_vsub_u32(ax_, ndarr_vset1_u32(0x38800000u)))); \
    if (ndarr_vmany_32(rare_)) h_ = ndarr_vselect_u32(rare_, NDARR_T(vh_f32_f16_rare)(ax_), h_); \
    return ndarr_vor_u32(h_, sg_);                                                         \
  }                                                                                        \
  /* ndarr_f32_to_bf16 into u32 lanes */                                                   \
  NDARR__V ndarr_vu32 NDARR_T(vh_f32_bf16)(ndarr_vf32 f) {                                 \
    const ndarr_vu32 x_ = ndarr_vbits_f32(f);                                              \
    const ndarr_vu32 ax_ = ndarr_vand_u32(x_, ndarr_vset1_u32(0x7fffffffu));               \
    const ndarr_vu32 r_ = ndarr_vshr_u32(ndarr_vadd_u32(ndarr_vadd_u32(ax_, ndarr_vset1_u32(0x7fffu)), \
                                                        ndarr_vand_u32(ndarr_vshr_u32(ax_, 16), ndarr_vset1_u32(1u))), 16); \
    const ndarr_vu32 q_ = ndarr_vor_u32(ndarr_vshr_u32(ax_, 16), ndarr_vset1_u32(0x0040u)); \
    const ndarr_vu32 h_ = ndarr_vselect_u32(ndarr_vcmpgt_u32(ax_, ndarr_vset1_u32(0x7f800000u)), q_, r_); \
    return ndarr_vor_u32(h_, ndarr_vand_u32(ndarr_vshr_u32(x_, 16), ndarr_vset1_u32(0x8000u))); \
  }                                                                                        \
  /* ndarr_f16_to_f64 / ndarr_bf16_to_f64 on u64 lanes (E: exponent bias of the half, M: */ \
  /* its fraction bits, EM: its infinity, SUB: the scale of its subnormals) */             \
  NDARR__V ndarr_vf64 NDARR_T(vh_h_f64)(ndarr_vu64 h, int M, uint64_t E, uint64_t EM, double SUB) { \
    const ndarr_vu64 em_ = ndarr_vand_u64(h, ndarr_vset1_u64(0x7fffu));                    \
    const ndarr_vu64 sg_ = ndarr_vshl_u64(ndarr_vand_u64(h, ndarr_vset1_u64(0x8000u)), 48); \
    ndarr_vu64 b_ = ndarr_vadd_u64(ndarr_vshl_u64(em_, 52 - M), ndarr_vset1_u64((1023u - E) << 52)); \
    b_ = ndarr_vadd_u64(b_, ndarr_vselect_u64(ndarr_vcmpgt_u64(em_, ndarr_vset1_u64(EM - 1u)), \
                                              ndarr_vset1_u64((2047u - (2u * E + 1u) - (1023u - E)) << 52), \
                                              ndarr_vzero_u64()));                         \
    const ndarr_vf64 sub_ = ndarr_vmul_f64(ndarr_vcvt_i64_f64(em_), ndarr_vset1_f64(SUB));  \
    b_ = ndarr_vselect_u64(ndarr_vcmpgt_u64(ndarr_vset1_u64((uint64_t)1 << M), em_), ndarr_vbits_f64(sub_), b_); \
    return ndarr_vfrombits_f64(ndarr_vor_u64(b_, sg_));                                    \
  }                                                                                        \
  /* ndarr_f64_to_f16 / ndarr_f64_to_bf16 into u64 lanes (M: fraction bits of the half, */ \
  /* LO/HI: |d|'s bits where its results are normal, SC: 1 / its smallest subnormal, INF, */ \
  /* QUIET: the bit added to NaNs, 0 for float16, which keeps them as they are) */        \
  NDARR__V ndarr_vu64 NDARR_T(vh_f64_h)(ndarr_vf64 d, int M, uint64_t LO, uint64_t HI, double SC, \
                                       uint64_t INF, uint64_t QUIET) {                     \
    const ndarr_vu64 x_ = ndarr_vbits_f64(d);                                              \
    const ndarr_vu64 ax_ = ndarr_vand_u64(x_, ndarr_vset1_u64(0x7fffffffffffffffull));     \
    const ndarr_vu64 sg_ = ndarr_vand_u64(ndarr_vshr_u64(x_, 48), ndarr_vset1_u64(0x8000u)); \
    const int s_ = 52 - M;                                                                 \
    ndarr_vu64 h_ = ndarr_vsub_u64(ax_, ndarr_vset1_u64(LO - ((uint64_t)1 << 52)));        \
    h_ = ndarr_vadd_u64(ndarr_vadd_u64(h_, ndarr_vset1_u64(((uint64_t)1 << (s_ - 1)) - 1u)), \
                        ndarr_vand_u64(ndarr_vshr_u64(ax_, s_), ndarr_vset1_u64(1u)));     \
    h_ = ndarr_vshr_u64(h_, s_);                                                           \
    const ndarr_vm64 rare_ = ndarr_vmnot_64(ndarr_vcmpgt_u64(                              \
        ndarr_vset1_u64(HI - LO), ndarr_vsub_u64(ax_, ndarr_vset1_u64(LO))));              \
    if (ndarr_vmany_64(rare_)) {                                                           \
      const ndarr_vm64 tiny_ = ndarr_vcmpgt_u64(ndarr_vset1_u64(LO), ax_);                 \
      const ndarr_vf64 y_ = ndarr_vmul_f64(                                                \
          ndarr_vfrombits_f64(ndarr_vselect_u64(tiny_, ax_, ndarr_vzero_u64())), ndarr_vset1_f64(SC)); \
      const ndarr_vu64 hs_ = NDARR_T(vh_rne_f64)(y_);                                      \
      const ndarr_vu64 hn_ = ndarr_vor_u64(ndarr_vset1_u64(INF | QUIET), ndarr_vand_u64(   \
          ndarr_vshr_u64(ax_, s_), ndarr_vset1_u64(((uint64_t)1 << M) - 1u)));             \
      const ndarr_vu64 hq_ = ndarr_vadd_u64(hn_, ndarr_vselect_u64(                       \
          ndarr_vcmpeq_u64(hn_, ndarr_vset1_u64(INF)), ndarr_vset1_u64(1u), ndarr_vzero_u64())); \
      const ndarr_vu64 hr_ = ndarr_vselect_u64(tiny_, hs_, ndarr_vselect_u64(             \
          ndarr_vcmpgt_u64(ax_, ndarr_vset1_u64(0x7ff0000000000000ull)), hq_, ndarr_vset1_u64(INF))); \
      h_ = ndarr_vselect_u64(rare_, hr_, h_);                                              \
    }                                                                                      \
    return ndarr_vor_u64(h_, sg_);                                                         \
  }                                                                                        \
  NDARR__V ndarr_vf32 ndarr_vload_bf16_f32(const void *p) {                                \
    return ndarr_vfrombits_f32(ndarr_vshl_u32(ndarr_vload_u16_u32(p), 16));               \
  }                                                                                        \
  NDARR__V void ndarr_vstore_f32_bf16(void *p, ndarr_vf32 v) {                             \
    ndarr_vstore_u32_u16(p, NDARR_T(vh_f32_bf16)(v));                                      \
  }                                                                                        \
  NDARR__V ndarr_vf64 ndarr_vload_f16_f64(const void *p) {                                 \
    return NDARR_T(vh_h_f64)(ndarr_vload_u16_u64(p), 10, 15, 0x7c00u, 0x1p-24);            \
  }                                                                                        \
  NDARR__V ndarr_vf64 ndarr_vload_bf16_f64(const void *p) {                                \
    return NDARR_T(vh_h_f64)(ndarr_vload_u16_u64(p), 7, 127, 0x7f80u, 0x1p-133);           \
  }                                                                                        \
  NDARR__V void ndarr_vstore_f64_f16(void *p, ndarr_vf64 v) {                              \
    ndarr_vstore_u64_u16(p, NDARR_T(vh_f64_h)(v, 10, 0x3f10000000000000ull, 0x40effe0000000000ull, \
                                              0x1p24, 0x7c00u, 0));                        \
  }                                                                                        \
  NDARR__V void ndarr_vstore_f64_bf16(void *p, ndarr_vf64 v) {                             \
    ndarr_vstore_u64_u16(p, NDARR_T(vh_f64_h)(v, 7, 0x3810000000000000ull, 0x47eff00000000000ull, \
                                              0x1p133, 0x7f80u, 0x0040u));                 \
  }

/* float16 <-> float32 by the helpers, for backends without a hardware path. */
#define NDARR__VGEN_F16_F32                                                                \
  NDARR__V ndarr_vf32 ndarr_vload_f16_f32(const void *p) {                                 \
    return NDARR_T(vh_f16_f32)(ndarr_vload_u16_u32(p));                                    \
  }                                                                                        \
  NDARR__V void ndarr_vstore_f32_f16(void *p, ndarr_vf32 v) {                              \
    ndarr_vstore_u32_u16(p, NDARR_T(vh_f32_f16)(v));                                       \
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
