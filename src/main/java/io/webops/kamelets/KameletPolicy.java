package io.webops.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Kamelets of the catalogue become node types: the operator's {@code WEBOPS_KAMELETS} (names and globs such as
 * {@code *-sink} or {@code sftp-*}, comma-separated, {@code -name} to leave one out; unset: {@link #DEFAULT}), less
 * those {@link #REFUSED} whatever the setting says, less those whose jars are not on the classpath ("needs jar X").
 */
public final class KameletPolicy {

    public static final String SETTING = "WEBOPS_KAMELETS";

    /**
     * The default set: connectors that need no jar beyond what the build ships; those whose jars are missing are listed
     * as {@code needs_jar}, not enabled.
     */
    public static final String DEFAULT = String.join(",",
            "ftp-source", "ftp-sink", "sftp-source", "sftp-sink",
            "jms-apache-artemis-source", "jms-apache-artemis-sink",
            "postgresql-sink", "mariadb-sink", "mysql-sink", "sqlserver-sink",
            "jsonata-action", "jslt-action", "json-deserialize-action", "json-serialize-action");

    /** Never enabled, whatever the operator names, with the reason the admin list shows. */
    public static final Map<String, String> REFUSED;

    static {
        Map<String, String> r = new LinkedHashMap<>();
        String commands = "runs commands on a host";
        r.put("exec-sink", "runs a command on this server");
        r.put("ssh-sink", commands);
        r.put("ssh-source", commands);
        r.put("scp-sink", "copies files of this server's file system to a host");
        r.put("file-watch-source", "reads any folder of this server's file system, outside <data>/files");
        String templates = "its template language runs code or reads files and URLs of the server (a template is a resource location)";
        for (String t : List.of("freemarker-template-action", "velocity-template-action", "mvel-template-action",
                "mustache-template-action", "chunk-template-action", "string-template-action", "xj-template-action",
                "xj-identity-action")) {
            r.put(t, templates);
        }
        r.put("simple-filter-action", "its property is a Camel simple expression");
        r.put("predicate-filter-action", "its property is an expression Camel evaluates");
        r.put("webhook-source", "opens an HTTP endpoint of its own; use the webhook trigger");
        r.put("djl-image-to-text-action", "loads machine-learning models from the network and the file system");
        r.put("resolve-pojo-schema-action", "loads any class named by a property");
        r.put("kubernetes-namespaces-source", "uses this server's own Kubernetes service account");
        r.put("kubernetes-nodes-source", "uses this server's own Kubernetes service account");
        r.put("kubernetes-pods-source", "uses this server's own Kubernetes service account");
        r.put("aws-sts-assume-role-action", "hands out cloud credentials derived from this server's own");
        r.put("dns-dig-action", "probes the network: DNS queries to any server");
        r.put("dns-ip-action", "probes the network: DNS queries to any server");
        r.put("dns-lookup-action", "probes the network: DNS queries to any server");
        REFUSED = java.util.Collections.unmodifiableMap(r);
    }

    /** A Kamelet's standing: {@code enabled}, {@code not_allowed}, {@code needs_jar} or {@code refused}. */
    public record Status(KameletSpec spec, String status, List<String> needs, String reason) {
        public boolean enabled() {
            return "enabled".equals(status);
        }
    }

    private final String setting;
    private final List<Pattern> allowed = new ArrayList<>();
    private final List<Pattern> excluded = new ArrayList<>();

    public KameletPolicy(String setting) {
        this.setting = setting == null || setting.isBlank() ? DEFAULT : setting.trim();
        for (String entry : this.setting.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (e.startsWith("-")) {
                excluded.add(glob(e.substring(1).trim()));
            } else {
                allowed.add(glob(e));
            }
        }
    }

    /** The setting as the operator wrote it (the default when unset). */
    public String setting() {
        return setting;
    }

    private static Pattern glob(String g) {
        if (!g.matches("[A-Za-z0-9*?._-]+")) {
            throw new IllegalArgumentException(SETTING + ": '" + g + "' is not a Kamelet name or glob (letters, digits, - . _ * ?)");
        }
        return Pattern.compile(g.toLowerCase(Locale.ROOT).replace(".", "\\.").replace("*", ".*").replace("?", "."));
    }

    /** Whether the setting names the Kamelet (before refusals and jars). */
    public boolean allows(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(p -> p.matcher(n).matches()) && excluded.stream().noneMatch(p -> p.matcher(n).matches());
    }

    /** Why a Kamelet is refused whatever the setting says, or null. */
    public static String refusal(KameletSpec spec) {
        String reason = REFUSED.get(spec.name());
        if (reason != null) {
            return reason;
        }
        if (!List.of("source", "sink", "action").contains(spec.kind())) {
            return "its type label is '" + spec.kind() + "', not source, sink or action";
        }
        return null;
    }

    public Status status(KameletCatalog catalog, KameletSpec spec) {
        List<String> needs = catalog.missing(spec);
        String refused = refusal(spec);
        if (refused != null) {
            return new Status(spec, "refused", needs, refused);
        }
        if (!allows(spec.name())) {
            return new Status(spec, "not_allowed", needs, "not in " + SETTING);
        }
        if (!needs.isEmpty()) {
            return new Status(spec, "needs_jar", needs, "needs jar " + String.join(", ", needs));
        }
        return new Status(spec, "enabled", needs, null);
    }

    public List<Status> statuses(KameletCatalog catalog) {
        List<Status> out = new ArrayList<>();
        catalog.all().forEach(s -> out.add(status(catalog, s)));
        return out;
    }
}
