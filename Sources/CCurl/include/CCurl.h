#ifndef FTSWEEP_CCURL_H
#define FTSWEEP_CCURL_H
/* libcurl, loaded on first use (dlopen) rather than at process start: its dependency chain (TLS,
 * Kerberos, LDAP, SSH) runs about 7 ms of library constructors, which every command would pay,
 * including the many that never speak HTTP. Types and constants come from libcurl's own header. */
#include <curl/curl.h>

/* Loads libcurl once; NULL when loaded, else why it could not be (for the error message). */
const char *ftsweep_curl_load(void);

CURLcode ftsweep_curl_global_init(long flags);
CURL *ftsweep_curl_easy_init(void);
void ftsweep_curl_easy_cleanup(CURL *handle);
void ftsweep_curl_easy_reset(CURL *handle);
CURLcode ftsweep_curl_easy_perform(CURL *handle);
const char *ftsweep_curl_easy_strerror(CURLcode code);
struct curl_slist *ftsweep_curl_slist_append(struct curl_slist *list, const char *text);
void ftsweep_curl_slist_free_all(struct curl_slist *list);
curl_mime *ftsweep_curl_mime_init(CURL *handle);
void ftsweep_curl_mime_free(curl_mime *mime);
curl_mimepart *ftsweep_curl_mime_addpart(curl_mime *mime);
CURLcode ftsweep_curl_mime_name(curl_mimepart *part, const char *name);
CURLcode ftsweep_curl_mime_data(curl_mimepart *part, const char *data, size_t size);
CURLcode ftsweep_curl_mime_filedata(curl_mimepart *part, const char *path);
CURLcode ftsweep_curl_mime_filename(curl_mimepart *part, const char *name);
CURLcode ftsweep_curl_mime_type(curl_mimepart *part, const char *type);

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers. */
typedef size_t (*ftsweep_curl_data_callback)(char *, size_t, size_t, void *);
CURLcode ftsweep_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ftsweep_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ftsweep_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ftsweep_curl_setopt_callback(CURL *handle, CURLoption option, ftsweep_curl_data_callback callback);
CURLcode ftsweep_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
