package io.webops.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The safety rules for the values a user gives a Kamelet node. Kamelet properties are resolved as Camel property
 * placeholders inside the Kamelet's template, and some land in simple expressions, endpoint URIs and bean references,
 * so a value is refused when it holds anything Camel would interpret there ({@link #MARKERS}, also percent-encoded),
 * when it starts with {@code #} (a bean reference), and, for a property the template writes into a URI, when it holds
 * {@code ?}, {@code &} or {@code @} (endpoint options or another host). Host-like properties pass the SSRF guard;
 * properties naming a file of the server's file system ({@code privateKeyFile}, key stores) are refused, so no Kamelet
 * node reads outside {@code <data>/files}.
 */
public final class KameletValues {

    /** What Camel would interpret in a value: placeholders, simple expressions, bean and class references, RAW(). */
    static final List<String> MARKERS = List.of("{{", "}}", "${", "$simple{", "#bean:", "#class:", "#type:",
            "#property:", "#valueAs", "RAW(", "RAW{", "#{");
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?i).*(host|hostname|server|servers|endpoint|url|uri|broker|brokers|address|bootstrap).*");
    private static final Pattern NOT_HOST = Pattern.compile("(?i).*(port|path|timeout|directory|dir|format|type|key).*");
    private static final Pattern LOCAL_FILE = Pattern.compile("(?i).*(file|keystore|truststore|knownhosts)(path|location)?");
    /** Schemes a URL-like value may name: network transports, never vm:, file: or jar:. */
    private static final Set<String> NETWORK_SCHEMES = Set.of("tcp", "ssl", "tls", "http", "https", "amqp", "amqps",
            "ws", "wss", "nio", "mqtt", "mqtts", "ftp", "ftps", "sftp", "redis", "rediss", "mongodb", "nats", "pulsar",
            "pulsar+ssl", "udp");

    private KameletValues() {
    }

    /** The config's properties as text, in the Kamelet's schema order, skipping unset ones. */
    static Map<String, String> texts(KameletSpec spec, JsonNode config) {
        Map<String, String> out = new LinkedHashMap<>();
        spec.definition().path("properties").fieldNames().forEachRemaining(name -> {
            JsonNode v = config == null ? null : config.get(name);
            if (v != null && !v.isNull() && v.isValueNode() && !(v.isTextual() && v.asText().isEmpty())) {
                out.put(name, v.asText());
            }
        });
        return out;
    }

    /** Why a value may not reach the Kamelet, or null when it may. */
    static String refusal(KameletSpec spec, String property, String value) {
        for (String candidate : List.of(value, decoded(value))) {
            for (String m : MARKERS) {
                if (candidate.toLowerCase(Locale.ROOT).contains(m.toLowerCase(Locale.ROOT))) {
                    return "holds '" + m + "', which Camel would read as a placeholder, expression or reference;"
                            + " Kamelet properties take plain values only";
                }
            }
            if (candidate.startsWith("#")) {
                return "starts with '#', which Camel would read as a bean reference";
            }
        }
        if (value.contains(")&") && value.contains("}&")) {
            return "holds both ')&' and '}&', which no raw endpoint value can carry";
        }
        if (spec.inUri().contains(property)) {
            for (char c : new char[] {'?', '&', '@'}) {
                if (value.indexOf(c) >= 0) {
                    return "holds '" + c + "', which in the Kamelet's endpoint URI would add options or name another host";
                }
            }
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            return "holds a control character (a line break or similar)";
        }
        return null;
    }

    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** Reports every refused value of a node's config, naming node and field. */
    static void check(Node node, KameletSpec spec, Consumer<ValidationError> problems) {
        JsonNode config = node.config();
        if (config != null) {
            config.fields().forEachRemaining(f -> {
                if (!f.getValue().isValueNode() && !f.getValue().isNull()) {
                    problems.accept(ValidationError.ofNode(node.id(), "config." + f.getKey(), "Node '" + node.id()
                            + "': config." + f.getKey() + " must be a plain value (text, number or true/false)"));
                }
            });
        }
        Set<String> resources = Set.copyOf(spec.resourceProperties());
        texts(spec, config).forEach((property, value) -> {
            if (resources.contains(property)) {
                return; // inline content, handed over as a bean: never read by Camel as a placeholder
            }
            String why = refusal(spec, property, value);
            if (why != null) {
                problems.accept(ValidationError.ofNode(node.id(), "config." + property,
                        "Node '" + node.id() + "': config." + property + " " + why));
            } else if (isFileSwitch(spec, property)) {
                if (!"false".equals(value)) {
                    problems.accept(ValidationError.ofNode(node.id(), "config." + property, "Node '" + node.id()
                            + "': config." + property + " may only be false: true would have the Kamelet use a file of"
                            + " this server's file system"));
                }
            } else if (isLocalFile(property)) {
                problems.accept(ValidationError.ofNode(node.id(), "config." + property, "Node '" + node.id()
                        + "': config." + property + " names a file of this server's file system, which Kamelet nodes"
                        + " may not read; leave it empty"));
            }
        });
    }

    static boolean isHost(KameletSpec spec, String property) {
        return HOST_NAME.matcher(property).matches() && !NOT_HOST.matcher(property).matches() && "string".equals(spec.typeOf(property))
                && !spec.resourceProperties().contains(property) && !spec.secretProperties().contains(property);
    }

    static boolean isLocalFile(String property) {
        return LOCAL_FILE.matcher(property).matches();
    }

    /**
     * A true/false property about a server file ({@code useUserKnownHostsFile}: the server account's
     * {@code ~/.ssh/known_hosts}, which the SFTP client reads and adds host keys to): offered, always sent as false.
     */
    static boolean isFileSwitch(KameletSpec spec, String property) {
        return isLocalFile(property) && "boolean".equals(spec.typeOf(property));
    }

    /**
     * Every host a host-like property names ({@code host}, {@code host:port}, {@code tcp://host:port?x},
     * {@code (tcp://a,tcp://b)}, {@code a:9092,b:9092}), each through the SSRF guard.
     *
     * @throws SsrfException when a host (or what it resolves to) is refused, or a URL names a non-network scheme
     */
    static void checkHosts(SsrfGuard guard, String property, String value) {
        for (String host : hosts(property, value)) {
            try {
                guard.resolve(host);
            } catch (java.io.UncheckedIOException e) {
                throw new SsrfException("Refused host " + host + " of " + property + ": it does not resolve");
            }
        }
    }

    static List<String> hosts(String property, String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,\\s()]+")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int scheme = p.indexOf("://");
            if (scheme >= 0) {
                String s = p.substring(0, scheme).toLowerCase(Locale.ROOT);
                if (s.startsWith("failover:") || s.startsWith("static:")) {
                    s = s.substring(s.indexOf(':') + 1);
                }
                if (!NETWORK_SCHEMES.contains(s)) {
                    throw new SsrfException("Refused " + property + ": the scheme '" + s + ":' is not a network transport");
                }
                p = p.substring(scheme + 3);
            } else if (p.matches("(?i)[a-z][a-z0-9+.-]*:(?!\\d).*")) {
                throw new SsrfException("Refused " + property + ": '" + p.substring(0, p.indexOf(':') + 1)
                        + "' is not a network address");
            }
            int end = p.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = p.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            p = p.substring(0, end);
            p = p.substring(p.lastIndexOf('@') + 1);
            if (p.startsWith("[")) {
                int close = p.indexOf(']');
                p = close > 0 ? p.substring(1, close) : p.substring(1);
            } else if (p.indexOf(':') >= 0 && p.indexOf(':') == p.lastIndexOf(':')) {
                p = p.substring(0, p.indexOf(':'));
            }
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }
}
