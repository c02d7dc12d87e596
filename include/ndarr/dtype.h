/* ndarr/dtype.h — dtype classes, descriptors, casts and promotion: one open mechanism.
 *
 * A dtype *class* (NumPy's DType class, NEP 41–43) says what a kind of element is: its name,
 * fixed or parametric size and alignment, how it promotes with other classes, its casts (each
 * with a casting level and a strided loop), and how one element reads and prints as text.
 * Classes are registered into a context with ndarr_dtype_register(); the builtin classes (bool,
 * int8…uint64, float16, bfloat16, float32, float64, complex64, complex128) are registered
 * through the very same function when the context is created, under fixed ids
 * (ndarr_type_id). User classes get ids from their context (>= NDARR_FIRST_USER_ID).
 *
 * A *descriptor* (ndarr_dtype) is an instance of a class: a small plain value — class id,
 * byte order, itemsize, alignment and up to 32 bytes of class-defined parameters (string
 * length and encoding, a physical unit, …). Descriptors are copied, never reference-counted;
 * identity is by id, never by address. A descriptor with itemsize 0 means "the class's default
 * descriptor" and is completed by ndarr_dtype_resolve() at every entry point, so
 * ndarr_dtype_of(id) works for any non-parametric class.
 *
 * Casting levels follow NumPy: no < equiv (byte order only) < safe < same_kind < unsafe.
 */
#ifndef NDARR_DTYPE_H
#define NDARR_DTYPE_H

#include "ctx.h"

NDARR__EXTERN_C_BEGIN

/* Fixed ids of the builtin classes (frozen; identity is by id). */
typedef enum ndarr_type_id {
  NDARR_BOOL = 0,
  NDARR_INT8 = 1,
  NDARR_INT16 = 2,
  NDARR_INT32 = 3,
  NDARR_INT64 = 4,
  NDARR_UINT8 = 5,
  NDARR_UINT16 = 6,
  NDARR_UINT32 = 7,
  NDARR_UINT64 = 8,
  NDARR_FLOAT16 = 9,
  NDARR_BFLOAT16 = 10,
  NDARR_FLOAT32 = 11,
  NDARR_FLOAT64 = 12,
  NDARR_COMPLEX64 = 13,
  NDARR_COMPLEX128 = 14,
  NDARR_NUM_BUILTIN_TYPES = 15,
  NDARR_FIRST_USER_ID = 64 /* ids below are reserved for builtins */
} ndarr_type_id;

/* Byte order of a descriptor, relative to the machine ndarr runs on. */
typedef enum ndarr_byteorder {
  NDARR_BYTEORDER_NATIVE = 0,  /* the host's order ('=' in NumPy) */
  NDARR_BYTEORDER_SWAPPED = 1, /* the opposite of the host's order */
  NDARR_BYTEORDER_NONE = 2     /* not applicable: single bytes, strings ('|') */
} ndarr_byteorder;

/* Casting levels (numpy casting=). Ordered: a cast allowed at one level is allowed at all
 * later ones. */
typedef enum ndarr_casting {
  NDARR_CASTING_NO = 0,
  NDARR_CASTING_EQUIV = 1,
  NDARR_CASTING_SAFE = 2,
  NDARR_CASTING_SAME_KIND = 3,
  NDARR_CASTING_UNSAFE = 4
} ndarr_casting;

/* A descriptor: an instance of a dtype class. Plain value, 64 bytes. Frozen layout. */
typedef struct ndarr_dtype {
  int32_t id;          /* class id (ndarr_type_id or one assigned by ndarr_dtype_register) */
  uint8_t byteorder;   /* ndarr_byteorder */
  uint8_t reserved[3];
  int64_t itemsize;    /* bytes per element; 0 = "default descriptor of the class" */
  int64_t alignment;   /* bytes; a power of two */
  uint64_t params[5];  /* class-defined parameters; 0 when unused */
} ndarr_dtype;

/* The descriptor of a builtin class in native byte order, or for any other id a descriptor
 * with itemsize 0 that entry points complete with the class's default. */
NDARR_API ndarr_dtype ndarr_dtype_of(int32_t id);

/* ---- the strided loop, shared by casts and ufunc loops (NEP 43's strided loop) ----------- */

/* What a loop is called with besides its data. */
typedef struct ndarr_loop_call {
  ndarr_ctx *ctx;             /* for errors and allocation */
  const ndarr_dtype *descrs;  /* operand descriptors: inputs, then outputs */
  void *auxdata;              /* the loop spec's auxdata */
} ndarr_loop_call;

/* A strided inner loop: dimensions[0] elements; data[i] and strides[i] (bytes) per operand.
 * Data is aligned to the descriptor's alignment and in native byte order unless the spec
 * says otherwise. Returns 0, or a status after ndarr_ctx_set_error(call->ctx, ...). */
typedef int (*ndarr_strided_loop)(const ndarr_loop_call *call, char *const *data,
                                  const int64_t *dimensions, const int64_t *strides);

/* Loop flags. */
#define NDARR_LOOP_NO_FP_ERRORS 0x1u   /* never raises floating-point exceptions */
#define NDARR_LOOP_UNALIGNED_OK 0x2u   /* accepts unaligned data */
#define NDARR_LOOP_THREAD_SAFE 0x4u    /* may run concurrently on disjoint data */

/* ---- text formatting of one element --------------------------------------------------------- */
typedef enum ndarr_text_mode {
  NDARR_TEXT_REPR = 0,       /* shortest text that reads back to the same value, as NumPy's str()
                                of a scalar ("1.0", "0.1", "1e-05", "(1+2j)", "True") */
  NDARR_TEXT_FIXED = 1,      /* positional, `precision` digits after the point */
  NDARR_TEXT_SCIENTIFIC = 2  /* d.ddde+XX with `precision` digits after the point */
} ndarr_text_mode;

typedef struct ndarr_text_options {
  int32_t mode;       /* ndarr_text_mode */
  int32_t precision;  /* digits for FIXED/SCIENTIFIC (with NDARR_TEXT_UNIQUE: at most; -1 no
                         limit); -1 without UNIQUE = as REPR */
  uint32_t flags;     /* NDARR_TEXT_* below */
  int32_t min_digits; /* NDARR_TEXT_UNIQUE: at least this many digits, as numpy's min_digits
                         (-1: none); ignored otherwise */
} ndarr_text_options;
/* FIXED/SCIENTIFIC flags. Number classes honour them; other classes may ignore them. */
#define NDARR_TEXT_TRIM_ZEROS 0x1u  /* drop trailing zeros but one ("1.50" -> "1.5", "1.00" -> "1.0") */
#define NDARR_TEXT_UNIQUE 0x2u      /* digits: the shortest that identify the value in its type
                                       (Dragon4), cut at `precision`, padded to `min_digits` */
#define NDARR_TEXT_TRIM_POINT 0x4u  /* drop all trailing zeros, keep the point ("1.00" -> "1.") */
#define NDARR_TEXT_TRIM_ALL 0x8u    /* drop trailing zeros and the point ("1.00" -> "1") */
#define NDARR_TEXT_SIGN 0x10u       /* write '+' before non-negative numbers */

/* ---- dtype class specification ------------------------------------------------------------ */
#define NDARR_DTYPE_PARAMETRIC 0x1u  /* instances differ by parameters (itemsize, params) */
#define NDARR_DTYPE_NUMERIC 0x2u     /* a number: may take part in arithmetic promotion */

typedef struct ndarr_dtype_spec {
  uint32_t struct_size;  /* sizeof(ndarr_dtype_spec); frozen first field */
  uint32_t flags;        /* NDARR_DTYPE_* */
  const char *name;      /* unique in the context, e.g. "float64"; copied */
  char kind;             /* NumPy kind: 'b' 'i' 'u' 'f' 'c', or the class's own */
  char reserved[7];
  int64_t itemsize;      /* fixed size in bytes; 0 when parametric */
  int64_t alignment;     /* a power of two */
  int64_t swap_unit;     /* bytes swapped as a unit for the other byte order; 0 = no byte order */
  void *user;            /* the class's own data, passed back through ndarr_dtype_class */

  /* Default descriptor (required when parametric; else ndarr builds one from itemsize). */
  ndarr_status (*default_descr)(ndarr_ctx *ctx, int32_t id, ndarr_dtype *out);
  /* Descriptor equality beyond id and byte order (default: itemsize and params equal). */
  int (*equal)(const ndarr_dtype *a, const ndarr_dtype *b);
  /* Class-level promotion (NEP 42 __common_dtype__): the class both promote to, into *out_id,
   * or NDARR_ENOTFOUND (without setting an error) if this class does not know `other`. */
  ndarr_status (*common_dtype)(ndarr_ctx *ctx, int32_t self, int32_t other, int32_t *out_id);
  /* Common instance of two descriptors of this class (parametric classes; default: a). */
  ndarr_status (*common_instance)(ndarr_ctx *ctx, const ndarr_dtype *a, const ndarr_dtype *b,
                                  ndarr_dtype *out);
  /* Write one element as text (NUL-terminated) into buf[cap]; *len gets its length. */
  ndarr_status (*to_text)(ndarr_ctx *ctx, const ndarr_dtype *d, const void *item,
                          const ndarr_text_options *opts, char *buf, size_t cap, size_t *len);
  /* Parse text[0..len) into one element. */
  ndarr_status (*from_text)(ndarr_ctx *ctx, const ndarr_dtype *d, const char *text, size_t len,
                            void *item);
  /* The .npy descr string ("<f8") into buf[cap]. NULL: this class cannot be stored in .npy. */
  ndarr_status (*npy_descr)(ndarr_ctx *ctx, const ndarr_dtype *d, char *buf, size_t cap);
  /* Recognise a .npy descr string; NDARR_ENOTFOUND (no error set) if it is not this class's. */
  ndarr_status (*from_npy_descr)(ndarr_ctx *ctx, int32_t id, const char *descr, ndarr_dtype *out);
  /* Optional hooks for later facilities: three-way compare, hash, missing-value test. */
  int (*compare)(const ndarr_dtype *d, const void *a, const void *b);
  uint64_t (*hash)(const ndarr_dtype *d, const void *item);
  int (*is_na)(const ndarr_dtype *d, const void *item);
} ndarr_dtype_spec;

/* A cast between two classes (NEP 43's ArrayMethod with one input and one output). */
typedef struct ndarr_cast_spec {
  uint32_t struct_size;  /* sizeof(ndarr_cast_spec); frozen first field */
  uint32_t flags;        /* NDARR_LOOP_* */
  int32_t from;          /* class id */
  int32_t to;            /* class id */
  int32_t casting;       /* ndarr_casting of the cast for native-order descriptors */
  int32_t reserved;
  /* Optional: choose/check the output descriptor (`to` may have itemsize 0 = choose) and
   * report the casting level. NULL: to = resolved `to`, level = casting (or NO for two equal
   * descriptors of one class). */
  ndarr_status (*resolve_descriptors)(ndarr_ctx *ctx, const struct ndarr_cast_spec *spec,
                                      const ndarr_dtype *from, const ndarr_dtype *to,
                                      ndarr_dtype *to_out, ndarr_casting *casting_out);
  ndarr_strided_loop loop;  /* aligned, native-order data unless flags say otherwise */
  void *auxdata;            /* passed to the loop; owned by the caller */
} ndarr_cast_spec;

/* A registered class, as the registry holds it. Read-only for callers. */
typedef struct ndarr_dtype_class {
  int32_t id;
  int32_t ncasts;            /* casts from this class */
  ndarr_dtype_spec spec;     /* copy of the registered spec (spec.name points to name) */
  char name[64];
  ndarr_cast_spec *casts;    /* ncasts entries */
  int32_t casts_cap;
  int32_t reserved;
} ndarr_dtype_class;

/* Fill *spec / *cast with zeros and the right struct_size. */
NDARR_API void ndarr_dtype_spec_init(ndarr_dtype_spec *spec);
NDARR_API void ndarr_cast_spec_init(ndarr_cast_spec *spec);

/* Register a dtype class; *out_id gets its id. The name must be unique in the context. A
 * non-parametric class gets a copy cast to itself (level NO) automatically. */
NDARR_API ndarr_status ndarr_dtype_register(ndarr_ctx *ctx, const ndarr_dtype_spec *spec,
                                            int32_t *out_id) NDARR__WUR;

/* Register (or replace) the cast spec->from -> spec->to. Both classes must be registered. */
NDARR_API ndarr_status ndarr_cast_register(ndarr_ctx *ctx, const ndarr_cast_spec *spec) NDARR__WUR;

/* The class with this id, or NULL. */
NDARR_API const ndarr_dtype_class *ndarr_dtype_class_get(ndarr_ctx *ctx, int32_t id);

/* Find a class by name ("float32", "f4"-style NumPy aliases are not names); ENOTFOUND if none. */
NDARR_API ndarr_status ndarr_dtype_find(ndarr_ctx *ctx, const char *name, int32_t *out_id);

/* Number of id slots in use: ids 0 .. ndarr_dtype_count(ctx)-1 may be registered. */
NDARR_API int32_t ndarr_dtype_id_limit(ndarr_ctx *ctx);

/* Complete a descriptor: unknown id -> ENOTFOUND; itemsize 0 -> the class default. */
NDARR_API ndarr_status ndarr_dtype_resolve(ndarr_ctx *ctx, const ndarr_dtype *in, ndarr_dtype *out);

/* 1 if a and b describe the same element layout and meaning (byte order included). */
NDARR_API int ndarr_dtype_equal(ndarr_ctx *ctx, const ndarr_dtype *a, const ndarr_dtype *b);

/* The same descriptor in native byte order / in the swapped byte order. */
NDARR_API ndarr_dtype ndarr_dtype_native(ndarr_dtype d);
NDARR_API ndarr_dtype ndarr_dtype_swapped(ndarr_dtype d);

/* Name of a descriptor's class ("float64"), or "<unknown dtype N>". */
NDARR_API const char *ndarr_dtype_name(ndarr_ctx *ctx, const ndarr_dtype *d);

/* The least strict casting level at which from -> to is allowed, into *level; NDARR_ECAST with a
 * message if no cast exists between the classes. */
NDARR_API ndarr_status ndarr_cast_level(ndarr_ctx *ctx, const ndarr_dtype *from,
                                        const ndarr_dtype *to, ndarr_casting *level);

/* 1 if from -> to is allowed at `casting` (numpy.can_cast), else 0. */
NDARR_API int ndarr_can_cast(ndarr_ctx *ctx, const ndarr_dtype *from, const ndarr_dtype *to,
                             ndarr_casting casting);

/* The common dtype of a and b (numpy.promote_types; native byte order). */
NDARR_API ndarr_status ndarr_promote_types(ndarr_ctx *ctx, const ndarr_dtype *a,
                                           const ndarr_dtype *b, ndarr_dtype *out);

/* The common dtype of n descriptors (numpy.result_type over dtypes), n >= 1: independent of
 * their order (the least class all cast to safely among the pairwise common classes). */
NDARR_API ndarr_status ndarr_result_type(ndarr_ctx *ctx, int n, const ndarr_dtype *dtypes,
                                         ndarr_dtype *out);

/* Format one element with the class's to_text hook. */
NDARR_API ndarr_status ndarr_dtype_format(ndarr_ctx *ctx, const ndarr_dtype *d, const void *item,
                                          const ndarr_text_options *opts, char *buf, size_t cap,
                                          size_t *len);

/* Parse one element with the class's from_text hook (native byte order). */
NDARR_API ndarr_status ndarr_dtype_parse(ndarr_ctx *ctx, const ndarr_dtype *d, const char *text,
                                         size_t len, void *item);

/* The registered cast from -> to (classes), or NULL. */
NDARR_API const ndarr_cast_spec *ndarr_cast_find(ndarr_ctx *ctx, int32_t from, int32_t to);

/* Resolve the cast from -> to: the output descriptor (to may have itemsize 0) and the casting
 * level including byte-order changes. ECAST with a message if there is no cast. */
NDARR_API ndarr_status ndarr_cast_resolve(ndarr_ctx *ctx, const ndarr_dtype *from,
                                          const ndarr_dtype *to, const ndarr_cast_spec **spec_out,
                                          ndarr_dtype *to_out, ndarr_casting *level_out);

/* Name of a casting level ("same_kind"). */
NDARR_API const char *ndarr_casting_name(ndarr_casting c);

/* 1 if this machine is little-endian. */
NDARR_API int ndarr_host_is_little_endian(void);

struct ndarr__dtype_registry {
  ndarr_dtype_class **classes; /* indexed by id; NULL where free */
  int32_t cap;
  int32_t next_user_id;
};

#if NDARR__DEFINE_BODIES
/* Defined in builtin.h (included at the end of this header). */
NDARR__API ndarr_status ndarr__register_builtins(ndarr_ctx *ctx);
NDARR__API ndarr_status ndarr__cast_register(ndarr_ctx *ctx, const ndarr_cast_spec *spec);

/* itemsize, alignment, swap unit, kind and name of each builtin class (constant table). */
typedef struct ndarr__builtin_info {
  int8_t itemsize;
  int8_t alignment;
  int8_t swap_unit;
  char kind;
  const char *name;
} ndarr__builtin_info;

static const ndarr__builtin_info ndarr__builtins[NDARR_NUM_BUILTIN_TYPES] = {
    {1, 1, 0, 'b', "bool"},       {1, 1, 0, 'i', "int8"},         {2, 2, 2, 'i', "int16"},
    {4, 4, 4, 'i', "int32"},      {8, 8, 8, 'i', "int64"},        {1, 1, 0, 'u', "uint8"},
    {2, 2, 2, 'u', "uint16"},     {4, 4, 4, 'u', "uint32"},       {8, 8, 8, 'u', "uint64"},
    {2, 2, 2, 'f', "float16"},    {2, 2, 2, 'f', "bfloat16"},     {4, 4, 4, 'f', "float32"},
    {8, 8, 8, 'f', "float64"},    {8, 4, 4, 'c', "complex64"},    {16, 8, 8, 'c', "complex128"},
};

NDARR_API int ndarr_host_is_little_endian(void) {
  const uint16_t one = 1;
  unsigned char b;
  memcpy(&b, &one, 1);
  return b == 1;
}

NDARR_API ndarr_dtype ndarr_dtype_of(int32_t id) {
  ndarr_dtype d;
  memset(&d, 0, sizeof d);
  d.id = id;
  if (id >= 0 && id < NDARR_NUM_BUILTIN_TYPES) {
    d.itemsize = ndarr__builtins[id].itemsize;
    d.alignment = ndarr__builtins[id].alignment;
    d.byteorder = ndarr__builtins[id].swap_unit ? NDARR_BYTEORDER_NATIVE : NDARR_BYTEORDER_NONE;
  }
  return d;
}

NDARR_API void ndarr_dtype_spec_init(ndarr_dtype_spec *spec) {
  memset(spec, 0, sizeof *spec);
  spec->struct_size = (uint32_t)sizeof *spec;
}

NDARR_API void ndarr_cast_spec_init(ndarr_cast_spec *spec) {
  memset(spec, 0, sizeof *spec);
  spec->struct_size = (uint32_t)sizeof *spec;
}

NDARR__API ndarr_status ndarr__dtypes_init(ndarr_ctx *ctx) {
  struct ndarr__dtype_registry *r = (struct ndarr__dtype_registry *)ndarr_ctx_alloc(
      ctx, sizeof *r, 16);
  if (!r) return NDARR_ENOMEM;
  memset(r, 0, sizeof *r);
  r->next_user_id = NDARR_FIRST_USER_ID;
  ctx->dtypes = r;
  return ndarr__register_builtins(ctx);
}

NDARR__API void ndarr__dtypes_free(ndarr_ctx *ctx) {
  struct ndarr__dtype_registry *r = ctx->dtypes;
  if (!r) return;
  for (int32_t i = 0; i < r->cap; i++) {
    ndarr_dtype_class *c = r->classes[i];
    if (!c) continue;
    ndarr_ctx_free(ctx, c->casts, (size_t)c->casts_cap * sizeof(ndarr_cast_spec), 16);
    ndarr_ctx_free(ctx, c, sizeof *c, 16);
  }
  ndarr_ctx_free(ctx, r->classes, (size_t)r->cap * sizeof(ndarr_dtype_class *), 16);
  ndarr_ctx_free(ctx, r, sizeof *r, 16);
  ctx->dtypes = NULL;
}

NDARR_API const ndarr_dtype_class *ndarr_dtype_class_get(ndarr_ctx *ctx, int32_t id) {
  struct ndarr__dtype_registry *r = ctx->dtypes;
  if (!r || id < 0 || id >= r->cap) return NULL;
  return r->classes[id];
}

NDARR_API int32_t ndarr_dtype_id_limit(ndarr_ctx *ctx) { return ctx->dtypes ? ctx->dtypes->cap : 0; }

NDARR_API ndarr_status ndarr_dtype_find(ndarr_ctx *ctx, const char *name, int32_t *out_id) {
  struct ndarr__dtype_registry *r = ctx->dtypes;
  if (!name) return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype name is NULL");
  for (int32_t i = 0; r && i < r->cap; i++) {
    if (r->classes[i] && strcmp(r->classes[i]->name, name) == 0) {
      *out_id = i;
      return NDARR_OK;
    }
  }
  return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "data type '%s' not understood", name);
}

/* A copy cast within one class: the memcpy loop registered for non-parametric classes.
 * Fixed-size element moves for the common itemsizes, so fills (source stride 0) and strided
 * copies compile to plain loads and stores. */
#define NDARR__COPY_N(SZ)                                                                    \
  for (int64_t i = 0; i < n; i++, src += ss, dst += ds) memmove(dst, src, SZ);
#define NDARR__FILL_N(T)                                                                     \
  {                                                                                          \
    T v_;                                                                                    \
    memcpy(&v_, src, sizeof v_);                                                             \
    int64_t i_ = 0;                                                                          \
    for (; i_ + 16 <= n; i_ += 16) ndarr__fill16_##T(dst + i_ * (int64_t)sizeof v_, v_);     \
    for (; i_ < n; i_++) memcpy(dst + i_ * (int64_t)sizeof v_, &v_, sizeof v_);              \
  }
#define NDARR__DEF_FILL16(T)                                                                 \
  NDARR__API void ndarr__fill16_##T(char *dst, T v) {                                        \
    for (int k = 0; k < 16; k++) memcpy(dst + k * (int)sizeof v, &v, sizeof v);              \
  }
NDARR__DEF_FILL16(uint16_t)
NDARR__DEF_FILL16(uint32_t)
NDARR__DEF_FILL16(uint64_t)
NDARR__API int ndarr__copy_loop(const ndarr_loop_call *call, char *const *data,
                                const int64_t *dimensions, const int64_t *strides) {
  const size_t sz = (size_t)call->descrs[0].itemsize;
  const char *src = data[0];
  char *dst = data[1];
  const int64_t n = dimensions[0], ss = strides[0], ds = strides[1];
  if (ss == (int64_t)sz && ds == (int64_t)sz) {
    memmove(dst, src, (size_t)n * sz);
    return 0;
  }
  if (ss == 0 && ds == (int64_t)sz) { /* fill */
    switch (sz) {
      case 1: memset(dst, *src, (size_t)n); return 0;
      case 2: NDARR__FILL_N(uint16_t) return 0;
      case 4: NDARR__FILL_N(uint32_t) return 0;
      case 8: NDARR__FILL_N(uint64_t) return 0;
      default: break;
    }
  }
  switch (sz) {
    case 1: NDARR__COPY_N(1) break;
    case 2: NDARR__COPY_N(2) break;
    case 4: NDARR__COPY_N(4) break;
    case 8: NDARR__COPY_N(8) break;
    case 16: NDARR__COPY_N(16) break;
    default: NDARR__COPY_N(sz) break;
  }
  return 0;
}

NDARR__API ndarr_status ndarr__dtype_register_id(ndarr_ctx *ctx, const ndarr_dtype_spec *spec,
                                                  int32_t id) {
  struct ndarr__dtype_registry *r = ctx->dtypes;
  if (id >= r->cap) {
    int32_t ncap = r->cap ? r->cap : NDARR_FIRST_USER_ID;
    while (ncap <= id) ncap *= 2;
    ndarr_dtype_class **nc = (ndarr_dtype_class **)ndarr_ctx_alloc(
        ctx, (size_t)ncap * sizeof *nc, 16);
    if (!nc) return NDARR_ENOMEM;
    memset(nc, 0, (size_t)ncap * sizeof *nc);
    if (r->classes) memcpy(nc, r->classes, (size_t)r->cap * sizeof *nc);
    ndarr_ctx_free(ctx, r->classes, (size_t)r->cap * sizeof *nc, 16);
    r->classes = nc;
    r->cap = ncap;
  }
  ndarr_dtype_class *c = (ndarr_dtype_class *)ndarr_ctx_alloc(ctx, sizeof *c, 16);
  if (!c) return NDARR_ENOMEM;
  memset(c, 0, sizeof *c);
  c->id = id;
  memcpy(&c->spec, spec, spec->struct_size < sizeof c->spec ? spec->struct_size : sizeof c->spec);
  c->spec.struct_size = (uint32_t)sizeof c->spec;
  memcpy(c->name, spec->name, strlen(spec->name) + 1);
  c->spec.name = c->name;
  r->classes[id] = c;
  if (!(spec->flags & NDARR_DTYPE_PARAMETRIC)) {
    ndarr_cast_spec cs;
    ndarr_cast_spec_init(&cs);
    cs.from = cs.to = id;
    cs.casting = NDARR_CASTING_NO;
    cs.flags = NDARR_LOOP_NO_FP_ERRORS | NDARR_LOOP_UNALIGNED_OK | NDARR_LOOP_THREAD_SAFE;
    cs.loop = ndarr__copy_loop;
    ndarr_status st = ndarr__cast_register(ctx, &cs);
    if (st != NDARR_OK) {
      r->classes[id] = NULL;
      ndarr_ctx_free(ctx, c, sizeof *c, 16);
      return st;
    }
  }
  return NDARR_OK;
}

NDARR__API ndarr_status ndarr__dtype_spec_check(ndarr_ctx *ctx, const ndarr_dtype_spec *spec) {
  if (!spec || spec->struct_size < offsetof(ndarr_dtype_spec, default_descr))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype spec is NULL or has a bad struct_size");
  if (!spec->name || !spec->name[0] || strlen(spec->name) >= 64)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype name must have 1 to 63 characters");
  int64_t a = spec->alignment;
  if (a <= 0 || (a & (a - 1)) != 0 || a > 4096)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL,
                               "dtype '%s': alignment %lld is not a power of two up to 4096",
                               spec->name, (long long)a);
  if (spec->flags & NDARR_DTYPE_PARAMETRIC) {
    if (!spec->default_descr)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL,
                                 "dtype '%s': a parametric class needs a default_descr hook",
                                 spec->name);
  } else if (spec->itemsize <= 0 || spec->itemsize % a != 0) {
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL,
                               "dtype '%s': itemsize %lld must be positive and a multiple of the "
                               "alignment %lld",
                               spec->name, (long long)spec->itemsize, (long long)a);
  }
  if (spec->swap_unit < 0 || (spec->swap_unit > 0 && spec->itemsize % spec->swap_unit != 0))
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype '%s': swap_unit %lld does not divide the "
                               "itemsize", spec->name, (long long)spec->swap_unit);
  struct ndarr__dtype_registry *r = ctx->dtypes;
  for (int32_t i = 0; i < r->cap; i++)
    if (r->classes[i] && strcmp(r->classes[i]->name, spec->name) == 0)
      return ndarr_ctx_set_error(ctx, NDARR_ESTATE, "dtype '%s' is already registered (id %d)",
                                 spec->name, (int)i);
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_dtype_register(ndarr_ctx *ctx, const ndarr_dtype_spec *spec,
                                            int32_t *out_id) {
  if (!ctx || !out_id) return NDARR_EINVAL;
  ndarr__mutex_lock(&ctx->reg_lock);
  int32_t id = ctx->dtypes->next_user_id;
  ndarr_status st = ndarr__dtype_spec_check(ctx, spec);
  if (st == NDARR_OK && id > 1000000)
    st = ndarr_ctx_set_error(ctx, NDARR_EOVERFLOW, "too many dtypes registered");
  if (st == NDARR_OK) st = ndarr__dtype_register_id(ctx, spec, id);
  if (st == NDARR_OK) {
    ctx->dtypes->next_user_id = id + 1;
    *out_id = id;
  }
  ndarr__mutex_unlock(&ctx->reg_lock);
  return st;
}

NDARR__API ndarr_status ndarr__cast_register(ndarr_ctx *ctx, const ndarr_cast_spec *spec) {
  if (!spec || spec->struct_size < offsetof(ndarr_cast_spec, resolve_descriptors) || !spec->loop)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "cast spec is NULL, has no loop or a bad "
                               "struct_size");
  ndarr_dtype_class *from = (ndarr_dtype_class *)ndarr_dtype_class_get(ctx, spec->from);
  if (!from || !ndarr_dtype_class_get(ctx, spec->to))
    return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "cast %d -> %d: unknown dtype id",
                               (int)spec->from, (int)spec->to);
  if (spec->casting < NDARR_CASTING_NO || spec->casting > NDARR_CASTING_UNSAFE)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "cast %s -> %d: invalid casting level %d",
                               from->name, (int)spec->to, (int)spec->casting);
  ndarr_cast_spec copy;
  memset(&copy, 0, sizeof copy);
  memcpy(&copy, spec, spec->struct_size < sizeof copy ? spec->struct_size : sizeof copy);
  copy.struct_size = (uint32_t)sizeof copy;
  for (int32_t i = 0; i < from->ncasts; i++) {
    if (from->casts[i].to == spec->to) {
      from->casts[i] = copy; /* a later registration replaces the earlier one */
      return NDARR_OK;
    }
  }
  if (from->ncasts == from->casts_cap) {
    int32_t ncap = from->casts_cap ? from->casts_cap * 2 : 16;
    ndarr_cast_spec *nc = (ndarr_cast_spec *)ndarr_ctx_alloc(ctx, (size_t)ncap * sizeof *nc, 16);
    if (!nc) return NDARR_ENOMEM;
    if (from->ncasts) memcpy(nc, from->casts, (size_t)from->ncasts * sizeof *nc);
    ndarr_ctx_free(ctx, from->casts, (size_t)from->casts_cap * sizeof *nc, 16);
    from->casts = nc;
    from->casts_cap = ncap;
  }
  from->casts[from->ncasts++] = copy;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_cast_register(ndarr_ctx *ctx, const ndarr_cast_spec *spec) {
  if (!ctx) return NDARR_EINVAL;
  ndarr__mutex_lock(&ctx->reg_lock);
  ndarr_status st = ndarr__cast_register(ctx, spec);
  ndarr__mutex_unlock(&ctx->reg_lock);
  return st;
}

NDARR_API const ndarr_cast_spec *ndarr_cast_find(ndarr_ctx *ctx, int32_t from, int32_t to) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, from);
  if (!c) return NULL;
  for (int32_t i = 0; i < c->ncasts; i++)
    if (c->casts[i].to == to) return &c->casts[i];
  return NULL;
}

NDARR_API const char *ndarr_dtype_name(ndarr_ctx *ctx, const ndarr_dtype *d) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, d->id);
  return c ? c->name : "<unknown dtype>";
}

NDARR_API ndarr_status ndarr_dtype_resolve(ndarr_ctx *ctx, const ndarr_dtype *in, ndarr_dtype *out) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, in->id);
  if (!c) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "unknown dtype id %d", (int)in->id);
  if (in->itemsize > 0) {
    if (in->alignment <= 0 || (in->alignment & (in->alignment - 1)) != 0)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype %s: invalid alignment %lld", c->name,
                                 (long long)in->alignment);
    if (!(c->spec.flags & NDARR_DTYPE_PARAMETRIC) && in->itemsize != c->spec.itemsize)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype %s: itemsize %lld, expected %lld",
                                 c->name, (long long)in->itemsize, (long long)c->spec.itemsize);
    if (in->byteorder > NDARR_BYTEORDER_NONE)
      return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "dtype %s: invalid byte order %d", c->name,
                                 (int)in->byteorder);
    ndarr_dtype d = *in;
    if (c->spec.swap_unit == 0) d.byteorder = NDARR_BYTEORDER_NONE;
    else if (d.byteorder == NDARR_BYTEORDER_NONE) d.byteorder = NDARR_BYTEORDER_NATIVE;
    *out = d;
    return NDARR_OK;
  }
  ndarr_dtype d;
  if (c->spec.default_descr) {
    NDARR_RETURN_NOT_OK(c->spec.default_descr(ctx, in->id, &d));
  } else {
    memset(&d, 0, sizeof d);
    d.id = in->id;
    d.itemsize = c->spec.itemsize;
    d.alignment = c->spec.alignment;
  }
  d.byteorder = c->spec.swap_unit ? (in->byteorder == NDARR_BYTEORDER_SWAPPED
                                         ? NDARR_BYTEORDER_SWAPPED
                                         : NDARR_BYTEORDER_NATIVE)
                                  : NDARR_BYTEORDER_NONE;
  *out = d;
  return NDARR_OK;
}

NDARR_API int ndarr_dtype_equal(ndarr_ctx *ctx, const ndarr_dtype *a, const ndarr_dtype *b) {
  if (a->id != b->id || a->byteorder != b->byteorder || a->itemsize != b->itemsize) return 0;
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, a->id);
  if (c && c->spec.equal) return c->spec.equal(a, b);
  return memcmp(a->params, b->params, sizeof a->params) == 0;
}

NDARR_API ndarr_dtype ndarr_dtype_native(ndarr_dtype d) {
  if (d.byteorder == NDARR_BYTEORDER_SWAPPED) d.byteorder = NDARR_BYTEORDER_NATIVE;
  return d;
}

NDARR_API ndarr_dtype ndarr_dtype_swapped(ndarr_dtype d) {
  if (d.byteorder == NDARR_BYTEORDER_SWAPPED) d.byteorder = NDARR_BYTEORDER_NATIVE;
  else if (d.byteorder == NDARR_BYTEORDER_NATIVE) d.byteorder = NDARR_BYTEORDER_SWAPPED;
  return d;
}

NDARR_API const char *ndarr_casting_name(ndarr_casting c) {
  switch (c) {
    case NDARR_CASTING_NO: return "no";
    case NDARR_CASTING_EQUIV: return "equiv";
    case NDARR_CASTING_SAFE: return "safe";
    case NDARR_CASTING_SAME_KIND: return "same_kind";
    case NDARR_CASTING_UNSAFE: return "unsafe";
  }
  return "invalid";
}

NDARR_API ndarr_status ndarr_cast_resolve(ndarr_ctx *ctx, const ndarr_dtype *from,
                                          const ndarr_dtype *to, const ndarr_cast_spec **spec_out,
                                          ndarr_dtype *to_out, ndarr_casting *level_out) {
  ndarr_dtype f, t;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, from, &f));
  const ndarr_cast_spec *cs = ndarr_cast_find(ctx, from->id, to->id);
  if (!cs)
    return ndarr_ctx_set_error(ctx, NDARR_ECAST, "no cast is defined from %s to %s",
                               ndarr_dtype_name(ctx, from), ndarr_dtype_name(ctx, to));
  ndarr_casting level = NDARR_CASTING_NO;
  if (cs->resolve_descriptors) {
    ndarr_dtype want = *to;
    if (want.itemsize > 0) NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &want, &want));
    NDARR_RETURN_NOT_OK(cs->resolve_descriptors(ctx, cs, &f, &want, &t, &level));
    NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &t, &t));
  } else {
    NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, to, &t));
    level = (ndarr_casting)cs->casting;
    if (f.id == t.id && ndarr_dtype_equal(ctx, &f, &t)) level = NDARR_CASTING_NO;
  }
  /* A byte-order change alone is an "equiv" cast. */
  if (level == NDARR_CASTING_NO && f.byteorder != t.byteorder) level = NDARR_CASTING_EQUIV;
  if (spec_out) *spec_out = cs;
  if (to_out) *to_out = t;
  if (level_out) *level_out = level;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_cast_level(ndarr_ctx *ctx, const ndarr_dtype *from,
                                        const ndarr_dtype *to, ndarr_casting *level) {
  return ndarr_cast_resolve(ctx, from, to, NULL, NULL, level);
}

NDARR_API int ndarr_can_cast(ndarr_ctx *ctx, const ndarr_dtype *from, const ndarr_dtype *to,
                             ndarr_casting casting) {
  ndarr_casting level = NDARR_CASTING_NO;
  if (ndarr_cast_level(ctx, from, to, &level) != NDARR_OK) {
    ndarr_ctx_clear_error(ctx);
    return 0;
  }
  return level <= casting;
}

NDARR_API ndarr_status ndarr_promote_types(ndarr_ctx *ctx, const ndarr_dtype *a,
                                           const ndarr_dtype *b, ndarr_dtype *out) {
  ndarr_dtype ra, rb;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, a, &ra));
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, b, &rb));
  ra = ndarr_dtype_native(ra);
  rb = ndarr_dtype_native(rb);
  const ndarr_dtype_class *ca = ndarr_dtype_class_get(ctx, ra.id);
  const ndarr_dtype_class *cb = ndarr_dtype_class_get(ctx, rb.id);
  int32_t id = -1;
  if (ra.id == rb.id) {
    id = ra.id;
  } else {
    ndarr_status st = NDARR_ENOTFOUND;
    if (ca->spec.common_dtype) st = ca->spec.common_dtype(ctx, ra.id, rb.id, &id);
    if (st == NDARR_ENOTFOUND && cb->spec.common_dtype)
      st = cb->spec.common_dtype(ctx, rb.id, ra.id, &id);
    if (st == NDARR_ENOTFOUND || (st == NDARR_OK && !ndarr_dtype_class_get(ctx, id)))
      return ndarr_ctx_set_error(ctx, NDARR_ETYPE, "the dtypes %s and %s have no common dtype",
                                 ca->name, cb->name);
    if (st != NDARR_OK) return st;
  }
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, id);
  if (c->spec.flags & NDARR_DTYPE_PARAMETRIC) {
    /* Bring both to the common class, then ask it for the common instance. */
    ndarr_dtype ta, tb, target = ndarr_dtype_of(id);
    NDARR_RETURN_NOT_OK(ndarr_cast_resolve(ctx, &ra, &target, NULL, &ta, NULL));
    NDARR_RETURN_NOT_OK(ndarr_cast_resolve(ctx, &rb, &target, NULL, &tb, NULL));
    if (c->spec.common_instance) {
      NDARR_RETURN_NOT_OK(c->spec.common_instance(ctx, &ta, &tb, out));
    } else {
      *out = ta;
    }
    *out = ndarr_dtype_native(*out);
    return NDARR_OK;
  }
  if (id == ra.id) *out = ra;
  else if (id == rb.id) *out = rb;
  else {
    ndarr_dtype d = ndarr_dtype_of(id);
    NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &d, out));
  }
  return NDARR_OK;
}

/* The common class of classes a and b from their common_dtype hooks, or -1. */
NDARR__API int32_t ndarr__common_class(ndarr_ctx *ctx, int32_t a, int32_t b) {
  if (a == b) return a;
  const ndarr_dtype_class *ca = ndarr_dtype_class_get(ctx, a), *cb = ndarr_dtype_class_get(ctx, b);
  int32_t id = -1;
  ndarr_status st = NDARR_ENOTFOUND;
  if (ca && ca->spec.common_dtype) st = ca->spec.common_dtype(ctx, a, b, &id);
  if (st == NDARR_ENOTFOUND && cb && cb->spec.common_dtype) st = cb->spec.common_dtype(ctx, b, a, &id);
  return st == NDARR_OK && ndarr_dtype_class_get(ctx, id) ? id : -1;
}

/* 1 if class `from` casts safely to class `to` (default descriptors). */
NDARR__API int ndarr__class_safe(ndarr_ctx *ctx, int32_t from, int32_t to) {
  const ndarr_dtype f = ndarr_dtype_of(from), t = ndarr_dtype_of(to);
  return ndarr_can_cast(ctx, &f, &t, NDARR_CASTING_SAFE);
}

NDARR_API ndarr_status ndarr_result_type(ndarr_ctx *ctx, int n, const ndarr_dtype *dtypes,
                                         ndarr_dtype *out) {
  if (n < 1 || !dtypes)
    return ndarr_ctx_set_error(ctx, NDARR_EINVAL, "result_type needs at least one dtype");
  ndarr_dtype acc;
  NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &dtypes[0], &acc));
  acc = ndarr_dtype_native(acc);
  for (int i = 1; i < n; i++) NDARR_RETURN_NOT_OK(ndarr_promote_types(ctx, &acc, &dtypes[i], &acc));
  /* Pairwise promotion is not associative (int8 + uint8 -> int16, then + float16 -> float32,
   * while uint8 + float16 -> float16 first gives float16). Like NumPy's order-independent
   * PromoteDTypeSequence, take the least class that every input casts to safely, among the
   * inputs' classes and their pairwise common classes; the fold above is the fallback (and
   * the answer for parametric results). For the builtins this is numpy.result_type exactly. */
  enum { NDARR__RT_MAX = 16 };
  int32_t ids[NDARR__RT_MAX], cand[NDARR__RT_MAX * (NDARR__RT_MAX + 1) / 2];
  int nids = 0, ncand = 0;
  for (int i = 0; i < n && nids <= NDARR__RT_MAX; i++) {
    int seen = 0;
    for (int k = 0; k < nids && !seen; k++) seen = ids[k] == dtypes[i].id;
    if (!seen && nids < NDARR__RT_MAX) ids[nids] = dtypes[i].id;
    if (!seen) nids++;
  }
  if (nids > 2 && nids <= NDARR__RT_MAX) {
    for (int a = 0; a < nids; a++)
      for (int b = a; b < nids; b++) {
        int32_t c = ndarr__common_class(ctx, ids[a], ids[b]), seen = 0;
        for (int k = 0; k < ncand && !seen; k++) seen = cand[k] == c;
        if (c >= 0 && !seen) cand[ncand++] = c;
      }
    int32_t best = -1;
    for (int k = 0; k < ncand && best < 0; k++) {
      int ok = 1;
      for (int i = 0; i < nids && ok; i++) ok = ndarr__class_safe(ctx, ids[i], cand[k]);
      for (int j = 0; j < ncand && ok; j++) {
        int other_ok = 1; /* cand[k] must cast safely to every other common safe target */
        for (int i = 0; i < nids && other_ok; i++) other_ok = ndarr__class_safe(ctx, ids[i], cand[j]);
        if (other_ok) ok = ndarr__class_safe(ctx, cand[k], cand[j]);
      }
      if (ok) best = cand[k];
    }
    const ndarr_dtype_class *bc = best >= 0 ? ndarr_dtype_class_get(ctx, best) : NULL;
    if (bc && best != acc.id && !(bc->spec.flags & NDARR_DTYPE_PARAMETRIC)) {
      int i = 0;
      while (i < n && dtypes[i].id != best) i++;
      ndarr_dtype d = i < n ? dtypes[i] : ndarr_dtype_of(best);
      NDARR_RETURN_NOT_OK(ndarr_dtype_resolve(ctx, &d, &acc));
      acc = ndarr_dtype_native(acc);
    }
  }
  *out = acc;
  return NDARR_OK;
}

NDARR_API ndarr_status ndarr_dtype_format(ndarr_ctx *ctx, const ndarr_dtype *d, const void *item,
                                          const ndarr_text_options *opts, char *buf, size_t cap,
                                          size_t *len) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, d->id);
  if (!c) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "unknown dtype id %d", (int)d->id);
  if (!c->spec.to_text)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "dtype %s cannot be printed", c->name);
  ndarr_text_options def;
  if (!opts) {
    memset(&def, 0, sizeof def);
    def.mode = NDARR_TEXT_REPR;
    def.precision = -1;
    opts = &def;
  }
  size_t dummy;
  return c->spec.to_text(ctx, d, item, opts, buf, cap, len ? len : &dummy);
}

NDARR_API ndarr_status ndarr_dtype_parse(ndarr_ctx *ctx, const ndarr_dtype *d, const char *text,
                                         size_t len, void *item) {
  const ndarr_dtype_class *c = ndarr_dtype_class_get(ctx, d->id);
  if (!c) return ndarr_ctx_set_error(ctx, NDARR_ENOTFOUND, "unknown dtype id %d", (int)d->id);
  if (!c->spec.from_text)
    return ndarr_ctx_set_error(ctx, NDARR_EUNSUPPORTED, "dtype %s cannot be parsed from text",
                               c->name);
  return c->spec.from_text(ctx, d, text, len, item);
}
#endif /* NDARR__DEFINE_BODIES */

NDARR__EXTERN_C_END

#include "builtin.h"
/* The context creates the ufunc registry: ufunc.h needs only the dtype types above. */
#include "ufunc.h"

#endif /* NDARR_DTYPE_H */
