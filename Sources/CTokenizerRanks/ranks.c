#include "CTokenizerRanks.h"

extern const uint8_t ftsweep_o200k_base_start[], ftsweep_o200k_base_end[];
extern const uint8_t ftsweep_cl100k_base_start[], ftsweep_cl100k_base_end[];

const uint8_t *ftsweep_o200k_base_bytes(size_t *count) {
    *count = (size_t)(ftsweep_o200k_base_end - ftsweep_o200k_base_start);
    return ftsweep_o200k_base_start;
}

const uint8_t *ftsweep_cl100k_base_bytes(size_t *count) {
    *count = (size_t)(ftsweep_cl100k_base_end - ftsweep_cl100k_base_start);
    return ftsweep_cl100k_base_start;
}
