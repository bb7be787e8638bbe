package io.webops.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeTypes;
import io.webops.validation.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What saving a workflow with LLM and agent nodes checks: each problem named by node and field. */
class AgentValidationTest {

    static List<ValidationError> errors(String type, String config) {
        JsonNode doc = Json.parse("{\"name\": \"w\", \"nodes\": [{\"id\": \"n\", \"type\": \"" + type + "\", \"config\": " + config
                + "}], \"connections\": []}");
        return new Validator(NodeTypes.standard()).validate(doc).errors();
    }

    static List<String> fields(List<ValidationError> errors) {
        return errors.stream().map(ValidationError::field).toList();
    }

    @Test
    void theCatalogueListsTheLlmAndAgentTypesWithTheirCategories() {
        NodeTypes types = NodeTypes.standard();
        assertThat(types.require("llm").category().id()).isEqualTo("processor");
        for (String agent : List.of("agent_task", "agent_query", "agent_memory", "agent_decision", "agent_learning")) {
            assertThat(types.require(agent).category().id()).as(agent).isEqualTo("agent");
        }
        assertThat(types.require("llm").credentialKind()).isEqualTo("openai");
        assertThat(types.require("llm").configSchema().get("properties").get("temperature").get("maximum").asInt()).isEqualTo(2);
    }

    @Test
    void aValidLlmNodePasses() {
        assertThat(errors("llm", "{\"prompt\": \"Summarize: {content} for {{ data.user }}\", \"output\": \"json\","
                + " \"schema\": {\"type\": \"object\"}, \"temperature\": 0.5, \"max_tokens\": 100}")).isEmpty();
    }

    @Test
    void promptIsRequiredAndTemplatesMustParse() {
        assertThat(fields(errors("llm", "{}"))).contains("config.prompt");
        List<ValidationError> bad = errors("llm", "{\"prompt\": \"Hi {{ data. }}\"}");
        assertThat(fields(bad)).containsExactly("config.prompt");
        assertThat(bad.get(0).message()).startsWith("Node 'n': config.prompt is not a valid template");
    }

    @Test
    void outOfRangeSettingsAndBadSchemasAreRefused() {
        assertThat(fields(errors("llm", "{\"prompt\": \"x\", \"temperature\": 3}"))).containsExactly("config.temperature");
        assertThat(fields(errors("llm", "{\"prompt\": \"x\", \"max_tokens\": 0}"))).containsExactly("config.max_tokens");
        assertThat(fields(errors("llm", "{\"prompt\": \"x\", \"output\": \"json\", \"schema\": {\"$ref\": \"https://example.com/s.json\"}}")))
                .containsExactly("config.schema");
    }

    @Test
    void agentTemplatesMustParseAndDecisionsNeedTwoOptions() {
        List<ValidationError> bad = errors("agent_query", "{\"agent\": \"{{ data. }}\", \"query\": \"q\"}");
        assertThat(fields(bad)).containsExactly("config.agent");
        assertThat(bad.get(0).message()).contains("config.agent is not a valid template");
        assertThat(fields(errors("agent_decision", "{\"agent\": \"a\", \"options\": [\"only\"], \"criteria\": \"c\"}")))
                .containsExactly("config.options");
        assertThat(fields(errors("agent_memory", "{\"agent\": \"a\", \"operation\": \"forget\"}"))).containsExactly("config.key");
        assertThat(fields(errors("agent_task", "{\"agent\": \"a\", \"task\": \"t\", \"max_steps\": 0}"))).containsExactly("config.max_steps");
        assertThat(fields(errors("agent_learning", "{\"agent\": \"a\", \"feedback_type\": \"praise\"}"))).containsExactly("config.feedback_type");
    }
}
