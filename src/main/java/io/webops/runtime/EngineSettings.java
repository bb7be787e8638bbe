package io.webops.runtime;

import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import java.nio.file.Path;

/**
 * What the engine is configured with (camel-main properties, overridable by environment).
 * {@code webhookPerSecond}: webhook requests per second per webhook path before 429 (0: no limit).
 */
public record EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry, double webhookPerSecond) {

    /** Without a webhook rate limit (command-line runs, tests of the engine alone). */
    public EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry) {
        this(dataDir, ssrfGuard, retry, 0);
    }
}
