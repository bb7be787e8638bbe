package io.webops.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kamelet catalogue of {@code org.apache.camel.kamelets:camel-kamelets}, read once from the classpath
 * ({@code kamelets/*.kamelet.yaml}; the runtime's own {@code webops-*} Kamelets are not part of it), and which of
 * each Kamelet's declared dependencies are missing from the classpath.
 *
 * <p>A dependency {@code camel:xyz} is present when {@code org.apache.camel:camel-xyz} is (its
 * {@code META-INF/maven/.../pom.properties}, which shaded jars keep too, or the component's service file);
 * {@code mvn:g:a:v} when {@code g:a} is, or a class it is known to hold.
 */
public final class KameletCatalog {

    /** The Kamelet whose presence locates the catalogue's folder on the classpath. */
    private static final String MARKER = "kamelets/log-sink.kamelet.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)(?::[^}]*)?}}");
    /** Classes of artifacts that do not keep their Maven metadata in the jar (or are repackaged). */
    private static final Map<String, String> KNOWN_CLASSES = Map.of(
            "org.apache.activemq:artemis-jakarta-client-all", "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory",
            "org.postgresql:postgresql", "org.postgresql.Driver",
            "org.apache.commons:commons-dbcp2", "org.apache.commons.dbcp2.BasicDataSource",
            "org.mariadb.jdbc:mariadb-java-client", "org.mariadb.jdbc.Driver",
            "com.microsoft.sqlserver:mssql-jdbc", "com.microsoft.sqlserver.jdbc.SQLServerDriver",
            "org.messaginghub:pooled-jms", "org.messaginghub.pooled.jms.JmsPoolConnectionFactory");

    private final Map<String, KameletSpec> byName;
    private final ClassLoader loader;

    KameletCatalog(Collection<KameletSpec> specs, ClassLoader loader) {
        Map<String, KameletSpec> m = new TreeMap<>();
        specs.forEach(s -> m.put(s.name(), s));
        this.byName = java.util.Collections.unmodifiableMap(m);
        this.loader = loader;
    }

    private static volatile KameletCatalog shared;

    /** The classpath's catalogue, read on first use. */
    public static KameletCatalog classpath() {
        KameletCatalog c = shared;
        if (c == null) {
            synchronized (KameletCatalog.class) {
                if (shared == null) {
                    shared = read(KameletCatalog.class.getClassLoader());
                }
                c = shared;
            }
        }
        return c;
    }

    static KameletCatalog read(ClassLoader loader) {
        List<KameletSpec> specs = new ArrayList<>();
        for (String name : fileNames(loader)) {
            try (InputStream in = loader.getResourceAsStream("kamelets/" + name)) {
                if (in != null) {
                    specs.add(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Cannot read the Kamelet kamelets/" + name + ": " + e.getMessage(), e);
            }
        }
        return new KameletCatalog(specs, loader);
    }

    /** The catalogue's file names (not the runtime's own webops-* Kamelets). */
    private static List<String> fileNames(ClassLoader loader) {
        URL marker = loader.getResource(MARKER);
        if (marker == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            if ("jar".equals(marker.getProtocol())) {
                JarURLConnection c = (JarURLConnection) marker.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith("kamelets/") && n.endsWith(".kamelet.yaml") && n.indexOf('/', 9) < 0)
                            .forEach(n -> names.add(n.substring("kamelets/".length())));
                }
            } else {
                try (var files = Files.list(Path.of(marker.toURI()).getParent())) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".kamelet.yaml")).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        names.removeIf(n -> n.startsWith("webops-"));
        names.sort(null);
        return names;
    }

    /** One Kamelet from its YAML text. */
    @SuppressWarnings("unchecked")
    static KameletSpec parse(String yaml) {
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        JsonNode root = Json.MAPPER.valueToTree(doc);
        JsonNode meta = root.path("metadata");
        JsonNode ann = meta.path("annotations");
        JsonNode spec = root.path("spec");
        String name = meta.path("name").asText();
        String group = ann.path("camel.apache.org/kamelet.group").asText("");
        ObjectNode definition = spec.path("definition") instanceof ObjectNode o ? o.deepCopy() : Json.object();
        List<String> deps = new ArrayList<>();
        spec.path("dependencies").forEach(d -> deps.add(d.asText()));
        Set<String> inUri = new LinkedHashSet<>();
        collectInUri(spec.path("template"), false, inUri);
        Set<String> classes = new LinkedHashSet<>();
        collectClasses(spec.path("template"), classes);
        classes.removeIf(c -> !c.matches("[A-Za-z_$][A-Za-z0-9_$.]*")); // a placeholder, not a class name
        return new KameletSpec(name, meta.path("labels").path("camel.apache.org/kamelet.type").asText(""),
                definition.path("title").asText(name), definition.path("description").asText(""), group,
                vendor(name, group, ann.path("camel.apache.org/provider").asText("")),
                ann.path("camel.apache.org/kamelet.icon").asText(null),
                ann.path("camel.apache.org/kamelet.support.level").asText(""), definition, List.copyOf(deps),
                java.util.Collections.unmodifiableSet(inUri), java.util.Collections.unmodifiableSet(classes));
    }

    /** {@code #class:x.Y} values and {@code driverClassName: x.Y} of the template, as written. */
    private static void collectClasses(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                JsonNode v = f.getValue();
                if (v.isTextual() && v.asText().startsWith("#class:")) {
                    out.add(v.asText().substring("#class:".length()).trim());
                } else if (v.isTextual() && f.getKey().equals("driverClassName")) {
                    out.add(v.asText().trim());
                } else {
                    collectClasses(v, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectClasses(n, out));
        }
    }

    /** The placeholders of every {@code uri} string of the template (a {@code from}/{@code to} URI, a bean's url). */
    private static void collectInUri(JsonNode node, boolean uriField, Set<String> out) {
        if (node.isTextual() && uriField) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            while (m.find()) {
                out.add(m.group(1));
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String k = f.getKey().toLowerCase(Locale.ROOT);
                collectInUri(f.getValue(), k.equals("uri") || k.equals("url") || k.equals("to") || k.equals("from")
                        || k.equals("tod") || k.equals("brokerurl"), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectInUri(n, uriField, out));
        }
    }

    /** The vendor a Kamelet is grouped under in the palette: the cloud or company it connects to, else its group. */
    static String vendor(String name, String group, String provider) {
        String n = name.toLowerCase(Locale.ROOT);
        String[][] prefixes = {{"aws-", "AWS"}, {"azure-", "Azure"}, {"google-", "Google"}, {"ibm-", "IBM"},
                {"jms-ibm-", "IBM"}, {"kafka", "Apache Kafka"}, {"salesforce-", "Salesforce"}, {"github-", "GitHub"},
                {"jira-", "Atlassian"}, {"slack-", "Slack"}, {"telegram-", "Telegram"}, {"twitter-", "Twitter"},
                {"jms-apache-artemis", "Apache ActiveMQ"}, {"jms-pooled-apache-artemis", "Apache ActiveMQ"},
                {"kubernetes-", "Kubernetes"}, {"mongodb-", "MongoDB"}, {"elasticsearch-", "Elastic"},
                {"opensearch-", "OpenSearch"}, {"splunk-", "Splunk"}, {"snowflake-", "Snowflake"}, {"dropbox-", "Dropbox"},
                {"cassandra-", "Apache Cassandra"}, {"pulsar-", "Apache Pulsar"}};
        for (String[] p : prefixes) {
            if (n.startsWith(p[0])) {
                return p[1];
            }
        }
        if (!group.isBlank()) {
            return group;
        }
        return provider.isBlank() ? "Other" : provider;
    }

    public Collection<KameletSpec> all() {
        return byName.values();
    }

    public Optional<KameletSpec> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The artifacts a Kamelet declares that the classpath lacks, as {@code group:artifact}, then the jar of each class
     * its template needs that is not there ({@code group:artifact} when known, else {@code a jar with <class>});
     * empty: all there.
     */
    public List<String> missing(KameletSpec spec) {
        List<String> out = new ArrayList<>();
        for (String dep : spec.dependencies()) {
            String ga = artifactOf(dep);
            if (ga != null && !present(ga)) {
                out.add(ga);
            }
        }
        for (String c : spec.templateClasses()) {
            if (!loadable(c)) {
                String jar = JARS_OF_CLASSES.getOrDefault(c, "a jar with " + c);
                if (!out.contains(jar)) {
                    out.add(jar);
                }
            }
        }
        return out;
    }

    /** The jars of classes templates name without declaring them. */
    private static final Map<String, String> JARS_OF_CLASSES = Map.of(
            "com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j",
            "oracle.jdbc.OracleDriver", "com.oracle.database.jdbc:ojdbc11",
            "oracle.jdbc.driver.OracleDriver", "com.oracle.database.jdbc:ojdbc11");

    private boolean loadable(String className) {
        return cached("class:" + className, () -> {
            try {
                Class.forName(className, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
    }

    /** {@code camel:xyz} as {@code org.apache.camel:camel-xyz}, {@code mvn:g:a[:v]} as {@code g:a}; null for others. */
    static String artifactOf(String dependency) {
        if (dependency.startsWith("camel:")) {
            return "org.apache.camel:camel-" + dependency.substring("camel:".length());
        }
        if (dependency.startsWith("mvn:")) {
            String[] parts = dependency.substring("mvn:".length()).split(":");
            return parts.length >= 2 ? parts[0] + ":" + parts[1] : null;
        }
        return null;
    }

    private final Map<String, Boolean> presence = new java.util.concurrent.ConcurrentHashMap<>();

    /** What a look-up found, kept (the class path does not change while running). */
    private boolean cached(String key, java.util.function.BooleanSupplier lookUp) {
        Boolean known = presence.get(key);
        if (known == null) {
            known = lookUp.getAsBoolean();
            presence.put(key, known);
        }
        return known;
    }

    boolean present(String ga) {
        return cached(ga, () -> {
            if (ga.equals("org.apache.camel:camel-core")) {
                return true;
            }
            String[] p = ga.split(":");
            if (loader.getResource("META-INF/maven/" + p[0] + "/" + p[1] + "/pom.properties") != null) {
                return true;
            }
            if (p[0].equals("org.apache.camel") && p[1].startsWith("camel-")) {
                String scheme = p[1].substring("camel-".length());
                for (String kind : List.of("component", "dataformat", "language")) {
                    if (loader.getResource("META-INF/services/org/apache/camel/" + kind + "/" + scheme) != null) {
                        return true;
                    }
                }
            }
            String known = KNOWN_CLASSES.get(ga);
            return known != null && loadable(known);
        });
    }

    /** Installed for tests: a catalogue of the given Kamelets on a loader. */
    static KameletCatalog of(List<String> yamls, ClassLoader loader) {
        List<KameletSpec> specs = new ArrayList<>();
        yamls.forEach(y -> specs.add(parse(y)));
        return new KameletCatalog(specs, loader);
    }
}
