// Typed shims over libcurl for Swift.
//
// curl_easy_setopt, curl_multi_setopt and curl_easy_getinfo are C variadic functions, which
// Swift cannot call; each shim below fixes one argument type. A few macros Swift cannot import
// (CURL_GLOBAL_ALL, SIG_IGN) are wrapped too. Keep this header small: one line of logic per shim.
#ifndef DESKBRIDGE_CCURL_SHIM_H
#define DESKBRIDGE_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>

/// The body/header callback shape (CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION).
typedef size_t (*deskbridge_data_callback)(char *data, size_t size, size_t count, void *context);

// MARK: easy handle options

static inline CURLcode deskbridge_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
/// Strings are copied by libcurl (since 7.17), so the caller's buffer may go away afterwards.
static inline CURLcode deskbridge_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
/// Pointers are NOT copied: the pointee must outlive the transfer (e.g. POSTFIELDS, PRIVATE).
static inline CURLcode deskbridge_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode deskbridge_easy_setopt_off_t(CURL *handle, CURLoption option, int64_t value) {
    return curl_easy_setopt(handle, option, (curl_off_t)value);
}
static inline CURLcode deskbridge_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}
static inline CURLcode deskbridge_easy_setopt_write_callback(CURL *handle, deskbridge_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode deskbridge_easy_setopt_header_callback(CURL *handle, deskbridge_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

// MARK: multi handle options

static inline CURLMcode deskbridge_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

// MARK: transfer information

static inline CURLcode deskbridge_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode deskbridge_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode deskbridge_easy_getinfo_off_t(CURL *handle, CURLINFO info, int64_t *value) {
    curl_off_t result = 0;
    CURLcode code = curl_easy_getinfo(handle, info, &result);
    *value = (int64_t)result;
    return code;
}
static inline CURLcode deskbridge_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode deskbridge_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    char *result = NULL;
    CURLcode code = curl_easy_getinfo(handle, info, &result);
    *value = result;
    return code;
}

// MARK: process-wide set-up

/// CURL_GLOBAL_ALL is a macro expression Swift does not import.
static inline CURLcode deskbridge_global_init_all(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

/// SIG_IGN is a cast macro Swift does not import. With CURLOPT_NOSIGNAL set, curl no longer
/// ignores SIGPIPE itself, so a write on a peer-closed socket would kill the process.
static inline void deskbridge_ignore_sigpipe(void) {
    signal(SIGPIPE, SIG_IGN);
}

/// Calls OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL) when libcurl's OpenSSL is loaded, so
/// OpenSSL's atexit handler cannot race Swift's teardown at exit. The symbol is looked up at run
/// time in the already-loaded libcrypto (a dependency of libcurl4) rather than linked, because the
/// libssl-dev headers and link symlinks are not guaranteed on the build machine.
/// Returns 1 when OpenSSL was found and initialised, 0 otherwise.
static inline int deskbridge_openssl_init_no_atexit(void) {
    typedef int (*init_crypto_fn)(uint64_t options, const void *settings);
    void *process = dlopen(NULL, RTLD_LAZY);
    if (process == NULL) { return 0; }
    init_crypto_fn init_crypto = (init_crypto_fn)dlsym(process, "OPENSSL_init_crypto");
    int initialised = (init_crypto != NULL) && init_crypto(0x00080000UL /* OPENSSL_INIT_NO_ATEXIT */, NULL);
    dlclose(process);
    return initialised;
}

#endif
