package io.webops.runtime;

import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import java.nio.file.Path;

/** What the engine is configured with (camel-main properties, overridable by environment). */
public record EngineSettings(Path dataDir, SsrfGuard ssrfGuard, RetryPolicy retry) {
}
