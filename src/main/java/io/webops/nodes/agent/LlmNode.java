package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.llm.CallLog;
import io.webops.llm.JsonAnswers;
import io.webops.llm.LlmClient;
import io.webops.llm.LlmRuntime;
import io.webops.llm.ModelResolver;
import io.webops.llm.ModelTarget;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.schema.ConfigSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code llm}: one prompt to an OpenAI-compatible model. {@code system} and {@code prompt} are
 * templates ({@code {{ data.x }}} and the seed's {@code {content}}). Output {@code {text}}, or with
 * {@code output: json} the answer itself, checked against {@code schema} when given (asked again
 * once when it does not parse or match). Token usage, model and latency go to the node log.
 */
public final class LlmNode implements NodeType {

    public static final String ID = "llm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "LLM";
    }

    @Override
    public String description() {
        return "Prompt an LLM (any OpenAI-compatible server); output {text}, or the JSON answer with output: json.";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode s = AgentNodeSupport.modelFields(Schema.object()
                        .template("prompt", "Prompt", "What to ask; {{ data.field }} and {field} take values from the input")
                        .template("system", "System prompt", "Instructions that frame the answer; templates allowed")
                        .enumeration("output", "Output", "text: {text}; json: the answer as JSON (checked against schema)", "text", "json")
                        .defaultValue("output", "text"))
                .required("prompt")
                .build();
        AgentNodeSupport.withSchemaField(s, "JSON Schema the answer must match (output json)");
        return AgentNodeSupport.temperatureBounds(s);
    }

    @Override
    public String credentialKind() {
        return ModelResolver.CREDENTIAL_KIND;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkTemplates(node, problems, "prompt", "system");
        AgentNodeSupport.checkSchema(node, problems);
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template prompt = AgentNodeSupport.template(node, "prompt");
        Template system = AgentNodeSupport.template(node, "system");
        boolean json = "json".equals(node.configText("output", "text"));
        ConfigSchemas schema = AgentNodeSupport.answerSchema(node);
        String schemaText = node.config().has("schema") ? Json.write(node.config().get("schema")) : null;
        boolean objectAnswer = schema == null || "object".equals(node.config().path("schema").path("type").asText("object"));
        LlmClient client = new LlmClient(services.http());
        return call -> {
            LlmRuntime runtime = LlmRuntime.of(services.camel(), node.id());
            ModelTarget target = ModelResolver.resolve(node, services, runtime.defaults(), null);
            String systemText = system == null ? "" : system.render(call.vars());
            if (json) {
                systemText = (systemText + "\n\nAnswer with JSON only" + (schemaText == null ? "." : ", matching this JSON Schema: " + schemaText)).strip();
            }
            List<ChatMessage> messages = new ArrayList<>();
            if (!systemText.isEmpty()) {
                messages.add(SystemMessage.from(systemText));
            }
            messages.add(UserMessage.from(prompt.render(call.vars())));
            CallLog log = new CallLog();
            JsonNode output;
            if (json) {
                // JSON mode makes OpenAI answer an object; an array or scalar schema is asked for in words only
                output = JsonAnswers.ask(client, node.id(), target, messages, objectAnswer,
                        schema == null ? null : JsonAnswers.schema(schema),
                        schemaText == null ? "JSON" : "JSON matching the schema " + schemaText, log);
            } else {
                ObjectNode out = Json.object();
                out.put("text", client.chat(node.id(), target, messages, List.of(), false, log).text());
                output = out;
            }
            return NodeResult.of(output).withDetails(log.details());
        };
    }
}
