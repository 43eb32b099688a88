package dev.nativepack.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A numbered symbol version such as {@code GLIBC_2.2.5}: a family and its numbers, ordered
 * numerically so that GLIBC_2.9 sorts before GLIBC_2.14 (a string comparison gets this wrong).
 */
public record SymbolVersion(String family, List<Integer> numbers) implements Comparable<SymbolVersion> {

    public SymbolVersion {
        numbers = List.copyOf(numbers);
    }

    /** Parses {@code FAMILY_1.2.3}; names without a number (GLIBC_PRIVATE, CXXABI_FLOAT128) give empty. */
    public static Optional<SymbolVersion> parse(String name) {
        int underscore = name.lastIndexOf('_');
        if (underscore <= 0 || underscore == name.length() - 1) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : name.substring(underscore + 1).split("\\.", -1)) {
            if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            numbers.add(Integer.parseInt(part));
        }
        return Optional.of(new SymbolVersion(name.substring(0, underscore), numbers));
    }

    /** Compares the numbers of two versions of the same family; missing trailing parts count as 0. */
    @Override
    public int compareTo(SymbolVersion other) {
        int byFamily = family.compareTo(other.family);
        if (byFamily != 0) {
            return byFamily;
        }
        for (int i = 0; i < Math.max(numbers.size(), other.numbers.size()); i++) {
            int mine = i < numbers.size() ? numbers.get(i) : 0;
            int theirs = i < other.numbers.size() ? other.numbers.get(i) : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return Integer.compare(numbers.size(), other.numbers.size());
    }

    /** The number part, e.g. {@code 2.2.5}. */
    public String number() {
        List<String> parts = new ArrayList<>();
        for (int n : numbers) {
            parts.add(Integer.toString(n));
        }
        return String.join(".", parts);
    }

    @Override
    public String toString() {
        return family + "_" + number();
    }

    /** The highest of the given versions, or empty. */
    public static Optional<SymbolVersion> highest(List<SymbolVersion> versions) {
        return versions.isEmpty() ? Optional.empty() : Optional.of(Collections.max(versions));
    }
}
