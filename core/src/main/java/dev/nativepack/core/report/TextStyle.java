package dev.nativepack.core.report;

/**
 * How text reports mark emphasis: ANSI colours on a terminal, nothing otherwise. The front end
 * decides which (terminal, NO_COLOR, --no-color); renderers only say what a span means.
 */
public final class TextStyle {
    public static final TextStyle PLAIN = new TextStyle(false);
    public static final TextStyle ANSI = new TextStyle(true);

    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    private TextStyle(boolean colour) {
        this.colour = colour;
    }

    public static TextStyle of(boolean colour) {
        return colour ? ANSI : PLAIN;
    }

    /** Something missing or fatal. */
    public String problem(String text) {
        return wrap("\u001b[31m", text);
    }

    /** Something worth a second look but not fatal. */
    public String warning(String text) {
        return wrap("\u001b[33m", text);
    }

    /** Something repeated or of little interest. */
    public String dim(String text) {
        return wrap("\u001b[2m", text);
    }

    /** Headings and the names the reader looks for first. */
    public String strong(String text) {
        return wrap("\u001b[1m", text);
    }

    private String wrap(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}
