#ifndef FTSWEEP_CTOKENIZERRANKS_H
#define FTSWEEP_CTOKENIZERRANKS_H

#include <stddef.h>
#include <stdint.h>

/// tiktoken's rank files, linked into the binary (`ranks.S`). The bytes sit in read-only pages that
/// are touched only when an encoding is loaded, so a command that counts no tokens pays nothing.
const uint8_t *ftsweep_o200k_base_bytes(size_t *count);
const uint8_t *ftsweep_cl100k_base_bytes(size_t *count);

#endif
