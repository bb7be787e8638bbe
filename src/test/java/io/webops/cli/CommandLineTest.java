package io.webops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.webops.json.Json;

/** The headless command line (§8): validate, translate, run once. */
class CommandLineTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    @Test
    void validatePrintsValidAndExitsZeroForAValidWorkflow() throws Exception {
        Result r = cli("validate", file("order-total.json", VALID));

        assertThat(r.exit()).isZero();
        assertThat(r.out().trim()).isEqualTo("valid");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validatePrintsEachErrorOnStderrAndExitsOneForAnInvalidWorkflow() throws Exception {
        Result r = cli("validate", file("broken.json", """
                {"name": "broken", "nodes": [
                  {"id": "a", "type": "no_such_type"},
                  {"id": "b", "type": "condition", "config": {"expression": "data.x ==="}}],
                 "connections": [{"source": "a", "target": "missing"}]}
                """));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("valid");
        assertThat(r.err()).contains("no_such_type").contains("missing").contains("'b'");
        assertThat(r.err().lines().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void validateOfAFileThatIsNotJsonFailsWithTheFileName() throws Exception {
        Result r = cli("validate", file("garbage.json", "{not json"));

        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("garbage.json");
    }

    @Test
    void theCommandLineKnowsTheKameletNodeTypesAsTheServerDoes() throws Exception {
        Result r = cli("translate", file("kamelet.json", """
                {"name": "kamelet", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "total", "type": "kamelet:jsonata-action", "config": {"template": "{'n': n}"}}],
                 "connections": [{"source": "in", "target": "total"}]}
                """));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("kamelet:jsonata-action/");
        Result refused = cli("validate", file("exec.json", """
                {"name": "exec", "nodes": [{"id": "x", "type": "kamelet:exec-sink"}], "connections": []}
                """));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("Node 'x': node type 'kamelet:exec-sink' is not offered here: refused");
    }

    @Test
    void translatePrintsTheCamelYamlRoutes() throws Exception {
        Result r = cli("translate", file("order-total.json", VALID));

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("- route:").contains("order-total").contains("direct:");
        assertThat(r.out()).contains("total").doesNotContain("sum(items)");
    }

    @Test
    void translateOfAnInvalidWorkflowExitsOneWithTheErrors() throws Exception {
        Result r = cli("translate", file("bad.json", "{\"name\": \"bad\", \"nodes\": [{\"id\": \"a\", \"type\": \"nope\"}], \"connections\": []}"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nope");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void exportWritesARunnableCamelFolderWithoutTheWebhookSecret() throws Exception {
        Path out = dir.resolve("exported");
        Result r = cli("export", file("hook.json", """
                {"name": "hook", "trigger": {"type": "webhook", "path": "hook",
                  "auth": {"type": "header", "name": "X-Token", "value": "cli-secret-never-exported"}},
                 "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "api_request", "config": {"url": "https://example.com/{{ data.id }}"}}],
                 "connections": [{"source": "in", "target": "call"}]}
                """), "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(out.resolve("hook.camel.yaml")).content()
                .contains("- beans:").contains("io.webops.standalone.ExportedWorkflow")
                .contains("platform-http:/webhooks/hook").contains("kamelet:webops-http-action")
                .doesNotContain("cli-secret-never-exported").doesNotContain("example.com");
        assertThat(out.resolve("workflow.json")).content().doesNotContain("cli-secret-never-exported");
        java.util.regex.Matcher definition = java.util.regex.Pattern.compile("definition: \"([A-Za-z0-9+/=]+)\"")
                .matcher(Files.readString(out.resolve("hook.camel.yaml")));
        assertThat(definition.find()).isTrue();
        assertThat(new String(java.util.Base64.getDecoder().decode(definition.group(1)), StandardCharsets.UTF_8))
                .contains("webhook_input").doesNotContain("cli-secret-never-exported");
        assertThat(out.resolve("kamelets/webops-http-action.kamelet.yaml")).exists();
        assertThat(out.resolve("application.properties")).content().contains("webops.webhook.auth.value=");
        assertThat(cli("export", file("hook2.json", VALID)).exit()).as("without --out").isEqualTo(2);
    }

    @Test
    void runPrintsTheSuccessfulExecutionAndExitsZero() throws Exception {
        Result r = cli("run", file("order-total.json", VALID), "--input", "{\"items\": [2, 3, 4]}");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode ex = Json.parse(r.out());
        assertThat(ex.get("status").asText()).isEqualTo("success");
        assertThat(ex.get("input").get("items")).hasSize(3);
        assertThat(ex.get("output").get("total").asDouble()).isEqualTo(9.0);
        assertThat(ex.get("node_logs")).hasSize(2);
        assertThat(ex.get("id").asText()).isNotBlank();
    }

    @Test
    void runOfAFailingWorkflowPrintsTheFailedExecutionAndExitsNonZero() throws Exception {
        Result r = cli("run", file("fails.json", """
                {"name": "fails", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "broken", "type": "delay", "config": {"until": "{{ data.when }}"}}],
                 "connections": [{"source": "in", "target": "broken"}]}
                """), "--input", "{\"when\": \"whenever\"}");

        assertThat(r.exit()).isNotZero();
        JsonNode ex = Json.parse(r.out());
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("whenever");
    }

    @Test
    void unknownCommandPrintsUsageAndExitsTwo() throws Exception {
        Result r = cli("frobnicate");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("usage");
    }

    private static final String VALID = """
            {"name": "order total", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "total", "type": "transform", "config": {"type": "jmespath", "query": "{total: sum(items)}"}}],
             "connections": [{"source": "in", "target": "total"}]}
            """;

    private String file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f.toString();
    }

    private static Result cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, o, e);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
