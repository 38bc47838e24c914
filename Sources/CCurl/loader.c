#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* Every libcurl function ftsweep calls, resolved from the library at first use. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    curl_mime *(*mime_init)(CURL *);
    void (*mime_free)(curl_mime *);
    curl_mimepart *(*mime_addpart)(curl_mime *);
    CURLcode (*mime_name)(curl_mimepart *, const char *);
    CURLcode (*mime_data)(curl_mimepart *, const char *, size_t);
    CURLcode (*mime_filedata)(curl_mimepart *, const char *);
    CURLcode (*mime_filename)(curl_mimepart *, const char *);
    CURLcode (*mime_type)(curl_mimepart *, const char *);
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure = "libcurl was not loaded";

#define RESOLVE(field, symbol) \
    if (!(*(void **)&curl.field = dlsym(library, symbol))) { failure = "libcurl lacks " symbol; return; }

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) { failure = "cannot load libcurl.so.4 (install libcurl4)"; return; }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_reset, "curl_easy_reset")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(easy_getinfo, "curl_easy_getinfo")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
    RESOLVE(mime_init, "curl_mime_init")
    RESOLVE(mime_free, "curl_mime_free")
    RESOLVE(mime_addpart, "curl_mime_addpart")
    RESOLVE(mime_name, "curl_mime_name")
    RESOLVE(mime_data, "curl_mime_data")
    RESOLVE(mime_filedata, "curl_mime_filedata")
    RESOLVE(mime_filename, "curl_mime_filename")
    RESOLVE(mime_type, "curl_mime_type")
    failure = NULL;
}

const char *ftsweep_curl_load(void) {
    pthread_once(&once, load);
    return failure;
}

/* Callers load first (`ftsweep_curl_load`), so the pointers below are set. */
CURLcode ftsweep_curl_global_init(long flags) { return curl.global_init(flags); }
CURL *ftsweep_curl_easy_init(void) { return curl.easy_init(); }
void ftsweep_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
void ftsweep_curl_easy_reset(CURL *handle) { curl.easy_reset(handle); }
CURLcode ftsweep_curl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *ftsweep_curl_easy_strerror(CURLcode code) { return curl.easy_strerror(code); }
struct curl_slist *ftsweep_curl_slist_append(struct curl_slist *list, const char *text) { return curl.slist_append(list, text); }
void ftsweep_curl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }
curl_mime *ftsweep_curl_mime_init(CURL *handle) { return curl.mime_init(handle); }
void ftsweep_curl_mime_free(curl_mime *mime) { curl.mime_free(mime); }
curl_mimepart *ftsweep_curl_mime_addpart(curl_mime *mime) { return curl.mime_addpart(mime); }
CURLcode ftsweep_curl_mime_name(curl_mimepart *part, const char *name) { return curl.mime_name(part, name); }
CURLcode ftsweep_curl_mime_data(curl_mimepart *part, const char *data, size_t size) { return curl.mime_data(part, data, size); }
CURLcode ftsweep_curl_mime_filedata(curl_mimepart *part, const char *path) { return curl.mime_filedata(part, path); }
CURLcode ftsweep_curl_mime_filename(curl_mimepart *part, const char *name) { return curl.mime_filename(part, name); }
CURLcode ftsweep_curl_mime_type(curl_mimepart *part, const char *type) { return curl.mime_type(part, type); }
CURLcode ftsweep_curl_setopt_long(CURL *handle, CURLoption option, long value) { return curl.easy_setopt(handle, option, value); }
CURLcode ftsweep_curl_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl.easy_setopt(handle, option, value); }
CURLcode ftsweep_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl.easy_setopt(handle, option, value); }
CURLcode ftsweep_curl_setopt_callback(CURL *handle, CURLoption option, ftsweep_curl_data_callback callback) {
    return curl.easy_setopt(handle, option, callback);
}
CURLcode ftsweep_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl.easy_getinfo(handle, info, value); }
