package dev.nativepack.core.resolve;

import java.io.IOException;

/** An ld.so.cache file whose content does not follow the format glibc's ldconfig writes. */
public final class LdSoCacheFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public LdSoCacheFormatException(String file, String field, long offset, String problem) {
        super(file + ": " + field + " at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + problem);
    }
}
