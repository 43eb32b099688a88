package dev.nativepack.elf.strip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A section name table: a leading NUL, then each distinct name once, a name that ends another
 * (".plt" in ".rela.plt") sharing its tail as binutils does.
 */
final class StringTable {
    private final byte[] bytes;
    private final Map<String, Integer> offsets;

    private StringTable(byte[] bytes, Map<String, Integer> offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
    }

    static StringTable of(List<String> names) {
        // Reversed names in descending order: a name that is the tail of another directly follows
        // the smallest such other name.
        TreeSet<String> reversed = new TreeSet<>();
        for (String name : names) {
            if (!name.isEmpty()) {
                reversed.add(new StringBuilder(name).reverse().toString());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        Map<String, Integer> offsets = new HashMap<>();
        offsets.put("", 0);
        String previous = null;
        int previousOffset = 0;
        int previousLength = 0;
        for (String r : new ArrayList<>(reversed.descendingSet())) {
            String name = new StringBuilder(r).reverse().toString();
            byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
            if (previous != null && previous.startsWith(r)) {
                offsets.put(name, previousOffset + previousLength - encoded.length);
                continue;
            }
            previous = r;
            previousOffset = out.size();
            previousLength = encoded.length;
            offsets.put(name, previousOffset);
            out.writeBytes(encoded);
            out.write(0);
        }
        return new StringTable(out.toByteArray(), offsets);
    }

    int offsetOf(String name) {
        Integer offset = offsets.get(name);
        if (offset == null) {
            throw new IllegalArgumentException("not in the table: " + name);
        }
        return offset;
    }

    byte[] toByteArray() {
        return bytes.clone();
    }
}
