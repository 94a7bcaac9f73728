"""Print the NumPy SIMD features to switch off for `make test-numeric` (space-separated).

The widest dispatched kernels this CPU has (AVX-512, then AVX2/FMA3) are switched off, so the
second run takes code paths an older CPU would; on a CPU without them nothing is listed.
"""

from numpy._core._multiarray_umath import __cpu_features__ as features

WIDE = ("AVX512F", "AVX512CD", "AVX512VPOPCNTDQ", "AVX512VL", "AVX512BW", "AVX512DQ",
        "AVX512VNNI", "AVX512IFMA", "AVX512VBMI", "AVX512VBMI2", "AVX512BITALG", "AVX512BF16",
        "AVX512FP16", "AVX512_SKX", "AVX512_CLX", "AVX512_CNL", "AVX512_ICL", "AVX512_SPR",
        "X86_V4", "AVX2", "FMA3", "X86_V3", "ASIMDHP", "ASIMDDP", "ASIMDFHM", "SVE")

print(" ".join(name for name in WIDE if features.get(name)))
