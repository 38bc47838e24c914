// tiktoken's BPE rank files (MIT, see ranks/LICENSE-tiktoken), included byte for byte.
// The assembler finds them through the target's header search path `ranks` (Package.swift).
    .section .rodata.ftsweep_ranks, "a"
    .p2align 4
    .globl ftsweep_o200k_base_start
ftsweep_o200k_base_start:
    .incbin "o200k_base.tiktoken"
    .globl ftsweep_o200k_base_end
ftsweep_o200k_base_end:
    .p2align 4
    .globl ftsweep_cl100k_base_start
ftsweep_cl100k_base_start:
    .incbin "cl100k_base.tiktoken"
    .globl ftsweep_cl100k_base_end
ftsweep_cl100k_base_end:
    .section .note.GNU-stack, "", @progbits
