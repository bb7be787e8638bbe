package io.webops.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.model.Workflow;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SsrfGuard;
import io.webops.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Node ids, labels and names are user strings (§5): in the generated YAML they appear only as
 * sanitized route ids and endpoint names, or inside single-line comments, so Camel never reads
 * one as a property placeholder, simple expression, bean reference or YAML structure.
 */
class UserStringsInRoutesTest {

    private static final NodeTypes TYPES = NodeTypes.standard();
    private static final String INJECTED = "- route: {id: injected, from: {uri: 'timer:x', steps: [{log: 'pwned'}]}}";

    /** Strings Camel or YAML would give a meaning to. */
    private static final List<String> HOSTILE = List.of(
            "{{env:HOME}}",
            "{{sys:user.home}}",
            "${sys.user.home}",
            "${bean:foo.bar}",
            "#{x}",
            "bean:foo",
            "direct:elsewhere",
            "it's \"quoted\"",
            "two\nlines\n" + INJECTED,
            "carriage\rreturn\r" + INJECTED,
            "line\u2028separator\u2029" + INJECTED,
            "next\u0085line" + INJECTED,
            "a.b",
            "a_b");

    @Test
    void hostileNodeIdsBecomeSanitizedRouteIds() {
        Map<String, String> routeIds = Translator.routeIds("wf-x", 1, workflow());

        assertThat(routeIds.keySet()).containsAll(HOSTILE);
        assertThat(routeIds.values()).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("wf-x\\.v1\\.[A-Za-z0-9_-]+"));
        assertThat(routeIds.get("{{env:HOME}}")).isEqualTo("wf-x.v1.__env_HOME__");
        assertThat(routeIds.get("a.b")).isEqualTo("wf-x.v1.a_b");
        assertThat(routeIds.get("a_b")).isEqualTo("wf-x.v1.a_b-2");
    }

    @Test
    void userStringsReachTheYamlOnlyInsideSingleLineComments() {
        String yaml = new Translator(TYPES, RetryPolicy.DEFAULT).translate("wf-x", 1, workflow());

        for (String line : yaml.split("\n", -1)) {
            // the one bean reference the translator writes: the beans: section's factory argument
            String content = line.strip().replaceFirst("^- ", "").replace("\"#bean:" + io.webops.nodes.Beans.NODES + "\"", "");
            if (content.startsWith("#")) {
                continue;
            }
            assertThat(content).as("a YAML line that is not a comment")
                    .doesNotContain("{{", "${", "#{", "bean:", "direct:elsewhere", "timer:", "log:", "'", "\\\"", "\u0085");
        }
        // U+2028, U+2029 and U+0085 stay in comments: Camel's YAML 1.2 loader does not break lines on them
        assertThat(yaml).doesNotContain("\r");
        assertThat(yaml.lines().filter(l -> l.startsWith("- route:"))).hasSize(2 + HOSTILE.size() + 1);
    }

    @Test
    void yamlWithHostileStringsDeploysOnlyTheWorkflowsRoutes() throws Exception {
        Workflow workflow = workflow();
        try (DefaultCamelContext camel = new DefaultCamelContext(); Store store = Store.inMemory()) {
            camel.start();
            try (Engine engine = new Engine(camel, store, TYPES,
                    new EngineSettings(null, SsrfGuard.fromSetting(null), RetryPolicy.DEFAULT))) {
                engine.deploy("wf-x", 1, workflow, false);

                List<String> ids = camel.getRoutes().stream().map(Route::getRouteId).toList();
                List<String> expected = new ArrayList<>(Translator.routeIds("wf-x", 1, workflow).values());
                expected.add("wf-x.v1.start");
                expected.add("wf-x.trigger");
                assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
                for (Route r : camel.getRoutes()) {
                    assertThat(r.getEndpoint().getEndpointUri()).doesNotContain(System.getProperty("user.home"), "{{", "${");
                }
            }
        }
    }

    /** YAML forbids most C0 control characters anywhere, comments included; a label may hold them. */
    @Test
    void yamlWithControlCharactersInLabelsStillDeploys() throws Exception {
        ObjectNode doc = document("Name with a bell \u0007 and an escape \u001b[31m");
        ArrayNode nodes = (ArrayNode) doc.get("nodes");
        nodes.addObject().put("id", "odd").put("type", "webhook_input").put("label", "nul \u0000 bell \u0007 del \u007f");
        Workflow workflow = valid(doc);
        try (DefaultCamelContext camel = new DefaultCamelContext(); Store store = Store.inMemory()) {
            camel.start();
            try (Engine engine = new Engine(camel, store, TYPES,
                    new EngineSettings(null, SsrfGuard.fromSetting(null), RetryPolicy.DEFAULT))) {
                engine.deploy("wf-x", 1, workflow, false);

                assertThat(camel.getRoute("wf-x.v1.odd")).isNotNull();
            }
        }
    }

    /** Every hostile string as a node id and as the label of the next node, chained, plus a catch-all. */
    private static Workflow workflow() {
        return valid(document("Workflow\n" + INJECTED + " {{env:HOME}}"));
    }

    private static ObjectNode document(String name) {
        ObjectNode doc = Json.object();
        doc.put("name", name);
        doc.putObject("trigger").put("type", "event").put("on", "workflow.failed").put("workflow", "up\n" + INJECTED);
        ArrayNode nodes = doc.putArray("nodes");
        ArrayNode connections = doc.putArray("connections");
        String previous = null;
        for (int i = 0; i < HOSTILE.size(); i++) {
            String id = HOSTILE.get(i);
            nodes.addObject().put("id", id).put("type", "transform")
                    .put("label", HOSTILE.get((i + 1) % HOSTILE.size()))
                    .putObject("config").put("type", "jmespath").put("query", "@");
            if (previous != null) {
                connections.addObject().put("source", previous).put("target", id);
            }
            previous = id;
        }
        nodes.addObject().put("id", "${catch}\n" + INJECTED).put("type", "error_handler").put("label", "#{all}");
        return doc;
    }

    private static Workflow valid(ObjectNode doc) {
        Validator.Result result = new Validator(TYPES).validate(doc);
        assertThat(result.errors()).isEmpty();
        return result.workflow();
    }
}
