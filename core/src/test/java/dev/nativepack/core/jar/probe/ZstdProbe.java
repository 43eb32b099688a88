package dev.nativepack.core.jar.probe;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Compresses and decompresses through zstd-jni's JNI library. */
public final class ZstdProbe {
    private ZstdProbe() {
    }

    public static void main(String[] args) {
        byte[] data = "nativepack ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] packed = Zstd.compress(data);
        byte[] back = Zstd.decompress(packed, data.length);
        if (!Arrays.equals(data, back)) {
            throw new AssertionError("round trip differs");
        }
        System.out.println("OK " + data.length + " -> " + packed.length + " bytes");
    }
}
