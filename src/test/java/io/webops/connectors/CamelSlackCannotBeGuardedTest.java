package io.webops.connectors;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why the slack node posts through camel-http ({@code kamelet:webops-http-action}) and not through camel-slack (4.17),
 * shown with the real component: camel-slack connects with Slack's SDK client, which no option lets the runtime replace
 * or configure, so the SSRF guard cannot stand between it and the network; and its token and webhook URL are endpoint
 * options, so the secret is part of an endpoint URI that Camel lists.
 */
class CamelSlackCannotBeGuardedTest {

    static final String TOKEN = "xoxb-4242-cannot-be-guarded-secret";
    static final String HOOK_PATH = "/services/T9/B9/unguardedHookSecret";
    /** The product as it runs in production: its SSRF guard allows no private or loopback range. */
    static TestServer production;
    static FakeApi loopback;

    @BeforeAll
    static void start() throws Exception {
        loopback = new FakeApi();
        production = TestServer.start(Map.of("WEBOPS_SSRF_ALLOW", ""));
    }

    @AfterAll
    static void stop() {
        production.close();
        loopback.close();
    }

    @Test
    void camelSlackPostsToALoopbackWebhookTheGuardRefusesWhileTheSlackNodeIsRefused() throws Exception {
        String webhook = loopback.url(HOOK_PATH);
        loopback.on(HOOK_PATH, FakeApi.Response.text(200, "ok"));
        assertThatThrownBy(() -> SsrfGuard.fromSetting("").checkUrl(webhook)).as("the production guard refuses the URL")
                .isInstanceOf(SsrfException.class).hasMessageContaining("loopback");

        // camel-slack in the product's own CamelContext, where the guard is bound for camel-http
        CamelContext camel = production.server().camel();
        ProducerTemplate producer = camel.createProducerTemplate();
        try {
            producer.sendBody("slack:#general?webhookUrl=" + webhook, "through camel-slack");
        } finally {
            producer.stop();
        }
        assertThat(loopback.requests(HOOK_PATH)).as("camel-slack connected to the refused address").hasSize(1);
        assertThat(loopback.requests(HOOK_PATH).get(0).body()).contains("through camel-slack");

        loopback.reset();
        loopback.on(HOOK_PATH, FakeApi.Response.text(200, "ok"));
        String credential = Flows.credential(production, "slack", Map.of("webhook_url", webhook));
        String id = production.create(Json.write(Map.of("name", "slack-guarded", "nodes", List.of(
                Map.of("id", "post", "type", "slack", "config", Map.of("credential", credential, "message", "through the node")),
                Map.of("id", "handle", "type", "error_handler")),
                "connections", List.of(Map.of("source", "post", "target", "handle", "sourceHandle", "error")))));
        JsonNode ex = production.runAndWait(id, Map.of());
        assertThat(nodeLog(ex, "post").get("status").asText()).isEqualTo("failed");
        JsonNode error = nodeLog(ex, "handle").get("input");
        assertThat(error.get("type").asText()).isEqualTo("SsrfRefused");
        assertThat(error.get("message").asText()).startsWith("Node 'post': posting to Slack failed: Refused")
                .doesNotContain("unguardedHookSecret");
        assertThat(loopback.requests).as("the slack node never connected").isEmpty();
    }

    @Test
    void camelSlacksCatalogueOffersNoOptionToSupplyOrConfigureItsHttpClient() throws Exception {
        JsonNode catalogue;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/org/apache/camel/component/slack/slack.json")) {
            assertThat(in).as("camel-slack's catalogue entry").isNotNull();
            catalogue = Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String> options = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties")) {
            catalogue.get(section).fields().forEachRemaining(e -> options.add(e.getKey() + " : " + e.getValue().path("javaType").asText()));
        }
        assertThat(options).as("every option of the component and its endpoints").isNotEmpty()
                .contains("token : java.lang.String", "webhookUrl : java.lang.String", "serverUrl : java.lang.String")
                .noneMatch(o -> o.toLowerCase(java.util.Locale.ROOT).matches(".*(client|configurer|socketfactory|dns|resolver|proxy|okhttp|slackconfig).*"));
        assertThat(catalogue.get("properties").get("serverUrl").get("label").asText()).as("serverUrl is for the consumer only")
                .isEqualTo("consumer");
        assertThat(catalogue.get("properties").get("token").get("kind").asText()).isEqualTo("parameter");
        assertThat(catalogue.get("properties").get("webhookUrl").get("kind").asText()).isEqualTo("parameter");
    }

    @Test
    void camelSlacksTokenIsPartOfTheEndpointUriCamelLists() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            camel.getEndpoint("slack:#general?token=" + TOKEN);
            List<String> uris = camel.getEndpoints().stream().map(Endpoint::getEndpointUri).toList();
            assertThat(uris).anyMatch(uri -> uri.contains(TOKEN));
        }
    }
}
