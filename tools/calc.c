/* ndarr-calc — ndarr's ufuncs, reductions, casts and views on .npy files, from the shell.
 *
 *   ndarr-calc info A.npy [--print]
 *   ndarr-calc UFUNC A.npy [B.npy | NUMBER ...] [-o OUT.npy ...] [--dtype D] [--casting C]
 *              [--where MASK.npy]
 *   ndarr-calc reduce UFUNC A.npy [--axis 0,2] [--keepdims] [--dtype D] [-o OUT.npy]
 *   ndarr-calc accumulate UFUNC A.npy [--axis N] [--dtype D] [-o OUT.npy]
 *   ndarr-calc sum|prod|min|max|mean|var|std|argmin|argmax|any|all|count_nonzero A.npy ...
 *   ndarr-calc astype A.npy DTYPE [--casting C] [-o OUT.npy]
 *   ndarr-calc view A.npy 'EXPR' [-o OUT.npy]
 *   ndarr-calc list [UFUNC ...]
 *   global: --threads N, --simd TARGET, --errstate MODE, --bench N, --help, --version
 *
 * Ufuncs are looked up by name in the context's registry (ndarr_ufunc_find, so NumPy's names
 * such as "arccos" and "power" work too): every registered ufunc is reachable — the builtins,
 * the SIMD loops that replaced some of their loops at context creation, and ufuncs a program
 * adds. To build an ndarr-calc with ufuncs of your own, compile this file with
 * -DNDARR_CALC_EXTENSION='"my_ufuncs.h"': that header defines
 *     static ndarr_status ndarr_calc_extend(ndarr_ctx *ctx);
 * which is called once the context exists (register ufuncs, loops, promoters, dtypes there).
 *
 * A number in place of a file is a weak scalar (NEP 50: a Python literal): `multiply a.npy 2.5`
 * keeps a's float32. Integers ("3", "-7", "0x1f") are Python ints, anything strtod reads
 * ("2.5", "1e-3", "inf", "nan") a Python float, "2j", "1+2j", "(1-0.5j)" a Python complex, and
 * True / False a bool (which, being the lowest type, never changes the result's dtype either).
 * A file whose name reads as a number is written "./3".
 *
 * Results go to the -o files (one per ufunc output, in order); without -o they are printed as
 * NumPy's repr. Output files are written to a temporary file beside the destination and renamed
 * into place once every output is complete, so a failure never leaves a partial output behind.
 *
 * Errors: one line on stderr ("ndarr-calc: add: operands could not be broadcast together with
 * shapes (3,4) (5,)"), and the exit status 1 (operation failed), 2 (bad command line) or 3 (a
 * floating-point error under --errstate raise). 0 is success.
 *
 * SIMD: when <ndarr/simd/kernels.h> is available (and NDARR_CALC_NO_SIMD is not defined), this
 * TU compiles ndarr's kernels and passes their installer to ndarr_ctx_create, so the best
 * target this CPU runs serves the loops, --simd TARGET (or NDARR_SIMD_TARGET) forces one, and
 * `list` shows each loop's target. Without them --simd only checks that the CPU has the target.
 *
 * All state lives in main's locals (the context, the parsed command line); the only process-wide
 * effects are the files named by -o. README.md, "ndarr-calc", is the manual.
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ndarr/ndarr.h>

/* SIMD kernels: this TU creates the context, so it is the one that compiles them (DESIGN §5)
 * and passes their installer to ndarr_ctx_create; --simd then forces a target. Without
 * <ndarr/simd/kernels.h> (or with -DNDARR_CALC_NO_SIMD, for a smaller and faster-to-build
 * binary) the context has the builtin loops and --simd only checks the CPU. */
#if defined(__has_include) && !defined(NDARR_CALC_NO_SIMD)
#if __has_include(<ndarr/simd/kernels.h>)
#include <ndarr/simd/kernels.h>
#define CALC_SIMD_KERNELS 1
#endif
#endif
#ifndef CALC_SIMD_KERNELS
#define CALC_SIMD_KERNELS 0
#endif

#ifdef NDARR_CALC_EXTENSION
#include NDARR_CALC_EXTENSION
#endif

#if defined(_WIN32)
#include <io.h>
#include <process.h>
#define CALC_ACCESS_W(p) _access((p), 2)
#define CALC_GETPID() ((long)_getpid())
#else
#include <sys/stat.h>
#include <unistd.h>
#define CALC_ACCESS_W(p) access((p), W_OK)
#define CALC_GETPID() ((long)getpid())
#endif

#define PROG "ndarr-calc"

/* Exit statuses. */
#define EXIT_OK 0
#define EXIT_FAIL 1  /* the operation failed: I/O, format, shapes, casts, ... */
#define EXIT_USAGE 2 /* the command line is wrong */
#define EXIT_FPE 3   /* a floating-point error under --errstate raise */

#define MAX_OUTS NDARR_UFUNC_MAXARGS
#define PATH_CAP 4096

/* ---- options -------------------------------------------------------------------------------- */

enum {
  OPT_THREADS, OPT_SIMD, OPT_ERRSTATE, OPT_BENCH, OPT_HELP, OPT_VERSION, /* global */
  OPT_OUT, OPT_DTYPE, OPT_CASTING, OPT_WHERE, OPT_AXIS, OPT_KEEPDIMS, OPT_CORRECTION,
  OPT_INITIAL, OPT_PRINT, OPT_COUNT
};
#define OPTBIT(o) (1u << (o))
#define GLOBAL_OPTS                                                                        \
  (OPTBIT(OPT_THREADS) | OPTBIT(OPT_SIMD) | OPTBIT(OPT_ERRSTATE) | OPTBIT(OPT_BENCH) |     \
   OPTBIT(OPT_HELP) | OPTBIT(OPT_VERSION))

static const struct calc_option {
  const char *name;  /* long name without "--" */
  const char *alias; /* another long name, or NULL */
  char short_name;   /* or 0 */
  int has_value;
  const char *what;  /* the value, for messages */
} OPTIONS[OPT_COUNT] = {
    {"threads", NULL, 0, 1, "N"},        {"simd", NULL, 0, 1, "TARGET"},
    {"errstate", NULL, 0, 1, "MODE"},    {"bench", NULL, 0, 1, "N"},
    {"help", NULL, 'h', 0, NULL},        {"version", NULL, 0, 0, NULL},
    {"output", "out", 'o', 1, "FILE"},   {"dtype", NULL, 0, 1, "DTYPE"},
    {"casting", NULL, 0, 1, "RULE"},     {"where", NULL, 0, 1, "MASK.npy"},
    {"axis", "axes", 0, 1, "AXES"},      {"keepdims", NULL, 0, 0, NULL},
    {"correction", "ddof", 0, 1, "X"},   {"initial", NULL, 0, 1, "NUMBER"},
    {"print", NULL, 0, 0, NULL},
};

/* The command kinds. */
enum {
  CMD_HELP, CMD_INFO, CMD_LIST, CMD_CALL, CMD_REDUCE, CMD_ACCUMULATE, CMD_STAT, CMD_ASTYPE,
  CMD_VIEW, CMD_UFUNC
};

/* Named reductions (CMD_STAT). */
enum {
  STAT_SUM, STAT_PROD, STAT_MIN, STAT_MAX, STAT_MEAN, STAT_VAR, STAT_STD, STAT_ARGMIN,
  STAT_ARGMAX, STAT_ANY, STAT_ALL, STAT_COUNT_NONZERO
};

#define RED_OPTS (OPTBIT(OPT_OUT) | OPTBIT(OPT_AXIS) | OPTBIT(OPT_KEEPDIMS))

static const struct calc_command {
  const char *name;
  int kind;
  int stat;        /* CMD_STAT: which */
  unsigned opts;   /* options it takes besides the global ones */
  const char *synopsis;
} COMMANDS[] = {
    {"help", CMD_HELP, 0, 0, "help [COMMAND]"},
    {"info", CMD_INFO, 0, OPTBIT(OPT_PRINT), "info A.npy [A2.npy ...] [--print]"},
    {"list", CMD_LIST, 0, 0, "list [UFUNC ...]"},
    {"call", CMD_CALL, 0,
     OPTBIT(OPT_OUT) | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_CASTING) | OPTBIT(OPT_WHERE),
     "call UFUNC OPERAND ... [-o OUT.npy ...] [--dtype D] [--casting RULE] [--where MASK.npy]"},
    {"reduce", CMD_REDUCE, 0,
     RED_OPTS | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_INITIAL) | OPTBIT(OPT_WHERE),
     "reduce UFUNC A.npy [--axis AXES] [--keepdims] [--dtype D] [--initial X] [--where M] "
     "[-o OUT]"},
    {"accumulate", CMD_ACCUMULATE, 0, OPTBIT(OPT_OUT) | OPTBIT(OPT_AXIS) | OPTBIT(OPT_DTYPE),
     "accumulate UFUNC A.npy [--axis N] [--dtype D] [-o OUT.npy]"},
    {"sum", CMD_STAT, STAT_SUM,
     RED_OPTS | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_INITIAL) | OPTBIT(OPT_WHERE),
     "sum A.npy [--axis AXES] [--keepdims] [--dtype D] [--initial X] [--where M.npy] [-o OUT]"},
    {"prod", CMD_STAT, STAT_PROD,
     RED_OPTS | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_INITIAL) | OPTBIT(OPT_WHERE),
     "prod A.npy [--axis AXES] [--keepdims] [--dtype D] [--initial X] [--where M.npy] [-o OUT]"},
    {"min", CMD_STAT, STAT_MIN, RED_OPTS | OPTBIT(OPT_INITIAL) | OPTBIT(OPT_WHERE),
     "min A.npy [--axis AXES] [--keepdims] [--initial X] [--where M.npy] [-o OUT.npy]"},
    {"max", CMD_STAT, STAT_MAX, RED_OPTS | OPTBIT(OPT_INITIAL) | OPTBIT(OPT_WHERE),
     "max A.npy [--axis AXES] [--keepdims] [--initial X] [--where M.npy] [-o OUT.npy]"},
    {"mean", CMD_STAT, STAT_MEAN, RED_OPTS | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_WHERE),
     "mean A.npy [--axis AXES] [--keepdims] [--dtype D] [--where M.npy] [-o OUT.npy]"},
    {"var", CMD_STAT, STAT_VAR,
     RED_OPTS | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_WHERE) | OPTBIT(OPT_CORRECTION),
     "var A.npy [--axis AXES] [--keepdims] [--correction X] [--dtype D] [--where M] [-o OUT]"},
    {"std", CMD_STAT, STAT_STD,
     RED_OPTS | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_WHERE) | OPTBIT(OPT_CORRECTION),
     "std A.npy [--axis AXES] [--keepdims] [--correction X] [--dtype D] [--where M] [-o OUT]"},
    {"argmin", CMD_STAT, STAT_ARGMIN, RED_OPTS, "argmin A.npy [--axis N] [--keepdims] [-o OUT]"},
    {"argmax", CMD_STAT, STAT_ARGMAX, RED_OPTS, "argmax A.npy [--axis N] [--keepdims] [-o OUT]"},
    {"any", CMD_STAT, STAT_ANY, RED_OPTS | OPTBIT(OPT_WHERE),
     "any A.npy [--axis AXES] [--keepdims] [--where M.npy] [-o OUT.npy]"},
    {"all", CMD_STAT, STAT_ALL, RED_OPTS | OPTBIT(OPT_WHERE),
     "all A.npy [--axis AXES] [--keepdims] [--where M.npy] [-o OUT.npy]"},
    {"count_nonzero", CMD_STAT, STAT_COUNT_NONZERO, RED_OPTS,
     "count_nonzero A.npy [--axis AXES] [--keepdims] [-o OUT.npy]"},
    {"astype", CMD_ASTYPE, 0, OPTBIT(OPT_OUT) | OPTBIT(OPT_CASTING),
     "astype A.npy DTYPE [--casting RULE] [-o OUT.npy]"},
    {"view", CMD_VIEW, 0, OPTBIT(OPT_OUT), "view A.npy EXPR [-o OUT.npy]"},
};
#define NCOMMANDS ((int)(sizeof COMMANDS / sizeof COMMANDS[0]))

static const struct calc_command UFUNC_COMMAND = {
    "UFUNC", CMD_UFUNC, 0, OPTBIT(OPT_OUT) | OPTBIT(OPT_DTYPE) | OPTBIT(OPT_CASTING) | OPTBIT(OPT_WHERE),
    "UFUNC OPERAND ... [-o OUT.npy ...] [--dtype D] [--casting RULE] [--where MASK.npy]"};

/* Everything one run knows: the parsed command line and the context. */
typedef struct calc {
  ndarr_ctx *ctx;
  const char *what;                 /* prefix of messages: the command or ufunc name */
  const char *val[OPT_COUNT];       /* option values (the last one given) */
  int given[OPT_COUNT];             /* how many times each option was given */
  const char *outs[MAX_OUTS];       /* -o files in order */
  int nouts;
  const char **pos;                 /* positional arguments (after the command word) */
  int npos;
  const char *command_word;
  long bench;                       /* --bench N (0: no timing) */
  ndarr_errstate quiet;             /* errstate for repetitions after the first */
} calc;

/* ---- messages ----------------------------------------------------------------------------- */

/* Print "ndarr-calc: [what: ]message" on stderr and return `code`. */
static int fail(calc *c, int code, const char *fmt, ...) NDARR__PRINTF(3, 4);
static int fail(calc *c, int code, const char *fmt, ...) {
  va_list ap;
  fputs(PROG ": ", stderr);
  if (c && c->what) fprintf(stderr, "%s: ", c->what);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return code;
}

/* The library's message for a failure, without a leading "npy: ". */
static const char *lib_message(calc *c, ndarr_status st) {
  const char *m = c->ctx ? ndarr_ctx_message(c->ctx) : "";
  if (!m || !*m) return ndarr_status_str(st);
  if (strncmp(m, "npy: ", 5) == 0) m += 5;
  return m;
}

/* Report a failed library call: "ndarr-calc: [what: ][operand: ]message". The message is
 * printed without c->what when it already starts with it ("add: operands could not ..."). */
static int fail_lib(calc *c, ndarr_status st, const char *operand) {
  const char *m = lib_message(c, st);
  size_t wl = c->what ? strlen(c->what) : 0;
  int named = wl && strncmp(m, c->what, wl) == 0 && (m[wl] == ':' || m[wl] == '.' || m[wl] == '(');
  fputs(PROG ": ", stderr);
  if (c->what && !named) fprintf(stderr, "%s: ", c->what);
  if (operand) fprintf(stderr, "%s: ", operand);
  if (st == NDARR_EFPE) fputs("FloatingPointError: ", stderr);
  fprintf(stderr, "%s\n", m);
  return st == NDARR_EFPE ? EXIT_FPE : EXIT_FAIL;
}

/* ---- parsing numbers, dtypes, axes and shapes --------------------------------------------- */

/* An int64 from all of s (decimal or 0x hex, optional sign); 0 on success, -1 not a number,
 * -2 out of range. */
static int parse_i64(const char *s, int64_t *out) {
  const char *p = s;
  int neg = 0, base = 10;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  }
  if (!*p) return -1;
  uint64_t v = 0;
  int over = 0;
  for (; *p; p++) {
    int d;
    if (*p >= '0' && *p <= '9') d = *p - '0';
    else if (base == 16 && *p >= 'a' && *p <= 'f') d = *p - 'a' + 10;
    else if (base == 16 && *p >= 'A' && *p <= 'F') d = *p - 'A' + 10;
    else return -1;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) over = 1;
    else v = v * (uint64_t)base + (uint64_t)d;
  }
  if (over) return -2;
  if (neg) {
    if (v > (uint64_t)INT64_MAX + 1u) return -2;
    *out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
  } else {
    if (v > (uint64_t)INT64_MAX) return -2;
    *out = (int64_t)v;
  }
  return 0;
}

/* A double from all of s[0..n) (strtod syntax, no leading space); 0 on success. */
static int parse_double_n(const char *s, size_t n, double *out) {
  char buf[128];
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  if (buf[0] == ' ' || buf[0] == '\t' || buf[0] == '\n') return -1;
  char *end = NULL;
  errno = 0;
  double v = strtod(buf, &end);
  if (end != buf + n) return -1;
  *out = v; /* ERANGE: overflow is +-inf and underflow 0 or a subnormal, as Python's float() */
  return 0;
}

/* Parse a number literal into a weak scalar (NEP 50; True/False are bool scalars). Returns 0
 * on success, -1 if s is not a number, -2 for an integer that does not fit in 64 bits. */
static int parse_number(const char *s, ndarr_scalar *out) {
  if (strcmp(s, "True") == 0 || strcmp(s, "False") == 0) { /* bool never upcasts: strong */
    *out = ndarr_scalar_bool(s[0] == 'T');
    return 0;
  }
  int64_t i = 0;
  int r = parse_i64(s, &i);
  if (r == 0) {
    *out = ndarr_scalar_weak_int(i);
    return 0;
  }
  if (r == -2) return -2;
  size_t n = strlen(s);
  double d = 0;
  if (parse_double_n(s, n, &d) == 0) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return -1; /* no hex floats */
    *out = ndarr_scalar_weak_float(d);
    return 0;
  }
  /* complex: [(] [REAL(+|-)] IMAG j [)] */
  const char *b = s, *e = s + n;
  if (n >= 2 && b[0] == '(' && e[-1] == ')') {
    b++;
    e--;
  }
  if (e - b < 2 || (e[-1] != 'j' && e[-1] != 'J')) return -1;
  e--; /* drop the j */
  const char *split = NULL;
  for (const char *p = e - 1; p > b; p--)
    if ((*p == '+' || *p == '-') && p[-1] != 'e' && p[-1] != 'E') {
      split = p;
      break;
    }
  double re = 0, im = 0;
  if (split) {
    if (parse_double_n(b, (size_t)(split - b), &re) != 0) return -1;
    if (parse_double_n(split, (size_t)(e - split), &im) != 0) return -1;
  } else if (parse_double_n(b, (size_t)(e - b), &im) != 0) {
    return -1;
  }
  *out = ndarr_scalar_weak_complex(re, im);
  return 0;
}

/* 1 if s starts like a negative number ("-1", "-.5", "-inf", "-1:"), which is an operand or an
 * index, never an option. */
static int negative_number_like(const char *s) {
  if (s[0] != '-') return 0;
  if ((s[1] >= '0' && s[1] <= '9') || s[1] == '.') return 1;
  ndarr_scalar tmp;
  return parse_number(s, &tmp) == 0;
}

/* A non-negative count from s (1 .. max); 0 on success. */
static int parse_count(const char *s, long max, long *out) {
  int64_t v = 0;
  if (parse_i64(s, &v) != 0 || v < 1 || v > max) return -1;
  *out = (long)v;
  return 0;
}

/* A comma-separated list of integers, optionally in parentheses; "" and "()" are empty.
 * "(5,)" is one item. Values must lie in [lo, hi]. Returns 0, -1 syntax, -2 range, -3 too many. */
static int parse_int_list(const char *s, int64_t lo, int64_t hi, int64_t *vals, int cap, int *n) {
  char buf[1024];
  size_t len = strlen(s);
  if (len >= sizeof buf) return -3;
  memcpy(buf, s, len + 1);
  char *b = buf, *e = buf + len;
  while (*b == ' ') b++;
  while (e > b && e[-1] == ' ') e--;
  if (e > b && (*b == '(' || *b == '[')) {
    char close = *b == '(' ? ')' : ']';
    if (e[-1] != close) return -1;
    b++;
    e--;
  }
  *e = '\0';
  int k = 0;
  char *p = b;
  while (*p == ' ') p++;
  if (!*p) {
    *n = 0;
    return 0;
  }
  for (;;) {
    while (*p == ' ') p++;
    char *q = p;
    while (*q && *q != ',' && *q != ' ') q++;
    char *r = q;
    while (*r == ' ') r++;
    if (*r && *r != ',') return -1;
    char save = *q;
    *q = '\0';
    int64_t v = 0;
    int rc = parse_i64(p, &v);
    *q = save;
    if (rc == -1) return -1;
    if (rc == -2 || v < lo || v > hi) return -2;
    if (k >= cap) return -3;
    vals[k++] = v;
    if (!*r) break;
    p = r + 1; /* after ',' */
    while (*p == ' ') p++;
    if (!*p) break; /* trailing comma: "(5,)" */
  }
  *n = k;
  return 0;
}

/* Axes for --axis: "0,2", "-1", "none"/"all" (every axis, *naxes = -1) or "()" (no axis). */
static int parse_axes(calc *c, const char *s, int *naxes, int *axes) {
  if (strcmp(s, "none") == 0 || strcmp(s, "None") == 0 || strcmp(s, "all") == 0) {
    *naxes = -1;
    return 0;
  }
  int64_t v[NDARR_MAXDIMS];
  int n = 0;
  int rc = parse_int_list(s, -NDARR_MAXDIMS, NDARR_MAXDIMS - 1, v, NDARR_MAXDIMS, &n);
  if (rc == -1)
    return fail(c, EXIT_USAGE, "--axis '%s': expected axes such as 0 or 0,2 or -1 (or none)", s);
  if (rc == -2)
    return fail(c, EXIT_USAGE, "--axis '%s': an axis is out of range (ndarr arrays have at most "
                "%d dimensions)", s, NDARR_MAXDIMS);
  if (rc == -3) return fail(c, EXIT_USAGE, "--axis '%s': too many axes", s);
  for (int i = 0; i < n; i++) axes[i] = (int)v[i];
  *naxes = n;
  return 0;
}

/* A shape "3,4", "(3, 4)", "(5,)", "()" (0-d); allow_minus1: one extent may be -1 (reshape). */
static int parse_shape(calc *c, const char *s, int allow_minus1, int *ndim, int64_t *shape) {
  int n = 0;
  int rc = parse_int_list(s, allow_minus1 ? -1 : 0, INT64_MAX, shape, NDARR_MAXDIMS, &n);
  if (rc == -1)
    return fail(c, EXIT_USAGE, "shape '%s': expected extents such as 3,4 or (3, 4) or ()", s);
  if (rc == -2)
    return fail(c, EXIT_USAGE, "shape '%s': extents must be %s integers that fit in 64 bits", s,
                allow_minus1 ? "non-negative (or one -1)" : "non-negative");
  if (rc == -3)
    return fail(c, EXIT_USAGE, "shape '%s': more than %d dimensions", s, NDARR_MAXDIMS);
  *ndim = n;
  return 0;
}

/* NumPy's names for builtin dtypes that are not ndarr class names. */
static const struct {
  const char *name;
  int32_t id;
} DTYPE_ALIASES[] = {
    {"bool_", NDARR_BOOL},      {"?", NDARR_BOOL},           {"byte", NDARR_INT8},
    {"b", NDARR_INT8},          {"ubyte", NDARR_UINT8},      {"B", NDARR_UINT8},
    {"short", NDARR_INT16},     {"h", NDARR_INT16},          {"ushort", NDARR_UINT16},
    {"H", NDARR_UINT16},        {"intc", NDARR_INT32},       {"i", NDARR_INT32},
    {"uintc", NDARR_UINT32},    {"I", NDARR_UINT32},         {"int", NDARR_INT64},
    {"int_", NDARR_INT64},      {"intp", NDARR_INT64},       {"long", NDARR_INT64},
    {"longlong", NDARR_INT64},  {"l", NDARR_INT64},          {"q", NDARR_INT64},
    {"uint", NDARR_UINT64},     {"uintp", NDARR_UINT64},     {"ulong", NDARR_UINT64},
    {"ulonglong", NDARR_UINT64}, {"L", NDARR_UINT64},        {"Q", NDARR_UINT64},
    {"half", NDARR_FLOAT16},    {"e", NDARR_FLOAT16},        {"single", NDARR_FLOAT32},
    {"f", NDARR_FLOAT32},       {"float", NDARR_FLOAT64},    {"double", NDARR_FLOAT64},
    {"d", NDARR_FLOAT64},       {"csingle", NDARR_COMPLEX64}, {"F", NDARR_COMPLEX64},
    {"complex", NDARR_COMPLEX128}, {"cdouble", NDARR_COMPLEX128}, {"D", NDARR_COMPLEX128},
};

/* A NumPy type string ("<f4", "f8", ">i2", "|b1", or any descr a registered class reads from
 * .npy files) through the classes' from_npy_descr hooks, by parsing a minimal .npy header. */
static ndarr_status dtype_from_descr(ndarr_ctx *ctx, const char *descr, ndarr_dtype *out) {
  unsigned char buf[256];
  char header[200];
  int hl = snprintf(header, sizeof header, "{'descr': '%s', 'fortran_order': False, 'shape': (), }",
                    descr);
  if (hl < 0 || (size_t)hl >= sizeof header - 70) return NDARR_EINVAL;
  size_t total = 10 + (size_t)hl + 1;
  size_t padded = (total + 63) / 64 * 64;
  size_t hlen = padded - 10;
  memcpy(buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (unsigned char)(hlen & 0xff);
  buf[9] = (unsigned char)(hlen >> 8);
  memcpy(buf + 10, header, (size_t)hl);
  memset(buf + 10 + hl, ' ', hlen - (size_t)hl - 1);
  buf[padded - 1] = '\n';
  ndarr_npy_header h;
  memset(&h, 0, sizeof h);
  ndarr_status st = ndarr_npy_parse_header(ctx, buf, padded, NULL, &h);
  if (st == NDARR_OK) *out = h.dtype;
  return st;
}

/* Parse a dtype: a class name ("float32", "bfloat16", a user class), a NumPy name ("double",
 * "int", "f", "d"), or a NumPy type string ("<f4", ">i2", "c16"). Without an explicit byte order
 * the result is native. Returns 0 or an exit status after printing a message. */
static int parse_dtype(calc *c, const char *opt, const char *s, ndarr_dtype *out) {
  int32_t id = -1;
  ndarr_status st = ndarr_dtype_find(c->ctx, s, &id);
  if (st != NDARR_OK) {
    for (size_t i = 0; i < sizeof DTYPE_ALIASES / sizeof DTYPE_ALIASES[0]; i++)
      if (strcmp(DTYPE_ALIASES[i].name, s) == 0) id = DTYPE_ALIASES[i].id;
  }
  if (id >= 0) {
    ndarr_dtype d = ndarr_dtype_of(id);
    if (ndarr_dtype_resolve(c->ctx, &d, out) != NDARR_OK)
      return fail(c, EXIT_USAGE, "%s '%s': %s", opt, s, lib_message(c, NDARR_ENOTFOUND));
    return 0;
  }
  int ok_chars = *s != '\0' && strlen(s) < 64;
  for (const char *p = s; *p && ok_chars; p++)
    ok_chars = (unsigned char)*p > ' ' && (unsigned char)*p < 127 && *p != '\'' && *p != '\\';
  if (ok_chars) {
    int explicit_order = s[0] == '<' || s[0] == '>' || s[0] == '|';
    const char *body = s[0] == '=' ? s + 1 : s;
    char cand[80];
    const char *prefixes[3] = {"", ndarr_host_is_little_endian() ? "<" : ">", "|"};
    for (int k = 0; k < 3; k++) {
      if (k > 0 && explicit_order) break;
      snprintf(cand, sizeof cand, "%s%s", prefixes[k], body);
      ndarr_dtype d;
      if (dtype_from_descr(c->ctx, cand, &d) == NDARR_OK) {
        *out = explicit_order ? d : ndarr_dtype_native(d);
        ndarr_ctx_clear_error(c->ctx);
        return 0;
      }
    }
    ndarr_ctx_clear_error(c->ctx);
  }
  return fail(c, EXIT_USAGE, "%s '%s': not a dtype (try a name such as float32, int8, "
              "complex128, bfloat16, or a NumPy type string such as '<f4', '>i2', 'c16')", opt, s);
}

static int parse_casting(calc *c, const char *s, ndarr_casting *out) {
  static const char *const names[] = {"no", "equiv", "safe", "same_kind", "unsafe"};
  for (int i = 0; i < 5; i++)
    if (strcmp(s, names[i]) == 0) {
      *out = (ndarr_casting)i;
      return 0;
    }
  return fail(c, EXIT_USAGE, "--casting '%s': expected no, equiv, safe, same_kind or unsafe", s);
}

/* --errstate: "ignore", "warn", "raise" for all four conditions (numpy.errstate(all=...)), or
 * "divide=raise,over=ignore,under=warn,invalid=raise" for some of them. */
static int parse_errstate(calc *c, const char *s, ndarr_errstate *es) {
  static const char *const modes[] = {"ignore", "warn", "raise"};
  char buf[256];
  size_t n = strlen(s);
  if (n == 0 || n >= sizeof buf) goto bad;
  memcpy(buf, s, n + 1);
  for (int m = 0; m < 3; m++)
    if (strcmp(buf, modes[m]) == 0) {
      ndarr_errstate_set_all(es, (ndarr_errmode)m);
      return 0;
    }
  for (char *item = buf; item && *item;) {
    char *next = strchr(item, ',');
    if (next) *next++ = '\0';
    char *eq = strchr(item, '=');
    if (!eq) goto bad;
    *eq = '\0';
    int mode = -1;
    for (int m = 0; m < 3; m++)
      if (strcmp(eq + 1, modes[m]) == 0) mode = m;
    if (mode < 0) goto bad;
    if (strcmp(item, "all") == 0) ndarr_errstate_set_all(es, (ndarr_errmode)mode);
    else if (strcmp(item, "divide") == 0) es->divide = (uint8_t)mode;
    else if (strcmp(item, "over") == 0) es->overflow = (uint8_t)mode;
    else if (strcmp(item, "under") == 0) es->underflow = (uint8_t)mode;
    else if (strcmp(item, "invalid") == 0) es->invalid = (uint8_t)mode;
    else goto bad;
    item = next;
  }
  return 0;
bad:
  return fail(c, EXIT_USAGE, "--errstate '%s': expected ignore, warn or raise, or a list such as "
              "divide=raise,over=ignore (kinds: all, divide, over, under, invalid)", s);
}

/* ---- loading operands --------------------------------------------------------------------- */

/* Load a .npy file; on failure print "ndarr-calc: what: LABEL: message" (naming the file when
 * the message does not). */
static int load_array(calc *c, const char *label, const char *path, ndarr_array **out) {
  ndarr_status st = ndarr_load_npy(c->ctx, path, out);
  if (st == NDARR_OK) return 0;
  const char *m = lib_message(c, st);
  char operand[PATH_CAP + 64];
  if (strstr(m, path)) snprintf(operand, sizeof operand, "%s", label);
  else snprintf(operand, sizeof operand, "%s '%s'", label, path);
  return fail_lib(c, st, operand);
}

/* A --where mask: loaded and, when it is not bool, converted as numpy does (non-zero: True). */
static int load_mask(calc *c, const char *path, ndarr_array **out) {
  ndarr_array *m = NULL;
  int rc = load_array(c, "--where mask", path, &m);
  if (rc) return rc;
  if (m->dtype.id != NDARR_BOOL) {
    ndarr_array *b = NULL;
    ndarr_status st = ndarr_astype(c->ctx, m, ndarr_dtype_of(NDARR_BOOL), NDARR_CASTING_UNSAFE,
                                   NDARR_COPY_ALWAYS, &b);
    ndarr_release(m);
    if (st != NDARR_OK) return fail_lib(c, st, "--where mask");
    m = b;
  }
  *out = m;
  return 0;
}

/* An operand: a weak scalar when it reads as a number, else a .npy file. */
typedef struct operand {
  ndarr_array *array;
  ndarr_scalar scalar;
  int is_scalar;
} operand;

static int load_operand(calc *c, int index, const char *text, operand *op) {
  memset(op, 0, sizeof *op);
  char label[64];
  snprintf(label, sizeof label, "input %d", index + 1);
  int r = parse_number(text, &op->scalar);
  if (r == 0) {
    op->is_scalar = 1;
    return 0;
  }
  if (r == -2)
    return fail(c, EXIT_USAGE, "%s: the integer %s does not fit in 64 bits (ndarr's Python-like "
                "integers are int64)", label, text);
  return load_array(c, label, text, &op->array);
}

/* ---- writing results ---------------------------------------------------------------------- */

/* The directory part of path into dir ("." when there is none). */
static void dir_of(const char *path, char *dir, size_t cap) {
  const char *slash = strrchr(path, '/');
#if defined(_WIN32)
  const char *bs = strrchr(path, '\\');
  if (bs && (!slash || bs > slash)) slash = bs;
#endif
  if (!slash) {
    snprintf(dir, cap, ".");
  } else if (slash == path) {
    snprintf(dir, cap, "/");
  } else {
    snprintf(dir, cap, "%.*s", (int)(slash - path), path);
  }
}

/* Check the -o files before any work: distinct, not empty, in a writable directory. */
static int check_outputs(calc *c) {
  for (int j = 0; j < c->nouts; j++) {
    const char *p = c->outs[j];
    if (!*p) return fail(c, EXIT_USAGE, "-o: empty file name");
    for (int k = 0; k < j; k++)
      if (strcmp(c->outs[k], p) == 0)
        return fail(c, EXIT_USAGE, "outputs %d and %d are both '%s'", k + 1, j + 1, p);
    size_t n = strlen(p);
    if (p[n - 1] == '/') return fail(c, EXIT_FAIL, "output '%s': is a directory name", p);
#if !defined(_WIN32)
    struct stat sb;
    if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
      return fail(c, EXIT_FAIL, "output '%s': is a directory", p);
#endif
    char dir[PATH_CAP];
    dir_of(p, dir, sizeof dir);
    if (CALC_ACCESS_W(dir) != 0)
      return fail(c, EXIT_FAIL, "output '%s': cannot write in directory '%s': %s", p, dir,
                  strerror(errno));
  }
  return 0;
}

/* Write arrs[0..n) to c->outs[0..n): each to a temporary beside its destination, then all
 * renamed into place, so a failure leaves no output behind. */
static int write_outputs(calc *c, int n, ndarr_array *const *arrs) {
  char tmp[MAX_OUTS][PATH_CAP + 64];
  int written = 0, rc = 0;
  for (int j = 0; j < n && !rc; j++) {
    if (n == 1) { /* ndarr_save_npy itself writes a temporary file and renames it */
      ndarr_status st = ndarr_save_npy(c->ctx, arrs[0], c->outs[0]);
      if (st != NDARR_OK) {
        char label[PATH_CAP + 32];
        snprintf(label, sizeof label, "output '%s'", c->outs[0]);
        return fail_lib(c, st, strstr(lib_message(c, st), c->outs[0]) ? "output" : label);
      }
      return 0;
    }
    snprintf(tmp[j], sizeof tmp[j], "%s.%ld-%d.tmp", c->outs[j], CALC_GETPID(), j);
    ndarr_status st = ndarr_save_npy(c->ctx, arrs[j], tmp[j]);
    if (st != NDARR_OK) {
      char label[PATH_CAP + 32];
      snprintf(label, sizeof label, "output %d '%s'", j + 1, c->outs[j]);
      rc = fail_lib(c, st, label);
      break;
    }
    written = j + 1;
  }
  for (int j = 0; j < written && !rc; j++) {
    if (rename(tmp[j], c->outs[j]) != 0) {
      rc = fail(c, EXIT_FAIL, "output %d: cannot rename '%s' to '%s': %s", j + 1, tmp[j],
                c->outs[j], strerror(errno));
      for (int k = 0; k < j; k++) remove(c->outs[k]); /* the earlier ones are complete: undo */
    }
  }
  if (rc)
    for (int j = 0; j < written; j++) remove(tmp[j]);
  return rc;
}

/* Print arrs as NumPy's repr, one after the other. */
static int print_arrays(calc *c, int n, ndarr_array *const *arrs) {
  for (int j = 0; j < n; j++) {
    char *text = NULL;
    size_t len = 0;
    ndarr_status st = ndarr_repr(c->ctx, arrs[j], &text, &len);
    if (st != NDARR_OK) return fail_lib(c, st, NULL);
    fwrite(text, 1, len, stdout);
    fputc('\n', stdout);
    ndarr_text_free(c->ctx, text, len);
  }
  return 0;
}

static int emit_results(calc *c, int n, ndarr_array *const *arrs) {
  if (c->nouts) return write_outputs(c, n, arrs);
  return print_arrays(c, n, arrs);
}

/* ---- timing (--bench) --------------------------------------------------------------------- */

static double now_ns(void) {
#if defined(CLOCK_MONOTONIC)
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0) return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
#endif
  struct timespec t2;
  timespec_get(&t2, TIME_UTC);
  return (double)t2.tv_sec * 1e9 + (double)t2.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* "bench NAME: N runs of E elements: best T ms, median T ms; X ns/element, Y GB/s". */
static void bench_report(calc *c, double *t, long n, int64_t elements, int64_t bytes) {
  qsort(t, (size_t)n, sizeof *t, cmp_double);
  double best = t[0], median = (n % 2) ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
  double per = elements > 0 ? best / (double)elements : 0;
  double gbs = best > 0 ? (double)bytes / best : 0; /* bytes per ns = GB/s */
  printf("bench %s: %ld runs of %lld elements: best %.6g ms, median %.6g ms; %.4g ns/element, "
         "%.4g GB/s\n", c->what, n, (long long)elements, best * 1e-6, median * 1e-6, per, gbs);
}

/* ---- the commands ------------------------------------------------------------------------- */

static void print_usage(FILE *to);
static int command_help(calc *c, const struct calc_command *cmd);

static int one_positional(calc *c, int want_min, int want_max, const char *what) {
  if (c->npos < want_min || c->npos > want_max)
    return fail(c, EXIT_USAGE, "expected %s (got %d argument%s; see '" PROG " help %s')", what,
                c->npos, c->npos == 1 ? "" : "s", c->command_word);
  return 0;
}

static const char *identity_name(int32_t id) {
  switch (id) {
    case NDARR_IDENTITY_ZERO: return "0";
    case NDARR_IDENTITY_ONE: return "1";
    case NDARR_IDENTITY_MINUS_ONE: return "-1";
    case NDARR_IDENTITY_NEG_INF: return "-inf";
    case NDARR_IDENTITY_REORDERABLE_NONE: return "none (reorderable)";
    default: return "none";
  }
}

static const char *class_name(ndarr_ctx *ctx, int32_t id) {
  const ndarr_dtype_class *k = ndarr_dtype_class_get(ctx, id);
  return k ? k->name : "?";
}

/* One ufunc and its loops, for `list` and `UFUNC --help`. */
static void list_ufunc(ndarr_ctx *ctx, int32_t id, const ndarr_ufunc_info *info) {
  printf("%s  (%d input%s, %d output%s, identity %s%s%s)\n", info->name, (int)info->nin,
         info->nin == 1 ? "" : "s", (int)info->nout, info->nout == 1 ? "" : "s",
         identity_name(info->identity), info->signature ? ", core signature " : "",
         info->signature ? info->signature : "");
  for (int32_t k = 0; k < info->nloops; k++) {
    const ndarr_loop_spec *L = ndarr_ufunc_loop_at(ctx, id, k);
    if (!L) continue;
    char sig[512];
    size_t len = 0;
    sig[0] = '\0';
    for (int i = 0; i < L->nargs && len < sizeof sig; i++) {
      int w = snprintf(sig + len, sizeof sig - len, "%s%s", i == 0 ? "" : i == info->nin ? "->" : ",",
                       class_name(ctx, L->dtypes[i]));
      if (w > 0) len += (size_t)w;
    }
    /* The loop's implementation label is the SIMD target that serves it on this CPU: the
     * loops a context installs are the best ones this CPU supports. */
    printf("    %-52s %s\n", sig, L->impl && *L->impl ? L->impl : "scalar");
  }
}

static int cmd_list(calc *c) {
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  int32_t lim = ndarr_ufunc_id_limit(c->ctx);
  if (c->npos > 0) {
    for (int i = 0; i < c->npos; i++) {
      int32_t id = -1;
      ndarr_ufunc_info info;
      if (ndarr_ufunc_find(c->ctx, c->pos[i], &id) != NDARR_OK ||
          ndarr_ufunc_get_info(c->ctx, id, &info) != NDARR_OK)
        return fail(c, EXIT_FAIL, "no ufunc named '%s' (see '" PROG " list')", c->pos[i]);
      list_ufunc(c->ctx, id, &info);
    }
    return 0;
  }
  int count = 0;
  for (int32_t id = 0; id < lim; id++) {
    ndarr_ufunc_info info;
    if (ndarr_ufunc_get_info(c->ctx, id, &info) == NDARR_OK) count++;
  }
  ndarr_ctx_clear_error(c->ctx);
  printf("# ndarr %s: %d ufuncs; SIMD targets on this CPU, best first:", NDARR_VERSION_STRING, count);
  for (int t = NDARR_SIMD_TARGET_COUNT - 1; t >= 0; t--)
    if (ndarr_simd_target_supported(&f, (ndarr_simd_target)t))
      printf(" %s", ndarr_simd_target_name((ndarr_simd_target)t));
  printf("\n");
#if defined(NDARR_SIMD_DISPATCH_H)
  {
    ndarr_simd_info si;
    memset(&si, 0, sizeof si);
    si.struct_size = (uint32_t)sizeof si;
    ndarr_ctx_simd_info(c->ctx, &si);
    if (si.installed)
      printf("# SIMD loops installed: %d of target %s\n", (int)si.nloops,
             ndarr_simd_target_name((ndarr_simd_target)si.target));
    else
      printf("# SIMD loops installed: none (builtin scalar loops)\n");
  }
#endif
  printf("# each loop: operand dtypes (inputs->outputs), then the target that serves it\n");
  for (int32_t id = 0; id < lim; id++) {
    ndarr_ufunc_info info;
    if (ndarr_ufunc_get_info(c->ctx, id, &info) != NDARR_OK) continue;
    list_ufunc(c->ctx, id, &info);
  }
  ndarr_ctx_clear_error(c->ctx);
  return 0;
}

/* Format one element of a (0-d, native) array as its scalar repr into buf. */
static const char *scalar_text(calc *c, const ndarr_array *a, char *buf, size_t cap) {
  ndarr_scalar s;
  if (ndarr_get_scalar(c->ctx, a, NULL, &s) != NDARR_OK ||
      ndarr_dtype_format(c->ctx, &s.dtype, s.value.bytes, NULL, buf, cap, NULL) != NDARR_OK)
    snprintf(buf, cap, "?");
  return buf;
}

/* min, max (NaNs left out, as numpy.nanmin/nanmax), mean (NaNs left out) and the NaN count. */
static int info_stats(calc *c, const ndarr_array *a) {
  const ndarr_dtype_class *k = ndarr_dtype_class_get(c->ctx, a->dtype.id);
  char kind = k ? k->spec.kind : 0;
  if (!k || !(k->spec.flags & NDARR_DTYPE_NUMERIC) || !strchr("biufc", kind)) {
    printf("  statistics: none (not a numeric dtype)\n");
    return 0;
  }
  int floating = kind == 'f' || kind == 'c';
  ndarr_array *nanmask = NULL, *notnan = NULL, *mn = NULL, *mx = NULL, *mean = NULL, *nn = NULL;
  ndarr_status st = NDARR_OK;
  int64_t nans = 0;
  if (floating) {
    st = ndarr_isnan(c->ctx, a, &nanmask);
    if (st == NDARR_OK) st = ndarr_logical_not(c->ctx, nanmask, &notnan);
    if (st == NDARR_OK) st = ndarr_count_nonzero(c->ctx, nanmask, NULL, &nn);
    if (st == NDARR_OK) nans = *(const int64_t *)(const void *)nn->data;
  }
  char b[256];
  if (st == NDARR_OK && a->size - nans > 0) {
    ndarr_reduce_opts o;
    ndarr_reduce_opts_init(&o);
    if (floating) { /* fmin/fmax skip NaNs */
      st = ndarr_ufunc_reduce(c->ctx, NDARR_UFUNC_FMIN, a, NULL, &mn);
      if (st == NDARR_OK) st = ndarr_ufunc_reduce(c->ctx, NDARR_UFUNC_FMAX, a, NULL, &mx);
      o.where = notnan;
    } else {
      st = ndarr_min(c->ctx, a, NULL, &mn);
      if (st == NDARR_OK) st = ndarr_max(c->ctx, a, NULL, &mx);
    }
    if (st == NDARR_OK) st = ndarr_mean(c->ctx, a, &o, &mean);
    if (st == NDARR_OK) {
      printf("  min:        %s\n", scalar_text(c, mn, b, sizeof b));
      printf("  max:        %s\n", scalar_text(c, mx, b, sizeof b));
      printf("  mean:       %s\n", scalar_text(c, mean, b, sizeof b));
    }
  } else if (st == NDARR_OK) {
    printf("  min:        -\n  max:        -\n  mean:       -\n");
  }
  if (st == NDARR_OK) printf("  nan count:  %lld\n", (long long)nans);
  ndarr_release(nanmask);
  ndarr_release(notnan);
  ndarr_release(nn);
  ndarr_release(mn);
  ndarr_release(mx);
  ndarr_release(mean);
  return st == NDARR_OK ? 0 : fail_lib(c, st, "statistics");
}

static const char *byte_order_name(const ndarr_dtype *d) {
  if (d->byteorder == NDARR_BYTEORDER_NONE || d->itemsize <= 1) return "not applicable";
  int little = ndarr_host_is_little_endian() ^ (d->byteorder == NDARR_BYTEORDER_SWAPPED);
  int native = d->byteorder == NDARR_BYTEORDER_NATIVE;
  return little ? (native ? "little-endian (native)" : "little-endian")
                : (native ? "big-endian (native)" : "big-endian");
}

static int cmd_info(calc *c) {
  int rc = one_positional(c, 1, INT_MAX, "one or more .npy files");
  for (int i = 0; i < c->npos && !rc; i++) {
    const char *path = c->pos[i];
    ndarr_npy_header h;
    memset(&h, 0, sizeof h);
    ndarr_array *a = NULL;
    ndarr_status st = ndarr_npy_load_header(c->ctx, path, NULL, &h);
    if (st != NDARR_OK) {
      const char *m = lib_message(c, st);
      char operand[PATH_CAP + 8];
      snprintf(operand, sizeof operand, "'%s'", path);
      return fail_lib(c, st, strstr(m, path) ? NULL : operand);
    }
    if ((rc = load_array(c, "file", path, &a)) != 0) return rc;
    char shape[2048];
    const char *dn = ndarr_dtype_name(c->ctx, &a->dtype);
    printf("%s:\n", path);
    printf("  format:     .npy %d.%d\n", h.major, h.minor);
    printf("  shape:      %s\n", ndarr_shape_str(a->ndim, a->shape, shape, sizeof shape));
    printf("  dtype:      %s\n", dn);
    printf("  byte order: %s\n", byte_order_name(&a->dtype));
    printf("  order:      %s\n", h.fortran_order ? "F" : "C");
    printf("  size:       %lld (%lld bytes)\n", (long long)a->size, (long long)ndarr_nbytes(a));
    rc = info_stats(c, a);
    if (!rc && c->given[OPT_PRINT]) {
      printf("  repr:\n");
      rc = print_arrays(c, 1, &a);
    }
    ndarr_release(a);
  }
  return rc;
}

/* The ufunc named by `name`, or an error. */
static int find_ufunc(calc *c, const char *name, int32_t *id, ndarr_ufunc_info *info) {
  if (ndarr_ufunc_find(c->ctx, name, id) != NDARR_OK ||
      ndarr_ufunc_get_info(c->ctx, *id, info) != NDARR_OK)
    return fail(c, EXIT_USAGE, "no ufunc named '%s' (see '" PROG " list')", name);
  return 0;
}

/* The broadcast shape of the array operands and the mask (for where= outputs). */
static int broadcast_of(calc *c, int nin, const operand *ops, const ndarr_array *mask, int *ndim,
                        int64_t *shape) {
  int nds[NDARR_UFUNC_MAXARGS + 1];
  const int64_t *shs[NDARR_UFUNC_MAXARGS + 1];
  int n = 0;
  for (int i = 0; i < nin; i++)
    if (!ops[i].is_scalar) {
      nds[n] = ops[i].array->ndim;
      shs[n++] = ops[i].array->shape;
    }
  if (mask) {
    nds[n] = mask->ndim;
    shs[n++] = mask->shape;
  }
  *ndim = 0;
  if (n == 0) return 0;
  ndarr_status st = ndarr_broadcast_shapes(c->ctx, n, nds, shs, ndim, shape);
  return st == NDARR_OK ? 0 : fail_lib(c, st, NULL);
}

static int cmd_ufunc(calc *c, const char *name) {
  int32_t id = -1;
  ndarr_ufunc_info info;
  int rc = find_ufunc(c, name, &id, &info);
  if (rc) return rc;
  c->what = info.name;
  if (c->npos != info.nin)
    return fail(c, EXIT_USAGE, "takes %d input%s, got %d (see '" PROG " help %s')", (int)info.nin,
                info.nin == 1 ? "" : "s", c->npos, info.name);
  if (c->nouts && c->nouts != info.nout)
    return fail(c, EXIT_USAGE, "has %d output%s: give -o %d time%s (got %d)", (int)info.nout,
                info.nout == 1 ? "" : "s", (int)info.nout, info.nout == 1 ? "" : "s", c->nouts);
  if ((rc = check_outputs(c)) != 0) return rc;

  ndarr_ufunc_opts opts;
  ndarr_ufunc_opts_init(&opts);
  ndarr_dtype dtype;
  ndarr_casting casting = NDARR_CASTING_SAME_KIND;
  if (c->val[OPT_DTYPE]) {
    if ((rc = parse_dtype(c, "--dtype", c->val[OPT_DTYPE], &dtype)) != 0) return rc;
    opts.dtype = &dtype;
  }
  if (c->val[OPT_CASTING] && (rc = parse_casting(c, c->val[OPT_CASTING], &casting)) != 0) return rc;
  opts.casting = (int32_t)casting;

  operand ops[NDARR_UFUNC_MAXARGS];
  ndarr_arg args[NDARR_UFUNC_MAXARGS];
  ndarr_array *outs[MAX_OUTS] = {NULL};
  ndarr_array *mask = NULL;
  int nloaded = 0;
  double *times = NULL;
  for (int i = 0; i < info.nin && !rc; i++) {
    rc = load_operand(c, i, c->pos[i], &ops[i]);
    if (!rc) {
      nloaded++;
      args[i] = ops[i].is_scalar ? ndarr_arg_scalar(&ops[i].scalar) : ndarr_arg_array(ops[i].array);
    }
  }
  if (!rc && c->val[OPT_WHERE]) {
    rc = load_mask(c, c->val[OPT_WHERE], &mask);
    opts.where = mask;
    /* Outputs where the mask is false are 0 (NumPy leaves them uninitialised): allocate them
     * from the resolved descriptors and the broadcast shape, zero-filled, and pass them as out=. */
    if (!rc && !info.signature) {
      ndarr_dtype in_dt[NDARR_UFUNC_MAXARGS], descrs[NDARR_UFUNC_MAXARGS];
      uint8_t weak[NDARR_UFUNC_MAXARGS];
      for (int i = 0; i < info.nin; i++) {
        in_dt[i] = ops[i].is_scalar ? ops[i].scalar.dtype : ops[i].array->dtype;
        weak[i] = (uint8_t)(ops[i].is_scalar ? ops[i].scalar.weak : 0);
      }
      int bnd = 0;
      int64_t bshape[NDARR_MAXDIMS];
      ndarr_status st = ndarr_ufunc_resolve(c->ctx, id, info.nin, in_dt, weak, &opts, descrs, NULL);
      if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
      if (!rc) rc = broadcast_of(c, info.nin, ops, mask, &bnd, bshape);
      for (int j = 0; j < info.nout && !rc; j++) {
        st = ndarr_zeros(c->ctx, bnd, bshape, descrs[info.nin + j], NDARR_ORDER_C, &outs[j]);
        if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
      }
    }
  }
  if (!rc) {
    ndarr_status st = ndarr_ufunc_call(c->ctx, id, info.nin, args, info.nout, outs, &opts);
    if (st != NDARR_OK) {
      rc = fail_lib(c, st, NULL);
      if (mask) /* preallocated outputs are ours to release; others were not returned */
        for (int j = 0; j < info.nout; j++) {
          ndarr_release(outs[j]);
          outs[j] = NULL;
        }
    }
  }
  if (!rc && c->bench) {
    times = (double *)malloc((size_t)c->bench * sizeof *times);
    if (!times) rc = fail(c, EXIT_FAIL, "out of memory");
    opts.errstate = &c->quiet;
    for (long r = 0; r < c->bench && !rc; r++) {
      double t0 = now_ns();
      ndarr_status st = ndarr_ufunc_call(c->ctx, id, info.nin, args, info.nout, outs, &opts);
      times[r] = now_ns() - t0;
      if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
    }
    if (!rc) {
      int64_t bytes = 0;
      for (int i = 0; i < info.nin; i++)
        if (!ops[i].is_scalar) bytes += ndarr_nbytes(ops[i].array);
      for (int j = 0; j < info.nout; j++) bytes += ndarr_nbytes(outs[j]);
      bench_report(c, times, c->bench, outs[0]->size, bytes);
    }
  }
  if (!rc) rc = emit_results(c, info.nout, outs);
  free(times);
  for (int j = 0; j < info.nout; j++) ndarr_release(outs[j]);
  for (int i = 0; i < nloaded; i++) ndarr_release(ops[i].array);
  ndarr_release(mask);
  return rc;
}

/* Reductions: reduce, accumulate and the named statistics. */
typedef struct red_job {
  int kind;          /* CMD_REDUCE, CMD_ACCUMULATE, CMD_STAT */
  int stat;
  int32_t ufunc;
  const ndarr_array *a;
  ndarr_reduce_opts o;
  int axis;          /* accumulate, argmin/argmax */
  ndarr_dtype dtype;
  int has_dtype;
} red_job;

static ndarr_status run_reduction(calc *c, const red_job *j, ndarr_array **out) {
  ndarr_ctx *ctx = c->ctx;
  *out = NULL;
  switch (j->kind) {
    case CMD_REDUCE: return ndarr_ufunc_reduce(ctx, j->ufunc, j->a, &j->o, out);
    case CMD_ACCUMULATE:
      return ndarr_ufunc_accumulate(ctx, j->ufunc, j->a, j->axis, j->has_dtype ? &j->dtype : NULL, out);
    default: break;
  }
  switch (j->stat) {
    case STAT_SUM: return ndarr_sum(ctx, j->a, &j->o, out);
    case STAT_PROD: return ndarr_prod(ctx, j->a, &j->o, out);
    case STAT_MIN: return ndarr_min(ctx, j->a, &j->o, out);
    case STAT_MAX: return ndarr_max(ctx, j->a, &j->o, out);
    case STAT_MEAN: return ndarr_mean(ctx, j->a, &j->o, out);
    case STAT_VAR: return ndarr_var(ctx, j->a, &j->o, out);
    case STAT_STD: return ndarr_std(ctx, j->a, &j->o, out);
    case STAT_ARGMIN: return ndarr_argmin(ctx, j->a, j->axis, j->o.keepdims, out);
    case STAT_ARGMAX: return ndarr_argmax(ctx, j->a, j->axis, j->o.keepdims, out);
    case STAT_ANY: return ndarr_any(ctx, j->a, &j->o, out);
    case STAT_ALL: return ndarr_all(ctx, j->a, &j->o, out);
    default: return ndarr_count_nonzero(ctx, j->a, &j->o, out);
  }
}

static int cmd_reduction(calc *c, const struct calc_command *cmd) {
  red_job j;
  memset(&j, 0, sizeof j);
  j.kind = cmd->kind;
  j.stat = cmd->stat;
  ndarr_reduce_opts_init(&j.o);
  int rc = 0, first = 0;
  ndarr_scalar initial;
  ndarr_array *a = NULL, *mask = NULL, *res = NULL;
  double *times = NULL;
  if (cmd->kind != CMD_STAT) {
    if ((rc = one_positional(c, 2, 2, "a ufunc name and one .npy file")) != 0) return rc;
    ndarr_ufunc_info info;
    if ((rc = find_ufunc(c, c->pos[0], &j.ufunc, &info)) != 0) return rc;
    first = 1;
  } else if ((rc = one_positional(c, 1, 1, "one .npy file")) != 0) {
    return rc;
  }
  if (c->nouts > 1) return fail(c, EXIT_USAGE, "has one output: give -o once (got %d)", c->nouts);
  if ((rc = check_outputs(c)) != 0) return rc;
  /* axes */
  int single_axis = cmd->kind == CMD_ACCUMULATE || j.stat == STAT_ARGMIN || j.stat == STAT_ARGMAX;
  j.axis = cmd->kind == CMD_ACCUMULATE ? 0 : NDARR_AXIS_NONE;
  if (c->val[OPT_AXIS]) {
    int naxes = -1, axes[NDARR_MAXDIMS];
    if ((rc = parse_axes(c, c->val[OPT_AXIS], &naxes, axes)) != 0) return rc;
    if (single_axis) {
      if (naxes > 1 || (naxes == 0) || (naxes < 0 && cmd->kind == CMD_ACCUMULATE))
        return fail(c, EXIT_USAGE, "--axis '%s': %s takes one axis%s", c->val[OPT_AXIS],
                    c->command_word, cmd->kind == CMD_ACCUMULATE ? "" : " (or none)");
      if (naxes == 1) j.axis = axes[0];
    } else {
      j.o.naxes = naxes;
      for (int i = 0; i < (naxes > 0 ? naxes : 0); i++) j.o.axes[i] = axes[i];
    }
  }
  j.o.keepdims = c->given[OPT_KEEPDIMS] ? 1 : 0;
  if (c->val[OPT_DTYPE]) {
    if ((rc = parse_dtype(c, "--dtype", c->val[OPT_DTYPE], &j.dtype)) != 0) return rc;
    j.has_dtype = 1;
    j.o.dtype = &j.dtype;
  }
  if (c->val[OPT_CORRECTION]) {
    size_t n = strlen(c->val[OPT_CORRECTION]);
    double d = 0;
    if (parse_double_n(c->val[OPT_CORRECTION], n, &d) != 0 || !isfinite(d))
      return fail(c, EXIT_USAGE, "--correction '%s': expected a finite number", c->val[OPT_CORRECTION]);
    j.o.correction = d;
  }
  if (c->val[OPT_INITIAL]) {
    int r = parse_number(c->val[OPT_INITIAL], &initial);
    if (r != 0)
      return fail(c, EXIT_USAGE, "--initial '%s': expected a number%s", c->val[OPT_INITIAL],
                  r == -2 ? " that fits in 64 bits" : "");
    j.o.initial = &initial;
  }
  if ((rc = load_array(c, "input", c->pos[first], &a)) != 0) return rc;
  j.a = a;
  if (c->val[OPT_WHERE]) {
    if ((rc = load_mask(c, c->val[OPT_WHERE], &mask)) != 0) goto done;
    j.o.where = mask;
  }
  ndarr_status st = run_reduction(c, &j, &res);
  if (st != NDARR_OK) {
    rc = fail_lib(c, st, NULL);
    goto done;
  }
  if (c->bench) {
    times = (double *)malloc((size_t)c->bench * sizeof *times);
    if (!times) {
      rc = fail(c, EXIT_FAIL, "out of memory");
      goto done;
    }
    j.o.errstate = &c->quiet;
    for (long r = 0; r < c->bench && !rc; r++) {
      ndarr_array *tmp = NULL;
      double t0 = now_ns();
      st = run_reduction(c, &j, &tmp);
      times[r] = now_ns() - t0;
      ndarr_release(tmp);
      if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
    }
    if (!rc) bench_report(c, times, c->bench, a->size, ndarr_nbytes(a) + ndarr_nbytes(res));
  }
  if (!rc) rc = emit_results(c, 1, &res);
done:
  free(times);
  ndarr_release(res);
  ndarr_release(mask);
  ndarr_release(a);
  return rc;
}

static int cmd_astype(calc *c) {
  int rc = one_positional(c, 2, 2, "a .npy file and a dtype");
  if (rc) return rc;
  if (c->nouts > 1) return fail(c, EXIT_USAGE, "has one output: give -o once (got %d)", c->nouts);
  if ((rc = check_outputs(c)) != 0) return rc;
  ndarr_dtype dt;
  ndarr_casting casting = NDARR_CASTING_UNSAFE; /* numpy astype's default */
  if ((rc = parse_dtype(c, "dtype", c->pos[1], &dt)) != 0) return rc;
  if (c->val[OPT_CASTING] && (rc = parse_casting(c, c->val[OPT_CASTING], &casting)) != 0) return rc;
  ndarr_array *a = NULL, *res = NULL;
  double *times = NULL;
  if ((rc = load_array(c, "input", c->pos[0], &a)) != 0) return rc;
  ndarr_status st = ndarr_astype(c->ctx, a, dt, casting, NDARR_COPY_ALWAYS, &res);
  if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
  if (!rc && c->bench) {
    times = (double *)malloc((size_t)c->bench * sizeof *times);
    if (!times) rc = fail(c, EXIT_FAIL, "out of memory");
    for (long r = 0; r < c->bench && !rc; r++) {
      ndarr_array *tmp = NULL;
      double t0 = now_ns();
      st = ndarr_astype(c->ctx, a, dt, casting, NDARR_COPY_ALWAYS, &tmp);
      times[r] = now_ns() - t0;
      ndarr_release(tmp);
      if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
    }
    if (!rc) bench_report(c, times, c->bench, a->size, ndarr_nbytes(a) + ndarr_nbytes(res));
  }
  if (!rc) rc = emit_results(c, 1, &res);
  free(times);
  ndarr_release(res);
  ndarr_release(a);
  return rc;
}

/* Does `step` start with the word `w` (followed by a space or the end)? Returns the rest. */
static const char *step_word(const char *step, const char *w) {
  size_t n = strlen(w);
  if (strncmp(step, w, n) != 0 || (step[n] != '\0' && step[n] != ' ')) return NULL;
  step += n;
  while (*step == ' ') step++;
  return step;
}

/* Apply a view expression to `a`: steps separated by '|', each a NumPy basic index
 * ("::2, 1:-1", "[..., None]"), "transpose [AXES]", "reshape SHAPE" or "broadcast SHAPE".
 * *out gets the resulting view (or, for reshapes that cannot be views, a copy). */
static int apply_view(calc *c, const ndarr_array *a, const char *expr, ndarr_array **out) {
  char buf[4096];
  size_t n = strlen(expr);
  if (n >= sizeof buf) return fail(c, EXIT_USAGE, "the view expression is too long");
  memcpy(buf, expr, n + 1);
  ndarr_array *cur = ndarr_retain((ndarr_array *)a);
  int rc = 0, nstep = 0;
  for (char *step = buf; step && !rc; nstep++) {
    char *bar = strchr(step, '|');
    if (bar) *bar = '\0';
    while (*step == ' ' || *step == '\t') step++;
    size_t len = strlen(step);
    while (len && (step[len - 1] == ' ' || step[len - 1] == '\t')) step[--len] = '\0';
    ndarr_array *next = NULL;
    ndarr_status st = NDARR_OK;
    const char *rest;
    if ((rest = step_word(step, "transpose")) != NULL || (rest = step_word(step, "T")) != NULL) {
      if (!*rest) {
        st = ndarr_transpose(c->ctx, cur, &next);
      } else {
        int64_t v[NDARR_MAXDIMS];
        int axes[NDARR_MAXDIMS], k = 0;
        int r = parse_int_list(rest, -NDARR_MAXDIMS, NDARR_MAXDIMS - 1, v, NDARR_MAXDIMS, &k);
        if (r != 0) {
          rc = fail(c, EXIT_USAGE, "view step '%s': expected transpose AXES such as 1,0,2", step);
          break;
        }
        for (int i = 0; i < k; i++) axes[i] = (int)v[i];
        st = ndarr_permute_dims(c->ctx, cur, k, axes, &next);
      }
    } else if ((rest = step_word(step, "reshape")) != NULL ||
               (rest = step_word(step, "broadcast")) != NULL) {
      int is_reshape = step[0] == 'r', ndim = 0;
      int64_t shape[NDARR_MAXDIMS];
      if (!*rest) {
        rc = fail(c, EXIT_USAGE, "view step '%s': expected %s SHAPE such as 3,4 (or () for 0-d)",
                  step, is_reshape ? "reshape" : "broadcast");
        break;
      }
      if ((rc = parse_shape(c, rest, is_reshape, &ndim, shape)) != 0) break;
      st = is_reshape ? ndarr_reshape(c->ctx, cur, ndim, shape, NDARR_ORDER_C, NDARR_COPY_IF_NEEDED, &next)
                      : ndarr_broadcast_to(c->ctx, cur, ndim, shape, &next);
    } else {
      char *idx = step;
      size_t il = strlen(idx);
      if (il >= 2 && idx[0] == '[' && idx[il - 1] == ']') {
        idx[il - 1] = '\0';
        idx++;
      }
      /* the syntax first: a malformed index is a command-line error (exit status 2) */
      ndarr_index items[2 * NDARR_MAXDIMS];
      int nitems = 0;
      st = ndarr_parse_index(c->ctx, idx, items, 2 * NDARR_MAXDIMS, &nitems);
      if (st != NDARR_OK) {
        char label[4200];
        snprintf(label, sizeof label, "view step '%s'", step);
        fail_lib(c, st, label);
        rc = EXIT_USAGE;
        break;
      }
      st = ndarr_slice_view(c->ctx, cur, nitems, items, &next);
    }
    if (st != NDARR_OK) {
      char label[4200];
      snprintf(label, sizeof label, "view step '%s'", step);
      rc = fail_lib(c, st, label);
      break;
    }
    ndarr_release(cur);
    cur = next;
    step = bar ? bar + 1 : NULL;
  }
  if (rc) {
    ndarr_release(cur);
    return rc;
  }
  *out = cur;
  return 0;
}

static int cmd_view(calc *c) {
  int rc = one_positional(c, 2, INT_MAX, "a .npy file and a view expression");
  if (rc) return rc;
  if (c->nouts > 1) return fail(c, EXIT_USAGE, "has one output: give -o once (got %d)", c->nouts);
  if ((rc = check_outputs(c)) != 0) return rc;
  char expr[4096];
  size_t len = 0;
  for (int i = 1; i < c->npos; i++) {
    size_t n = strlen(c->pos[i]);
    if (len + n + 2 > sizeof expr) return fail(c, EXIT_USAGE, "the view expression is too long");
    if (i > 1) expr[len++] = ' ';
    memcpy(expr + len, c->pos[i], n);
    len += n;
  }
  expr[len] = '\0';
  ndarr_array *a = NULL, *v = NULL, *res = NULL;
  double *times = NULL;
  if ((rc = load_array(c, "input", c->pos[0], &a)) != 0) return rc;
  rc = apply_view(c, a, expr, &v);
  if (!rc) {
    ndarr_status st = ndarr_copy(c->ctx, v, NDARR_ORDER_C, &res);
    if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
  }
  if (!rc && c->bench) {
    times = (double *)malloc((size_t)c->bench * sizeof *times);
    if (!times) rc = fail(c, EXIT_FAIL, "out of memory");
    for (long r = 0; r < c->bench && !rc; r++) {
      ndarr_array *tv = NULL, *tc = NULL;
      double t0 = now_ns();
      rc = apply_view(c, a, expr, &tv);
      if (!rc) {
        ndarr_status st = ndarr_copy(c->ctx, tv, NDARR_ORDER_C, &tc);
        if (st != NDARR_OK) rc = fail_lib(c, st, NULL);
      }
      times[r] = now_ns() - t0;
      ndarr_release(tv);
      ndarr_release(tc);
    }
    if (!rc) bench_report(c, times, c->bench, res->size, 2 * ndarr_nbytes(res));
  }
  if (!rc) rc = emit_results(c, 1, &res);
  free(times);
  ndarr_release(res);
  ndarr_release(v);
  ndarr_release(a);
  return rc;
}

/* ---- help ------------------------------------------------------------------------------- */

static void print_usage(FILE *to) {
  fputs("usage: " PROG " [GLOBAL OPTIONS] COMMAND ARGUMENTS [OPTIONS]\n"
        "NumPy's ufuncs, reductions, casts and views on .npy files, with ndarr "
        NDARR_VERSION_STRING ".\n"
        "\n"
        "commands:\n"
        "  info A.npy [--print]            shape, dtype, byte order, order, size, min, max,\n"
        "                                  mean, NaN count (--print: NumPy's repr too)\n"
        "  UFUNC OPERAND... [-o OUT]...    any registered ufunc by name (add, sin, atan2,\n"
        "                                  divmod, ...); an OPERAND is a .npy file or a number\n"
        "  reduce UFUNC A.npy              UFUNC.reduce (--axis, --keepdims, --dtype, --initial)\n"
        "  accumulate UFUNC A.npy          UFUNC.accumulate (--axis N, --dtype)\n"
        "  sum prod min max mean var std argmin argmax any all count_nonzero A.npy\n"
        "                                  the named reductions (--axis, --keepdims, ...)\n"
        "  astype A.npy DTYPE              convert (--casting, default unsafe)\n"
        "  view A.npy EXPR                 a NumPy basic index ('::2, 1:-1'), 'transpose AXES',\n"
        "                                  'reshape SHAPE', 'broadcast SHAPE', joined with '|'\n"
        "  list [UFUNC...]                 registered ufuncs, their loops and SIMD targets\n"
        "  help [COMMAND]                  help on a command (or: COMMAND --help)\n"
        "\n",
        to);
  fputs("global options:\n"
        "  --threads N        use N threads for large operations (default 1)\n"
        "  --simd TARGET      use SIMD target TARGET (scalar, sse41, avx2, avx512, neon);\n"
        "                     an error if this CPU lacks it\n"
        "  --errstate MODE    floating-point errors: ignore, warn (NumPy's default) or raise\n"
        "                     (exit status 3); or per kind: divide=raise,over=ignore,...\n"
        "  --bench N          also time N repetitions and print ns/element and GB/s\n"
        "  --help, --version\n"
        "\n"
        "Results go to the -o files, or are printed as NumPy's repr without -o. Output files\n"
        "appear only when complete. Exit status: 0 success, 1 the operation failed, 2 bad\n"
        "command line, 3 floating-point error under --errstate raise.\n",
        to);
}

static void help_operands(void) {
  fputs("\nOPERANDS: a .npy file (any byte order, C or Fortran order), or a number, which is a\n"
        "weak scalar (NEP 50, like a Python literal: it takes the dtype of the arrays it meets,\n"
        "so 'multiply a.npy 2.5' keeps a's float32): integers (3, -7, 0x1f), floats (2.5, 1e-3,\n"
        "inf, nan), complex numbers (2j, 1+2j) and True/False. Write a file named like a number\n"
        "as ./3.\n",
        stdout);
}

static int command_help(calc *c, const struct calc_command *cmd) {
  if (cmd->kind == CMD_HELP) {
    print_usage(stdout);
    return 0;
  }
  printf("usage: " PROG " %s\n\n", cmd->synopsis);
  switch (cmd->kind) {
    case CMD_INFO:
      fputs("Print what each .npy file holds: format version, shape, dtype, byte order, memory\n"
            "order (C or F), element count and data bytes, and for numeric dtypes the minimum,\n"
            "maximum and mean with NaNs left out (numpy.nanmin, nanmax, nanmean) and the NaN\n"
            "count. --print adds the array as NumPy's repr prints it.\n", stdout);
      break;
    case CMD_LIST:
      fputs("List every ufunc registered in the context (builtin, SIMD and user-added), or the\n"
            "named ones: inputs, outputs, identity, core signature, and one line per loop with\n"
            "its operand dtypes and the implementation that serves it on this CPU ('scalar',\n"
            "or a SIMD target such as 'avx2').\n", stdout);
      break;
    case CMD_CALL:
    case CMD_UFUNC:
      fputs("Apply a ufunc (numpy.UFUNC(OPERAND, ..., out=, dtype=, casting=, where=)). Inputs\n"
            "broadcast as in NumPy. A multi-output ufunc (divmod, frexp, modf) takes one -o per\n"
            "output, in order. 'call UFUNC ...' is the same, for a ufunc whose name is also a\n"
            "command.\n\n"
            "  -o, --output FILE  write an output (repeat for each output); default: print\n"
            "  --dtype D          numpy dtype=: the dtype of the outputs and the loop\n"
            "  --casting RULE     no, equiv, safe, same_kind (default) or unsafe\n"
            "  --where MASK.npy   compute only where MASK is true (non-bool masks: non-zero);\n"
            "                     the outputs hold 0 elsewhere\n", stdout);
      help_operands();
      break;
    case CMD_REDUCE:
      fputs("numpy.UFUNC.reduce: combine elements along axes with a binary ufunc.\n\n"
            "  --axis AXES        e.g. 0 or 0,2 or -1; none (default) reduces every axis\n"
            "  --keepdims         keep reduced axes with length 1\n"
            "  --dtype D          the accumulator's dtype\n"
            "  --initial X        the starting value (a number)\n"
            "  --where MASK.npy   reduce only the elements where MASK is true\n", stdout);
      break;
    case CMD_ACCUMULATE:
      fputs("numpy.UFUNC.accumulate along one axis (default 0): running results.\n\n"
            "  --axis N           the axis\n"
            "  --dtype D          the accumulator's dtype\n", stdout);
      break;
    case CMD_STAT:
      fputs("The named reduction, as numpy's function of that name (min and max are\n"
            "numpy.min/max: NaNs propagate; argmin/argmax return int64 indices; mean of integers\n"
            "is float64; var/std divide by N - correction).\n\n"
            "  --axis AXES        e.g. 0 or 0,2 or -1 (argmin/argmax: one axis); none = every axis\n"
            "  --keepdims         keep reduced axes with length 1\n"
            "  --dtype D          the accumulator's dtype (sum, prod, mean, var, std)\n"
            "  --correction X     var/std: degrees of freedom removed (NumPy's ddof; --ddof)\n"
            "  --initial X        sum, prod, min, max: the starting value\n"
            "  --where MASK.npy   only the elements where MASK is true\n", stdout);
      break;
    case CMD_ASTYPE:
      fputs("numpy.ndarray.astype: convert to DTYPE — a name (float32, int8, complex128,\n"
            "bfloat16, double, ...) or a NumPy type string ('<f4', '>i2' for big-endian, 'c16').\n\n"
            "  --casting RULE     no, equiv, safe, same_kind or unsafe (default, as NumPy)\n", stdout);
      break;
    case CMD_VIEW:
      fputs("Take a view and write it as a new C-contiguous array. EXPR is one or more steps\n"
            "joined with '|' (arguments after A.npy are joined with spaces):\n"
            "  INDEX              NumPy basic indexing: '::2, 1:-1', '::-1', '0', '..., None'\n"
            "  transpose [AXES]   permute axes (numpy.transpose); no AXES reverses them\n"
            "  reshape SHAPE      e.g. 'reshape 3,-1' (a copy when strides cannot express it)\n"
            "  broadcast SHAPE    numpy.broadcast_to\n"
            "example: " PROG " view a.npy '::2, 1:-1 | transpose | reshape -1' -o b.npy\n", stdout);
      break;
    default: break;
  }
  if (c && c->ctx && cmd->kind == CMD_UFUNC && c->command_word) {
    int32_t id = -1;
    ndarr_ufunc_info info;
    if (ndarr_ufunc_find(c->ctx, c->command_word, &id) == NDARR_OK &&
        ndarr_ufunc_get_info(c->ctx, id, &info) == NDARR_OK) {
      fputs("\n", stdout);
      list_ufunc(c->ctx, id, &info);
    }
  }
  return 0;
}

static const struct calc_command *find_command(const char *name) {
  for (int i = 0; i < NCOMMANDS; i++)
    if (strcmp(COMMANDS[i].name, name) == 0) return &COMMANDS[i];
  return NULL;
}

/* ---- main ----------------------------------------------------------------------------------- */

/* Split argv into options and positionals. Returns 0 or an exit status. */
static int parse_args(calc *c, int argc, char **argv) {
  int end_opts = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (end_opts || a[0] != '-' || a[1] == '\0' || negative_number_like(a)) {
      if (!c->command_word) c->command_word = a;
      else c->pos[c->npos++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      end_opts = 1;
      continue;
    }
    int o = -1;
    const char *value = NULL;
    char name[64];
    if (a[1] == '-') {
      const char *eq = strchr(a, '=');
      size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      if (n >= sizeof name) n = sizeof name - 1;
      memcpy(name, a + 2, n);
      name[n] = '\0';
      for (int k = 0; k < OPT_COUNT; k++)
        if (strcmp(OPTIONS[k].name, name) == 0 || (OPTIONS[k].alias && strcmp(OPTIONS[k].alias, name) == 0))
          o = k;
      if (o < 0) return fail(c, EXIT_USAGE, "unknown option '%s' (try --help)", a);
      if (eq) {
        if (!OPTIONS[o].has_value) return fail(c, EXIT_USAGE, "option --%s takes no value", name);
        value = eq + 1;
      }
    } else {
      for (int k = 0; k < OPT_COUNT; k++)
        if (OPTIONS[k].short_name && OPTIONS[k].short_name == a[1]) o = k;
      if (o < 0) return fail(c, EXIT_USAGE, "unknown option '%s' (try --help)", a);
      snprintf(name, sizeof name, "%s", OPTIONS[o].name);
      if (a[2]) {
        if (!OPTIONS[o].has_value) return fail(c, EXIT_USAGE, "unknown option '%s' (try --help)", a);
        value = a + 2; /* -oFILE */
      }
    }
    if (OPTIONS[o].has_value && !value) {
      if (i + 1 >= argc)
        return fail(c, EXIT_USAGE, "option %s needs a value (%s)", a, OPTIONS[o].what);
      value = argv[++i];
    }
    if (o == OPT_OUT) {
      if (c->nouts >= MAX_OUTS) return fail(c, EXIT_USAGE, "too many -o options");
      c->outs[c->nouts++] = value;
    } else if (c->given[o] && OPTIONS[o].has_value) {
      return fail(c, EXIT_USAGE, "option --%s given twice", OPTIONS[o].name);
    }
    c->given[o]++;
    c->val[o] = value;
  }
  return 0;
}

/* Options the command does not take are an error (the global ones are always fine). */
static int check_options(calc *c, const struct calc_command *cmd) {
  unsigned ok = cmd->opts | GLOBAL_OPTS;
  for (int o = 0; o < OPT_COUNT; o++)
    if (c->given[o] && !(ok & OPTBIT(o)))
      return fail(c, EXIT_USAGE, "option --%s does not apply to '%s' (see '" PROG " help %s')",
                  OPTIONS[o].name, c->command_word,
                  cmd->kind == CMD_UFUNC ? c->command_word : cmd->name);
  return 0;
}

/* --simd: check the target against this CPU first (for a clear message). With SIMD kernels
 * compiled in (CALC_SIMD_KERNELS), the target is then forced through
 * ndarr_ctx_options.simd_target; without them the context has only the builtin loops and the
 * option only checks that the target could run here. `list` shows what serves each loop. */
static int check_simd(calc *c, const char *name) {
  ndarr_simd_target t;
  if (ndarr_simd_target_from_name(name, &t) != NDARR_OK)
    return fail(c, EXIT_USAGE, "--simd '%s': unknown target (scalar, sse41, avx2, avx512, neon)",
                name);
  ndarr_cpu_features f;
  ndarr_cpu_detect(&f);
  if (!ndarr_simd_target_supported(&f, t))
    return fail(c, EXIT_FAIL, "--simd %s: this CPU lacks %s (its best target is %s)", name,
                ndarr_simd_target_name(t), ndarr_simd_target_name(ndarr_simd_best_target(&f)));
  return 0;
}

static int run(calc *c, int argc, char **argv) {
  int rc = parse_args(c, argc, argv);
  if (rc) return rc;
  if (c->given[OPT_VERSION] && !c->command_word) {
    printf(PROG " %s\n", NDARR_VERSION_STRING);
    return 0;
  }
  if (!c->command_word) {
    if (c->given[OPT_HELP]) {
      print_usage(stdout);
      return 0;
    }
    return fail(c, EXIT_USAGE, "no command given (try '" PROG " --help')");
  }
  const struct calc_command *cmd = find_command(c->command_word);
  int is_call = cmd && cmd->kind == CMD_CALL;
  c->what = cmd ? cmd->name : c->command_word;

  /* the context, with the global options */
  ndarr_ctx_options copts;
  ndarr_ctx_options_init(&copts);
  if (c->val[OPT_THREADS]) {
    long n = 0;
    if (parse_count(c->val[OPT_THREADS], 1024, &n) != 0)
      return fail(c, EXIT_USAGE, "--threads '%s': expected a number of threads from 1 to 1024",
                  c->val[OPT_THREADS]);
    copts.nthreads = (int32_t)n;
  }
  if (c->val[OPT_BENCH] && parse_count(c->val[OPT_BENCH], 1000000000L, &c->bench) != 0)
    return fail(c, EXIT_USAGE, "--bench '%s': expected a number of repetitions from 1 to 10^9",
                c->val[OPT_BENCH]);
  if (c->val[OPT_SIMD] && (rc = check_simd(c, c->val[OPT_SIMD])) != 0) return rc;
  ndarr_errstate es;
  ndarr_errstate_init(&es);
  if (c->val[OPT_ERRSTATE] && (rc = parse_errstate(c, c->val[OPT_ERRSTATE], &es)) != 0) return rc;
  ndarr_errstate_init(&c->quiet);
  ndarr_errstate_set_all(&c->quiet, NDARR_ERR_IGNORE);
#if CALC_SIMD_KERNELS
  copts.simd_install = ndarr_simd_install;
  copts.simd_target = c->val[OPT_SIMD]; /* NULL: $NDARR_SIMD_TARGET, else the best here */
#endif
  ndarr_status st = ndarr_ctx_create(&c->ctx, &copts);
  if (st != NDARR_OK) {
    const char *env = getenv("NDARR_SIMD_TARGET");
    const char *name = c->val[OPT_SIMD] ? c->val[OPT_SIMD] : env;
    if (CALC_SIMD_KERNELS && name && *name) {
      ndarr_simd_target t;
      ndarr_cpu_features f;
      const char *why = "this ndarr-calc was not compiled for it";
      ndarr_cpu_detect(&f);
      if (ndarr_simd_target_from_name(name, &t) != NDARR_OK) why = "unknown target";
      else if (!ndarr_simd_target_supported(&f, t)) why = "this CPU lacks it";
      return fail(c, EXIT_FAIL, "cannot create the ndarr context with SIMD target '%s'%s: %s",
                  name, c->val[OPT_SIMD] ? "" : " (from NDARR_SIMD_TARGET)", why);
    }
    return fail(c, EXIT_FAIL, "cannot create the ndarr context: %s", ndarr_status_str(st));
  }
#ifdef NDARR_CALC_EXTENSION
  st = ndarr_calc_extend(c->ctx);
  if (st != NDARR_OK) return fail_lib(c, st, "extension");
#endif
  if ((st = ndarr_ctx_set_errstate(c->ctx, &es)) != NDARR_OK) return fail_lib(c, st, "--errstate");

  if (is_call) { /* call UFUNC ARGS: shift the ufunc name into the command word */
    if (c->npos < 1) {
      if (c->given[OPT_HELP]) return command_help(c, cmd);
      return fail(c, EXIT_USAGE, "expected a ufunc name (see '" PROG " help call')");
    }
    c->command_word = c->pos[0];
    c->pos++;
    c->npos--;
    cmd = &UFUNC_COMMAND;
  }
  if (!cmd) {
    int32_t id = -1;
    if (ndarr_ufunc_find(c->ctx, c->command_word, &id) != NDARR_OK) {
      c->what = NULL;
      return fail(c, EXIT_USAGE, "'%s' is neither a command nor a ufunc (see '" PROG " --help' "
                  "and '" PROG " list')", c->command_word);
    }
    cmd = &UFUNC_COMMAND;
  }
  if (c->given[OPT_HELP]) return command_help(c, cmd);
  if ((rc = check_options(c, cmd)) != 0) return rc;
  switch (cmd->kind) {
    case CMD_HELP: {
      const struct calc_command *h = c->npos ? find_command(c->pos[0]) : NULL;
      if (!c->npos) {
        print_usage(stdout);
        return 0;
      }
      if (h) return command_help(c, h);
      int32_t id = -1;
      if (ndarr_ufunc_find(c->ctx, c->pos[0], &id) == NDARR_OK) {
        c->command_word = c->pos[0];
        return command_help(c, &UFUNC_COMMAND);
      }
      return fail(c, EXIT_USAGE, "no command or ufunc named '%s'", c->pos[0]);
    }
    case CMD_INFO: return cmd_info(c);
    case CMD_LIST: return cmd_list(c);
    case CMD_REDUCE:
    case CMD_ACCUMULATE:
    case CMD_STAT: return cmd_reduction(c, cmd);
    case CMD_ASTYPE: return cmd_astype(c);
    case CMD_VIEW: return cmd_view(c);
    default: return cmd_ufunc(c, c->command_word);
  }
}

int main(int argc, char **argv) {
  calc c;
  memset(&c, 0, sizeof c);
  c.pos = (const char **)malloc((size_t)(argc > 0 ? argc : 1) * sizeof *c.pos);
  if (!c.pos) {
    fputs(PROG ": out of memory\n", stderr);
    return EXIT_FAIL;
  }
  const char **pos_base = c.pos;
  int rc = run(&c, argc, argv);
  if (fflush(stdout) != 0 && rc == 0) rc = fail(NULL, EXIT_FAIL, "cannot write to stdout");
  ndarr_ctx_destroy(c.ctx);
  free((void *)pos_base);
  return rc;
}
