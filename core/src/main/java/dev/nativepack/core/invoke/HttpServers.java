package dev.nativepack.core.invoke;

/** Settings of the JDK's HTTP server that every server of this process must share. */
public final class HttpServers {
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private HttpServers() {
    }

    /**
     * Turns Nagle's algorithm off for the JDK's HTTP server. JDK 17's server writes a reply's headers
     * and its body as two TCP segments; with Nagle on, the body waits for the client's delayed ACK,
     * about 40 ms per reply (measured: 90 ms per warm invocation instead of 0.3 ms). The server reads
     * the switch once, when its first instance is made, so this must run before any server is
     * created; an explicit setting is left alone.
     */
    public static void noDelay() {
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }
}
