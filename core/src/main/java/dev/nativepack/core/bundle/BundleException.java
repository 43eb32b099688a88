package dev.nativepack.core.bundle;

import dev.nativepack.core.audit.Finding;
import java.util.List;

/** A bundle that cannot work on the target, with the findings that say why; or a bundle that cannot be made. */
public final class BundleException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;

    public BundleException(String message, List<Finding> findings) {
        super(message);
        this.findings = List.copyOf(findings);
    }

    public BundleException(String message) {
        this(message, List.of());
    }

    /** The findings that block the bundle (empty for other failures). */
    public List<Finding> findings() {
        return findings;
    }
}
