package io.webops.nodes;

/**
 * A node failure with a clear message for the user. {@code transient} failures (timeouts, refused
 * or reset connections, HTTP 429 and 5xx) are retried when the node asks for it; the rest fail
 * at once.
 */
public class NodeFailure extends RuntimeException {

    private final boolean transientFailure;
    private final String kind;

    public NodeFailure(String kind, String message, boolean transientFailure) {
        super(message, null, false, false);
        this.kind = kind;
        this.transientFailure = transientFailure;
    }

    public NodeFailure(String kind, String message, boolean transientFailure, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.transientFailure = transientFailure;
    }

    public static NodeFailure config(String message) {
        return new NodeFailure("ConfigurationError", message, false);
    }

    public static NodeFailure data(String message) {
        return new NodeFailure("DataError", message, false);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String kind() {
        return kind;
    }
}
