package dev.nativepack.core.report;

/**
 * Wraps plain text at spaces with a hanging indent. A word longer than a line (a long path) is
 * never cut: a path split in two could not be copied.
 */
final class TextWrap {
    private TextWrap() {
    }

    /** The text as lines of at most {@code width} columns where it can be, each ending in a newline. */
    static String wrap(String text, String firstIndent, String nextIndent, int width) {
        StringBuilder out = new StringBuilder(firstIndent);
        int lineLength = firstIndent.length();
        boolean lineHasWord = false;
        for (String word : text.split(" ", -1)) {
            if (lineHasWord && lineLength + 1 + word.length() > width) {
                out.append('\n').append(nextIndent);
                lineLength = nextIndent.length();
                lineHasWord = false;
            }
            if (lineHasWord) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
            lineHasWord = true;
        }
        return out.append('\n').toString();
    }
}
