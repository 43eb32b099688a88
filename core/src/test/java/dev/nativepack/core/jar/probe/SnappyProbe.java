package dev.nativepack.core.jar.probe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.xerial.snappy.Snappy;

/** Compresses and decompresses through snappy-java's JNI library. */
public final class SnappyProbe {
    private SnappyProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = "nativepack ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] packed = Snappy.compress(data);
        if (!Arrays.equals(data, Snappy.uncompress(packed))) {
            throw new AssertionError("round trip differs");
        }
        System.out.println("OK " + data.length + " -> " + packed.length + " bytes");
    }
}
