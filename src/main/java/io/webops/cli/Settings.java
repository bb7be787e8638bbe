package io.webops.cli;

import io.webops.api.AccountSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operator's configuration, one home: each setting is a camel-main style property
 * ({@code webops.port}) that the environment overrides ({@code WEBOPS_PORT}).
 */
public record Settings(int port, Path dataDir, String dbUrl, String dbUser, String dbPassword, String ssrfAllow,
                       long retryInitialDelayMs, long retryMaxDelayMs, Path routesDir, String masterKey,
                       AccountSettings accounts, Limits limits, io.webops.llm.LlmDefaults llm, boolean webhookCspSandbox,
                       long executionRetryDelayMs, long executionRetryMaxDelayMs, History history, long drainSeconds,
                       int instanceLeaseSeconds, String kamelets) {

    /**
     * Request and work limits: body size on the port (a webhook's default), the largest body limit a webhook may set
     * for itself, webhook requests per second per path, sign-ins per minute per client, the JSON size of one node
     * output, the nodes of one workflow.
     */
    public record Limits(long maxBodyBytes, long maxBodyBytesCeiling, double webhookPerSecond, double signInPerMinute,
                         long maxNodeOutputBytes, int maxWorkflowNodes) {
    }

    /**
     * The instance's execution history limits (a workflow's settings may set its own): finished executions are kept
     * {@code retention.maxAgeDays()} days and {@code retention.maxExecutions()} per workflow (0: no limit), pruned
     * every {@code pruneSeconds}. A node's input or output (and an execution's input or output) larger than
     * {@code maxValueBytes} of JSON is stored as a truncated marker.
     */
    public record History(io.webops.history.Retention retention, int pruneSeconds, long maxValueBytes) {
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        java.util.Properties defaults = defaults();
        java.util.function.Function<String, String> v = name -> value(env, defaults, name);
        return new Settings(
                Integer.parseInt(v.apply("WEBOPS_PORT")),
                Path.of(v.apply("WEBOPS_DATA")).toAbsolutePath().normalize(),
                v.apply("WEBOPS_DB_URL"),
                v.apply("WEBOPS_DB_USER"),
                v.apply("WEBOPS_DB_PASSWORD"),
                orEmpty(v.apply("WEBOPS_SSRF_ALLOW")),
                Long.parseLong(v.apply("WEBOPS_RETRY_INITIAL_DELAY_MS")),
                Long.parseLong(v.apply("WEBOPS_RETRY_MAX_DELAY_MS")),
                Path.of(v.apply("WEBOPS_ROUTES")),
                v.apply("WEBOPS_MASTER_KEY"),
                new AccountSettings(v.apply("WEBOPS_ADMIN_EMAIL"), v.apply("WEBOPS_ADMIN_PASSWORD"), v.apply("WEBOPS_ADMIN_TOKEN"),
                        Integer.parseInt(v.apply("WEBOPS_SESSION_HOURS"))),
                new Limits(Long.parseLong(v.apply("WEBOPS_WEBHOOK_MAX_BODY_BYTES")),
                        Long.parseLong(v.apply("WEBOPS_WEBHOOK_MAX_BODY_BYTES_CEILING")),
                        Double.parseDouble(v.apply("WEBOPS_WEBHOOK_RATE_PER_SECOND")),
                        Double.parseDouble(v.apply("WEBOPS_SIGNIN_RATE_PER_MINUTE")),
                        Long.parseLong(v.apply("WEBOPS_NODE_MAX_OUTPUT_BYTES")),
                        Integer.parseInt(v.apply("WEBOPS_WORKFLOW_MAX_NODES"))),
                new io.webops.llm.LlmDefaults(v.apply("WEBOPS_LLM_BASE_URL"), v.apply("WEBOPS_LLM_API_KEY"), v.apply("WEBOPS_LLM_MODEL")),
                flag("WEBOPS_WEBHOOK_CSP_SANDBOX", v.apply("WEBOPS_WEBHOOK_CSP_SANDBOX")),
                Long.parseLong(v.apply("WEBOPS_EXECUTION_RETRY_DELAY_MS")),
                Long.parseLong(v.apply("WEBOPS_EXECUTION_RETRY_MAX_DELAY_MS")),
                new History(new io.webops.history.Retention(
                        atLeast("WEBOPS_HISTORY_MAX_AGE_DAYS", v.apply("WEBOPS_HISTORY_MAX_AGE_DAYS"), 0),
                        atLeast("WEBOPS_HISTORY_MAX_PER_WORKFLOW", v.apply("WEBOPS_HISTORY_MAX_PER_WORKFLOW"), 0)),
                        atLeast("WEBOPS_HISTORY_PRUNE_SECONDS", v.apply("WEBOPS_HISTORY_PRUNE_SECONDS"), 1),
                        bytesAtLeast("WEBOPS_HISTORY_MAX_VALUE_BYTES", v.apply("WEBOPS_HISTORY_MAX_VALUE_BYTES"), 1)),
                atLeast("WEBOPS_DRAIN_SECONDS", v.apply("WEBOPS_DRAIN_SECONDS"), 0),
                atLeast("WEBOPS_INSTANCE_LEASE_SECONDS", v.apply("WEBOPS_INSTANCE_LEASE_SECONDS"), 3),
                v.apply("WEBOPS_KAMELETS"));
    }

    /** The webops.* defaults of application.properties. */
    private static java.util.Properties defaults() {
        java.util.Properties p = new java.util.Properties();
        try (var in = Settings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read application.properties", e);
        }
        return p;
    }

    /** Agents' definitions: {@code <data>/agents/<id>.yaml}. */
    public Path agentsDir() {
        return dataDir.resolve("agents");
    }

    /** true or false, nothing else: a mistyped value must not quietly turn a protection off. */
    private static boolean flag(String name, String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    }

    /** A whole number of at least {@code min}, or an error naming the setting. */
    private static int atLeast(String name, String value, int min) {
        return (int) wholeAtLeast(name, value, min, Integer.MAX_VALUE, "a whole number");
    }

    /** A number of bytes, {@code min} or more, or an error naming the setting. */
    private static long bytesAtLeast(String name, String value, long min) {
        return wholeAtLeast(name, value, min, Long.MAX_VALUE, "a whole number of bytes");
    }

    private static long wholeAtLeast(String name, String value, long min, long max, String what) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be " + what + ", " + min + " or more, not '" + value + "'");
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The environment variable, else the system property {@code webops.x.y}, else application.properties; blank is unset. */
    private static String value(Map<String, String> env, java.util.Properties defaults, String name) {
        String key = name.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = System.getProperty(key);
        }
        if (v == null || v.isBlank()) {
            v = defaults.getProperty(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

}
