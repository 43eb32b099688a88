package dev.nativepack.core.jar;

/** The bytes of a file that may be a native, read only as far as identifying it needs. */
interface NativeSource {
    /** The whole file's size. */
    long size();

    /** At least the first {@code n} bytes, fewer only when the file is shorter. */
    byte[] upTo(long n) throws JarInputException;

    static NativeSource of(byte[] bytes) {
        return new NativeSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public byte[] upTo(long n) {
                return bytes;
            }
        };
    }
}
