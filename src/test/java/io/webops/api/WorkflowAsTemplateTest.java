package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a workflow loses on its way to a template: credentials become their kinds, secrets go, the rest stays as it was. */
class WorkflowAsTemplateTest {

    static final Map<String, String> KINDS = Map.of("cred-db", "database", "cred-gh", "github");

    static WorkflowAsTemplate.Result template(String workflow) {
        return WorkflowAsTemplate.of(Json.parse(workflow), NodeTypes.standard(), id -> Optional.ofNullable(KINDS.get(id)));
    }

    @Test
    void eachCredentialBecomesThePickOfItsKindOnTheNode() {
        JsonNode wf = template("""
                {"name": "w", "nodes": [
                  {"id": "a", "type": "api_request", "credential": "cred-gh", "config": {"url": "https://api.github.com"}},
                  {"id": "b", "type": "database_query", "config": {"credential": "cred-db", "query": "select 1"}},
                  {"id": "c", "type": "email", "credential": "cred-gone", "config": {"to": "x@example.com", "subject": "s"}},
                  {"id": "d", "type": "slack", "credential": "pick:slack", "config": {"message": "m"}}],
                 "connections": []}""").workflow();

        assertThat(wf.at("/nodes/0/credential").asText()).as("the credential's own kind").isEqualTo("pick:github");
        assertThat(wf.at("/nodes/1/credential").asText()).isEqualTo("pick:database");
        assertThat(wf.at("/nodes/1/config").has("credential")).isFalse();
        assertThat(wf.at("/nodes/2/credential").asText()).as("a credential no longer there: the node type's kind").isEqualTo("pick:smtp");
        assertThat(wf.at("/nodes/3/credential").asText()).isEqualTo("pick:slack");
    }

    @Test
    void secretsAreRemovedAndListedWhereverTheyAre() {
        WorkflowAsTemplate.Result t = template("""
                {"name": "w",
                 "trigger": {"type": "webhook", "path": "mine", "auth": {"type": "basic", "username": "hook", "password": "pw-1"}},
                 "nodes": [
                  {"id": "call", "type": "api_call", "config": {
                     "url": "https://bob:pw-2@example.com/x?access_token=tok-3&page=2#top",
                     "headers": {"Authorization": "Bearer tok-4", "X-Request-Id": "{{ execution.id }}"},
                     "body": {"items": [{"client_secret": "sec-5", "name": "n"}, "see ftp://u:pw-6@files.example.com/a"]}}}],
                 "connections": []}""");

        String written = Json.write(t.workflow());
        assertThat(written).doesNotContain("pw-1", "pw-2", "tok-3", "tok-4", "sec-5", "pw-6", "mine");
        assertThat(t.workflow().at("/trigger").toString()).isEqualTo("{\"type\":\"webhook\",\"auth\":{\"type\":\"basic\",\"username\":\"hook\"}}");
        assertThat(t.workflow().at("/nodes/0/config/url").asText()).isEqualTo("https://example.com/x?access_token=&page=2#top");
        assertThat(t.workflow().at("/nodes/0/config/headers").toString()).isEqualTo("{\"X-Request-Id\":\"{{ execution.id }}\"}");
        assertThat(t.workflow().at("/nodes/0/config/body").toString())
                .isEqualTo("{\"items\":[{\"name\":\"n\"},\"see ftp://files.example.com/a\"]}");
        assertThat(t.stripped()).containsExactly("trigger.auth.password", "nodes[call].config.url", "nodes[call].config.headers.Authorization",
                "nodes[call].config.body.items[0].client_secret", "nodes[call].config.body.items[1]");
    }

    @Test
    void whatOnlyLooksLikeASecretStays() {
        String workflow = """
                {"name": "w", "trigger": {"type": "event", "on": "workflow.failed", "workflow": "wf-authors"},
                 "nodes": [
                  {"id": "pick", "type": "transform", "config": {"type": "jmespath", "query": "items[?token=='a'] | sort_by(@, &key)"}},
                  {"id": "ask", "type": "llm", "config": {"prompt": "Who holds the token?", "max_tokens": 200}},
                  {"id": "keep", "type": "state", "config": {"operation": "set", "key": "last"}}],
                 "connections": [{"source": "pick", "target": "ask"}, {"source": "ask", "target": "keep"}]}""";
        WorkflowAsTemplate.Result t = template(workflow);

        assertThat(t.stripped()).isEmpty();
        assertThat(t.workflow().get("nodes")).isEqualTo(Json.parse(workflow).get("nodes"));
        assertThat(t.workflow().at("/trigger/workflow").asText()).as("the author's workflow is for the user to name").isEmpty();
    }
}
