#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers. */
static inline CURLcode ftsweep_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ftsweep_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ftsweep_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*ftsweep_curl_data_callback)(char *, size_t, size_t, void *);
static inline CURLcode ftsweep_curl_setopt_callback(CURL *h, CURLoption o, ftsweep_curl_data_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode ftsweep_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
