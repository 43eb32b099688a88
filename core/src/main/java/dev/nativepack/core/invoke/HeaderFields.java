package dev.nativepack.core.invoke;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP header fields in the order and letter case they were given. Names are compared without
 * regard to case, as HTTP requires; they are written back exactly as set, so a reply carries
 * {@code Lambda-Runtime-Aws-Request-Id} as Lambda spells it, for runtimes that match names exactly.
 */
final class HeaderFields {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** The first value of {@code name}, or null. */
    String first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Every value of {@code name}, in order. */
    List<String> all(String name) {
        List<String> found = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                found.add(values.get(i));
            }
        }
        return found;
    }

    boolean contains(String name) {
        return first(name) != null;
    }

    void add(String name, String value) {
        names.add(name);
        values.add(value);
    }

    /** Replaces every value of {@code name} by one. */
    void set(String name, String value) {
        remove(name);
        add(name, value);
    }

    void remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    int size() {
        return names.size();
    }

    String name(int index) {
        return names.get(index);
    }

    String value(int index) {
        return values.get(index);
    }
}
