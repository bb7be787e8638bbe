package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Attack suite: every node type of the catalogue whose config has a {@code url} (so types added later are
 * covered) runs a workflow against every forbidden address form, names resolving to forbidden addresses,
 * redirects to loopback and metadata, and a DNS rebinding; each execution must fail with the guard's refusal and
 * nothing forbidden may be reached. Address forms, names and rebinding run with nothing allowed; redirects run with
 * only 127.0.0.1/32 allowed (the redirecting server itself) and lead elsewhere.
 */
class SsrfEveryUrlNodeTest {

    private static final NodeTypes TYPES = NodeTypes.standard();
    private static LoopbackServer server;
    private static DefaultCamelContext strictCamel;
    private static DefaultCamelContext narrowCamel;
    private static Store store;
    private static Engine strict;
    private static Engine narrow;
    private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

    /** Fixed names, plus rebind-N.test: a public address on the first lookup of each name, loopback after. */
    private static InetAddress[] resolve(String host) throws java.net.UnknownHostException {
        String name = host.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("rebind-")) {
            int n = LOOKUPS.computeIfAbsent(name, k -> new AtomicInteger()).getAndIncrement();
            return new InetAddress[] {FakeDns.literal(host, n == 0 ? "93.184.216.34" : "127.0.0.1")};
        }
        String ip = switch (name) {
            case "loopback.test" -> "127.0.0.1";
            case "metadata.test" -> "169.254.169.254";
            case "private.test" -> "10.1.2.3";
            case "mapped.test" -> "::ffff:127.0.0.1";
            default -> throw new java.net.UnknownHostException(host);
        };
        return new InetAddress[] {FakeDns.literal(host, ip)};
    }

    @BeforeAll
    static void start() throws Exception {
        server = new LoopbackServer();
        // one engine per CamelContext, as in the runtime: the guard is bound in the context's registry
        strictCamel = new DefaultCamelContext();
        strictCamel.start();
        narrowCamel = new DefaultCamelContext();
        narrowCamel.start();
        store = Store.inMemory();
        strict = new Engine(strictCamel, store, TYPES, new EngineSettings(null,
                new SsrfGuard(List.of(), SsrfEveryUrlNodeTest::resolve), RetryPolicy.DEFAULT));
        narrow = new Engine(narrowCamel, store, TYPES, new EngineSettings(null,
                new SsrfGuard(List.of("127.0.0.1/32"), SsrfEveryUrlNodeTest::resolve), RetryPolicy.DEFAULT));
    }

    @AfterAll
    static void stop() throws Exception {
        strict.close();
        narrow.close();
        strictCamel.close();
        narrowCamel.close();
        store.close();
        server.close();
    }

    static List<NodeType> urlNodeTypes() {
        return TYPES.all().stream().filter(t -> t.configSchema().path("properties").has("url")).toList();
    }

    /** Refused with nothing allowed. */
    static List<String> directAttacks() {
        List<String> urls = new ArrayList<>(SsrfGuardCheckUrlTest.FORBIDDEN_FORMS);
        urls.add("http://loopback.test:" + server.port() + "/ok");
        urls.add("http://metadata.test/latest/meta-data/");
        urls.add("http://private.test/");
        urls.add("http://mapped.test:" + server.port() + "/ok");
        return urls;
    }

    /** Refused with only the redirecting server (127.0.0.1/32) allowed. */
    static List<String> redirectAttacks() {
        List<String> urls = new ArrayList<>();
        urls.add("http://127.0.0.2:" + server.port() + "/ok");
        urls.add(server.url(LoopbackServer.redirectPath("http://127.0.0.2:" + server.port() + "/ok")));
        urls.add(server.url(LoopbackServer.redirectPath("http://169.254.169.254/latest/meta-data/")));
        urls.add(server.url(LoopbackServer.redirectPath("http://metadata.test/latest/meta-data/")));
        urls.add(server.url(LoopbackServer.redirectPath("http://[::1]:" + server.port() + "/ok")));
        return urls;
    }

    @Test
    void theCatalogueHasTheKnownUrlNodeTypes() {
        assertThat(urlNodeTypes()).extracting(NodeType::id)
                .contains("api_request", "custom_url", "api_call", "webhook_output");
    }

    @TestFactory
    List<DynamicTest> everyUrlNodeTypeRefusesEveryForbiddenTarget() {
        List<DynamicTest> tests = new ArrayList<>();
        for (NodeType type : urlNodeTypes()) {
            tests.add(DynamicTest.dynamicTest(type.id(), () -> {
                String workflowId = "ssrf-" + type.id();
                deploy(strict, workflowId, type.id(), "{{ data.target }}");
                String narrowId = workflowId + "-narrow";
                deploy(narrow, narrowId, type.id(), "{{ data.target }}");
                int reachedBefore = server.hits("/ok");
                ExecutionRecord control = run(narrow, narrowId, Json.object().put("target", server.url("/ok")));
                assertThat(control.status()).as(type.id() + " reaches the allowed server: " + control.errorMessage())
                        .isEqualTo("success");
                int reached = server.hits("/ok");
                assertThat(reached).isEqualTo(reachedBefore + 1);
                assertThat(directAttacks().size()).isGreaterThanOrEqualTo(40);
                for (String url : directAttacks()) {
                    refused(strict, workflowId, type, url);
                }
                for (String url : redirectAttacks()) {
                    refused(narrow, narrowId, type, url);
                }
                // DNS rebinding: the name answers a public address, then loopback. The runtime connects only to the
                // address it checked (one lookup per connection), so loopback is never reached.
                String rebinding = "http://rebind-" + type.id().replace('_', '-') + ".test:" + server.port() + "/ok";
                assertThat(run(strict, workflowId, Json.object().put("target", rebinding)).status())
                        .as(type.id() + " rebinding").isEqualTo("failed");
                assertThat(server.hits("/ok")).as("requests that reached a forbidden target").isEqualTo(reached);
            }));
        }
        return tests;
    }

    @Test
    void aLiteralForbiddenUrlInConfigIsRefusedToo() throws Exception {
        for (NodeType type : urlNodeTypes()) {
            String workflowId = "ssrf-literal-" + type.id();
            deploy(strict, workflowId, type.id(), "http://169.254.169.254/latest/meta-data/");
            ExecutionRecord r = run(strict, workflowId, Json.object());
            assertThat(r.status()).as(type.id()).isEqualTo("failed");
            assertThat(r.errorMessage()).as(type.id()).contains("Refused");
        }
    }

    private static void refused(Engine engine, String workflowId, NodeType type, String url) throws Exception {
        ExecutionRecord r = run(engine, workflowId, Json.object().put("target", url));
        assertThat(r.status()).as(type.id() + " -> " + url).isEqualTo("failed");
        assertThat(r.errorMessage()).as(type.id() + " -> " + url).contains("Refused");
    }

    private static void deploy(Engine engine, String workflowId, String type, String url) {
        JsonNode doc = Json.parse("""
                {"name": "ssrf", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "%s", "timeout_seconds": 2, "config": {"url": %s}}],
                 "connections": [{"source": "in", "target": "call"}]}""".formatted(type, Json.write(Json.NODES.textNode(url))));
        Validator.Result valid = new Validator(TYPES).validate(doc);
        assertThat(valid.errors()).as(type + " with only config.url must be valid").isEmpty();
        engine.deploy(workflowId, 1, valid.workflow(), false);
    }

    private static ExecutionRecord run(Engine engine, String workflowId, JsonNode input) throws Exception {
        return engine.startInBackground(workflowId, input, "manual", Json.object()).done().get(30, TimeUnit.SECONDS);
    }
}
