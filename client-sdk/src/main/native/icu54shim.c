/*
 * ICU 54 shim for Couchbase Lite Java 3.0.0 on Linux x86_64.
 *
 * libLiteCore.so is linked against libicuuc.so.54, libicui18n.so.54 and libicudata.so.54, which
 * current distributions do not ship. It uses only eight ICU functions. This file is compiled into
 * three tiny libraries with those SONAMEs (see build-icu-shim.sh); each exports the `_54` names
 * and forwards them to whatever ICU the system has, found at run time with dlopen/dlsym, so the
 * built shim does not depend on the build machine's ICU version.
 *
 * The ICU C API keeps its ABI across versions for these functions (opaque handles, int32 lengths,
 * int enums), which is what makes forwarding sound.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(SHIM_UC) || defined(SHIM_I18N)

static void *icu_handle(const char *base) {
  char name[64];
  void *h;
  for (int v = 90; v >= 50; v--) {
    snprintf(name, sizeof name, "lib%s.so.%d", base, v);
    h = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
    if (h) return h;
  }
  snprintf(name, sizeof name, "lib%s.so", base);
  return dlopen(name, RTLD_NOW | RTLD_GLOBAL);
}

/* Finds `name` with the system ICU's version suffix, or unsuffixed (ICU built with
 * --disable-renaming). Aborts with a clear message rather than crash later. */
static void *icu_symbol(const char *base, const char *name) {
  static void *handles[2];
  int idx = base[3] == 'u' ? 0 : 1; /* "icuuc" vs "icui18n" */
  if (!handles[idx]) handles[idx] = icu_handle(base);
  if (!handles[idx]) {
    fprintf(stderr, "fieldsync icu54 shim: no system lib%s.so found (install libicu)\n", base);
    abort();
  }
  char sym[128];
  for (int v = 90; v >= 50; v--) {
    snprintf(sym, sizeof sym, "%s_%d", name, v);
    void *p = dlsym(handles[idx], sym);
    if (p) return p;
  }
  void *p = dlsym(handles[idx], name);
  if (!p) {
    fprintf(stderr, "fieldsync icu54 shim: lib%s has no symbol %s\n", base, name);
    abort();
  }
  return p;
}

#define FORWARD(base, ret, name, params, args)                    \
  ret name##_54 params {                                          \
    static ret(*fn) params;                                       \
    if (!fn) fn = (ret(*) params)icu_symbol(base, #name);         \
    return fn args;                                               \
  }
#define FORWARD_VOID(base, name, params, args)                    \
  void name##_54 params {                                         \
    static void(*fn) params;                                      \
    if (!fn) fn = (void(*) params)icu_symbol(base, #name);        \
    fn args;                                                      \
  }
#endif

#ifdef SHIM_UC
FORWARD("icuuc", void *, ucasemap_open, (const char *locale, uint32_t options, int *err),
        (locale, options, err))
FORWARD_VOID("icuuc", ucasemap_close, (void *csm), (csm))
FORWARD("icuuc", int32_t, ucasemap_utf8ToLower,
        (const void *csm, char *dest, int32_t cap, const char *src, int32_t len, int *err),
        (csm, dest, cap, src, len, err))
FORWARD("icuuc", int32_t, ucasemap_utf8ToUpper,
        (const void *csm, char *dest, int32_t cap, const char *src, int32_t len, int *err),
        (csm, dest, cap, src, len, err))
#endif

#ifdef SHIM_I18N
FORWARD("icui18n", void *, ucol_open, (const char *loc, int *err), (loc, err))
FORWARD_VOID("icui18n", ucol_close, (void *coll), (coll))
FORWARD_VOID("icui18n", ucol_setAttribute, (void *coll, int attr, int value, int *err),
             (coll, attr, value, err))
FORWARD("icui18n", int, ucol_strcollUTF8,
        (const void *coll, const char *s, int32_t slen, const char *t, int32_t tlen, int *err),
        (coll, s, slen, t, tlen, err))
#endif

#ifdef SHIM_DATA
/* libicudata.so.54 only has to exist; ICU's data comes with the system libraries. */
int fieldsync_icudata54_shim = 1;
#endif
