package io.webops.runtime;

import io.webops.credentials.ResolvedCredential;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import java.nio.file.Path;

/**
 * What the engine is configured with (camel-main properties, overridable by environment).
 * {@code webhookPerSecond}: webhook requests per second per webhook path before 429 (0: no limit).
 * {@code maxNodeOutputBytes}: the largest node output, in bytes of JSON ({@code webops.node.max.output.bytes}).
 * {@code reruns}: how failed executions are run again (null: never; only the server re-runs them).
 */
public record EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry, CredentialSource credentials,
                             double webhookPerSecond, long maxNodeOutputBytes, Reruns reruns) {

    /**
     * How a failed execution is run again when its workflow's {@code retry_on_failure} asks for it: after
     * {@code initialDelayMs}, doubling with each attempt up to {@code maxDelayMs}
     * ({@code webops.execution.retry.delay.ms}, {@code webops.execution.retry.max.delay.ms}).
     */
    public record Reruns(long initialDelayMs, long maxDelayMs) {

        /** The delay before re-run number {@code attempt} (1 for the first). */
        public long delayMillis(int attempt) {
            long delay = initialDelayMs;
            for (int i = 1; i < attempt && delay < maxDelayMs; i++) {
                delay *= 2;
            }
            return Math.min(delay, maxDelayMs);
        }
    }

    /** Without automatic re-runs of failed executions (the command line's {@code run}, tests of the engine alone). */
    public EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry, CredentialSource credentials,
                          double webhookPerSecond, long maxNodeOutputBytes) {
        this(dataDir, ssrfGuard, retry, credentials, webhookPerSecond, maxNodeOutputBytes, null);
    }

    /** The default of {@code webops.node.max.output.bytes}: 16 MB. */
    public static final long DEFAULT_MAX_NODE_OUTPUT_BYTES = 16L * 1024 * 1024;

    /** Opens a credential by id for a node that needs one of the given kind. */
    @FunctionalInterface
    public interface CredentialSource {
        /** Throws {@link IllegalArgumentException} naming the problem when it cannot. */
        ResolvedCredential open(String id, String kind);
    }

    /** For runs without a credential vault (the command line's {@code run}, tests). */
    public static final CredentialSource NO_CREDENTIALS = (id, kind) -> {
        throw new IllegalArgumentException("Credential '" + id + "' is not available: this run has no credential vault"
                + " (credentials live in the server's vault: run the workflow on the server)");
    };

    /** With the default output limit. */
    public EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry, CredentialSource credentials,
                          double webhookPerSecond) {
        this(dataDir, ssrfGuard, retry, credentials, webhookPerSecond, DEFAULT_MAX_NODE_OUTPUT_BYTES);
    }

    /** Without credentials or a webhook rate limit (command-line runs, tests of the engine alone). */
    public EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry) {
        this(dataDir, ssrfGuard, retry, NO_CREDENTIALS, 0);
    }
}
