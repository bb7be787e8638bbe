package io.webops.runtime;

import io.webops.credentials.ResolvedCredential;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import java.nio.file.Path;

/**
 * What the engine is configured with (camel-main properties, overridable by environment).
 * {@code webhookPerSecond}: webhook requests per second per webhook path before 429 (0: no limit).
 * {@code maxNodeOutputBytes}: the largest node output, in bytes of JSON ({@code webops.node.max.output.bytes}).
 */
public record EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry, CredentialSource credentials,
                             double webhookPerSecond, long maxNodeOutputBytes) {

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
