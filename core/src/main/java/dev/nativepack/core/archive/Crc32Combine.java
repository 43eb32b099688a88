package dev.nativepack.core.archive;

/**
 * The CRC-32 of two concatenated pieces from the CRC-32 of each and the second one's length,
 * as zlib's {@code crc32_combine} computes it (multiplication modulo the CRC polynomial), so
 * that an entry compressed in pieces on several threads is read only once.
 */
final class Crc32Combine {
    /** The reflected CRC-32 polynomial. */
    private static final int POLY = 0xEDB88320;
    /** x^(2^n) modulo the polynomial, for n = 0..31. */
    private static final int[] X2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        X2N[0] = p;
        for (int n = 1; n < 32; n++) {
            p = multModP(p, p);
            X2N[n] = p;
        }
    }

    private Crc32Combine() {
    }

    /** The CRC-32 of A followed by B, given crc(A), crc(B) and B's length in bytes. */
    static int combine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        return multModP(x2nModP(lengthB, 3), crcA) ^ crcB;
    }

    /** a times b modulo the polynomial; a must not be zero. */
    private static int multModP(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        for (;;) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return p;
    }

    /** x^(n * 2^k) modulo the polynomial. */
    private static int x2nModP(long n, int k) {
        int p = 1 << 31; // x^0
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multModP(X2N[k & 31], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }
}
