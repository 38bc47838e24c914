#include <sqlite3.h>

// statfs(2), for the filesystem type under a ledger (WAL is unsafe on network filesystems); Glibc's
// Swift module does not export it.
#if defined(__linux__)
#include <sys/vfs.h>
#else
#include <sys/mount.h>
#endif
