package io.webops.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The operator's configuration, one home: each setting is a camel-main style property
 * ({@code webops.port}) that the environment overrides ({@code WEBOPS_PORT}).
 */
public record Settings(int port, Path dataDir, String dbUrl, String dbUser, String dbPassword, String ssrfAllow,
                       long retryInitialDelayMs, long retryMaxDelayMs, Path routesDir, String masterKey) {

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        return new Settings(
                Integer.parseInt(value(env, "WEBOPS_PORT", "8080")),
                Path.of(value(env, "WEBOPS_DATA", "./data")).toAbsolutePath().normalize(),
                value(env, "WEBOPS_DB_URL", null),
                value(env, "WEBOPS_DB_USER", null),
                value(env, "WEBOPS_DB_PASSWORD", null),
                value(env, "WEBOPS_SSRF_ALLOW", ""),
                Long.parseLong(value(env, "WEBOPS_RETRY_INITIAL_DELAY_MS", "2000")),
                Long.parseLong(value(env, "WEBOPS_RETRY_MAX_DELAY_MS", "30000")),
                Path.of(value(env, "WEBOPS_ROUTES", "./routes")),
                value(env, "WEBOPS_MASTER_KEY", null));
    }

    /** The environment variable, else the system property {@code webops.x.y}, else the default. */
    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = System.getProperty(name.toLowerCase().replace('_', '.'));
        }
        return v == null || v.isBlank() ? fallback : v;
    }

}
