package io.webops.model;

/** Workflow-wide settings of §2 with their defaults. */
public record Settings(int timeoutSeconds, boolean retryOnFailure, int maxRetries) {

    public static final Settings DEFAULTS = new Settings(300, true, 3);
}
