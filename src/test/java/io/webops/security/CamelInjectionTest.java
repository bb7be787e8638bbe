package io.webops.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Attack suite: Camel property placeholders, simple language, SpEL and bean references in every string field of
 * every node type of the catalogue (read from their config schemas, so types added later are covered). None may
 * resolve: the generated YAML carries no config value, deployed endpoints hold none, and a run's output, node logs
 * and errors never contain what the expression would resolve to (a canary system property, the environment).
 */
class CamelInjectionTest {

    private static final String CANARY = "canary-" + java.util.UUID.randomUUID();
    private static final String HOME = System.getenv().getOrDefault("HOME", "/nonexistent-home");
    private static final List<String> HOSTILE = List.of(
            "{{sys:webops.injection.canary}}",
            "{{env:HOME}}",
            "${sys:webops.injection.canary}",
            "${sysenv.HOME}",
            "${env:HOME}",
            "$simple{sys.webops.injection.canary}",
            "#{systemProperties['webops.injection.canary']}",
            "bean:injectionTarget?method=toString",
            "${bean:injectionTarget.toString}",
            "{{sys:webops.injection.canary}} ${sys:webops.injection.canary} #{1+1} bean:x");

    private static final NodeTypes TYPES = NodeTypes.standard();
    private static DefaultCamelContext camel;
    private static Store store;
    private static Engine engine;
    /** Attacks that passed validation and so were deployed and run (the rest were refused before saving). */
    private static int ran;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("webops.injection.canary", CANARY);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("injectionTarget", new Object() {
            @Override
            public String toString() {
                return CANARY;
            }
        });
        camel.start();
        store = Store.inMemory();
        engine = new Engine(camel, store, TYPES, new EngineSettings(null, SsrfGuard.fromSetting(""), RetryPolicy.DEFAULT));
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
        camel.close();
        store.close();
        System.clearProperty("webops.injection.canary");
    }

    @TestFactory
    List<DynamicTest> noStringFieldOfAnyNodeTypeResolvesCamelExpressions() {
        List<DynamicTest> tests = new ArrayList<>();
        int[] counted = {0};
        for (NodeType type : TYPES.all()) {
            List<String> fields = stringFields(type);
            for (String hostile : HOSTILE) {
                tests.add(DynamicTest.dynamicTest(type.id() + " " + fields + " = " + hostile, () -> {
                    check(type, hostile);
                    counted[0]++;
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("every node type was attacked, most through a deployed run", () -> {
            assertThat(counted[0]).isEqualTo(TYPES.all().size() * HOSTILE.size());
            assertThat(ran).isGreaterThan(counted[0] / 2);
            System.out.println("Camel injection attacks: " + counted[0] + ", deployed and run: " + ran);
        }));
        return tests;
    }

    private static void check(NodeType type, String hostile) throws Exception {
        ObjectNode config = config(type, hostile);
        ObjectNode doc = (ObjectNode) Json.parse("""
                {"name": "injection", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        ObjectNode node = ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("nodes")).addObject();
        node.put("id", "n").put("type", type.id()).put("timeout_seconds", 2).set("config", config);
        if (!type.inputs().isEmpty()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("connections")).addObject().put("source", "in").put("target", "n");
        }
        Validator.Result valid = new Validator(TYPES).validate(doc);
        if (!valid.valid()) {
            assertThat(Json.write(valid.errors())).doesNotContain(CANARY, HOME);
            return;
        }
        String id = "inj-" + type.id().replace('_', '-') + "-" + Integer.toHexString(hostile.hashCode());
        String yaml = engine.translator().translate(id, 1, valid.workflow());
        for (String line : yaml.split("\n")) {
            String content = line.strip();
            if (!content.startsWith("#")) {
                assertThat(content).as(type.id() + " route YAML").doesNotContain(hostile, CANARY, "webops.injection");
            }
        }
        engine.deploy(id, 1, valid.workflow(), false);
        for (Route r : camel.getRoutes()) {
            assertThat(r.getEndpoint().getEndpointUri()).doesNotContain(CANARY, "webops.injection");
        }
        ExecutionRecord run = engine.startInBackground(id, Json.object().put("x", hostile).put("items", Json.NODES.arrayNode().add(1)),
                "manual", Json.object()).done().get(30, TimeUnit.SECONDS);
        // every endpoint the node's steps sent to (Kamelets, connectors), as Camel and JMX list them
        for (org.apache.camel.Endpoint e : camel.getEndpoints()) {
            assertThat(e.getEndpointUri()).as(type.id() + " endpoint").doesNotContain(hostile, CANARY, "webops.injection");
        }
        String everything = Json.write(io.webops.api.ApiJson.executionJson(run));
        assertThat(everything).as(type.id() + " run with " + hostile).doesNotContain(CANARY);
        if (!HOME.equals("/")) {
            assertThat(everything).as(type.id() + " run with " + hostile).doesNotContain("\"" + HOME + "\"", " " + HOME + " ");
        }
        engine.undeploy(id);
        ran++;
    }

    /** The hostile string in every string field (and as a header-like map entry); enums and numbers get valid values. */
    static ObjectNode config(NodeType type, String hostile) {
        ObjectNode config = Json.object();
        JsonNode properties = type.configSchema().path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode schema = field.getValue();
            String t = schema.path("type").asText();
            if (schema.has("enum")) {
                config.set(field.getKey(), schema.get("default") != null ? schema.get("default") : schema.get("enum").get(0));
            } else if (t.equals("string")) {
                config.put(field.getKey(), hostile);
            } else if (t.equals("object") && schema.path("additionalProperties").path("type").asText().equals("string")) {
                config.putObject(field.getKey()).put("X-Injected", hostile);
            } else if (schema.has("default")) {
                config.set(field.getKey(), schema.get("default"));
            }
        }
        return config;
    }

    static List<String> stringFields(NodeType type) {
        List<String> out = new ArrayList<>();
        type.configSchema().path("properties").fields().forEachRemaining(f -> {
            if (f.getValue().path("type").asText().equals("string") && !f.getValue().has("enum")) {
                out.add(f.getKey());
            }
        });
        return out;
    }
}
