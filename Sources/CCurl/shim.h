// Typed shims over libcurl for Swift.
//
// curl_easy_setopt, curl_multi_setopt and curl_easy_getinfo are C variadic functions, which
// Swift cannot call; each shim below fixes one argument type. A few macros Swift cannot import
// (CURL_GLOBAL_ALL, SIG_IGN) are wrapped too. Keep this header small: one line of logic per shim.
#ifndef DESKBRIDGE_CCURL_SHIM_H
#define DESKBRIDGE_CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

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

/// CURLMOPT_SOCKETFUNCTION: libcurl says which socket to watch for what (CURL_POLL_*).
typedef int (*deskbridge_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *context, void *socket_context);
/// CURLMOPT_TIMERFUNCTION: libcurl asks to be called back after `timeout_ms` (-1: never).
typedef int (*deskbridge_timer_callback)(CURLM *multi, long timeout_ms, void *context);

static inline CURLMcode deskbridge_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}
static inline CURLMcode deskbridge_multi_setopt_socket_callback(CURLM *multi, deskbridge_socket_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}
static inline CURLMcode deskbridge_multi_setopt_timer_callback(CURLM *multi, deskbridge_timer_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}

// MARK: epoll and eventfd (Linux), for libcurl's socket interface

static inline int deskbridge_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

/// Watches `fd` as libcurl wishes (CURL_POLL_IN/OUT/INOUT): modifies the registration, or adds
/// it when the descriptor is new (or was closed and its number reused). Returns 0 or -1.
static inline int deskbridge_epoll_watch(int epoll, int fd, int what) {
    struct epoll_event event = {0};
    event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
    event.data.fd = fd;
    if (epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event) == 0) { return 0; }
    if (errno != ENOENT) { return -1; }
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

/// Stops watching `fd`; an already closed descriptor is not an error worth reporting.
static inline void deskbridge_epoll_unwatch(int epoll, int fd) {
    (void)epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
}

/// Waits up to `timeout_ms` and writes each ready descriptor with libcurl's CURL_CSELECT_* flags.
/// Returns how many are ready (0 when interrupted by a signal), or -1.
static inline int deskbridge_epoll_wait(int epoll, int *fds, int *flags, int capacity, int timeout_ms) {
    struct epoll_event events[256];
    if (capacity > 256) { capacity = 256; }
    int count = epoll_wait(epoll, events, capacity, timeout_ms);
    if (count < 0) { return errno == EINTR ? 0 : -1; }
    for (int index = 0; index < count; index++) {
        uint32_t ready = events[index].events;
        fds[index] = events[index].data.fd;
        flags[index] = ((ready & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) ? CURL_CSELECT_IN : 0)
            | ((ready & EPOLLOUT) ? CURL_CSELECT_OUT : 0)
            | ((ready & EPOLLERR) ? CURL_CSELECT_ERR : 0);
    }
    return count;
}

/// A non-blocking eventfd: any thread writes to it to wake the curl thread out of epoll_wait.
static inline int deskbridge_eventfd_create(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}
static inline void deskbridge_eventfd_signal(int fd) {
    uint64_t one = 1;
    ssize_t written = write(fd, &one, sizeof(one));
    (void)written;  // a full counter (EAGAIN) still wakes the reader
}
static inline void deskbridge_eventfd_drain(int fd) {
    uint64_t value = 0;
    ssize_t got = read(fd, &value, sizeof(value));
    (void)got;
}

// MARK: share handle

/// One mutex per kind of shared data, handed to libcurl's lock callbacks through USERDATA.
typedef struct deskbridge_share_locks {
    pthread_mutex_t mutexes[CURL_LOCK_DATA_LAST];
} deskbridge_share_locks;

static inline void deskbridge_share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *context) {
    (void)handle; (void)access;
    if (context != NULL && data >= 0 && data < CURL_LOCK_DATA_LAST) {
        pthread_mutex_lock(&((deskbridge_share_locks *)context)->mutexes[data]);
    }
}

static inline void deskbridge_share_unlock(CURL *handle, curl_lock_data data, void *context) {
    (void)handle;
    if (context != NULL && data >= 0 && data < CURL_LOCK_DATA_LAST) {
        pthread_mutex_unlock(&((deskbridge_share_locks *)context)->mutexes[data]);
    }
}

/// A share handle for TLS sessions and the DNS cache, with real lock callbacks (uncontended while
/// one thread uses it, and correct should that ever change). NULL when libcurl refuses.
static inline CURLSH *deskbridge_share_create(deskbridge_share_locks **locks_out) {
    *locks_out = NULL;
    deskbridge_share_locks *locks = malloc(sizeof(deskbridge_share_locks));
    if (locks == NULL) { return NULL; }
    for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) { pthread_mutex_init(&locks->mutexes[index], NULL); }
    CURLSH *share = curl_share_init();
    if (share == NULL
        || curl_share_setopt(share, CURLSHOPT_LOCKFUNC, deskbridge_share_lock) != CURLSHE_OK
        || curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, deskbridge_share_unlock) != CURLSHE_OK
        || curl_share_setopt(share, CURLSHOPT_USERDATA, locks) != CURLSHE_OK
        || curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK
        || curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK) {
        if (share != NULL) { curl_share_cleanup(share); }
        for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) { pthread_mutex_destroy(&locks->mutexes[index]); }
        free(locks);
        return NULL;
    }
    *locks_out = locks;
    return share;
}

/// Frees the share handle (no easy handle may still use it) and then its locks.
static inline void deskbridge_share_destroy(CURLSH *share, deskbridge_share_locks *locks) {
    if (share != NULL) { curl_share_cleanup(share); }
    if (locks != NULL) {
        for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) { pthread_mutex_destroy(&locks->mutexes[index]); }
        free(locks);
    }
}

static inline CURLcode deskbridge_easy_setopt_share(CURL *handle, CURLSH *share) {
    return curl_easy_setopt(handle, CURLOPT_SHARE, share);
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
