package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.ChatMessage;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.llm.AgentSession;
import io.webops.llm.JsonAnswers;
import io.webops.llm.LlmClient;
import io.webops.llm.ModelResolver;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.schema.ConfigSchemas;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code agent_query}: asks an agent a question about the input (or {@code context}) and answers
 * {@code {answer}} in the requested {@code format}: text, json (checked against {@code schema}) or
 * list (an array of strings). The agent's memories, feedback and recent conversation are part of
 * the prompt; the question and answer join its conversation.
 */
public final class AgentQueryNode implements NodeType {

    @Override
    public String id() {
        return "agent_query";
    }

    @Override
    public Category category() {
        return Category.AGENT;
    }

    @Override
    public String title() {
        return "Agent Query";
    }

    @Override
    public String description() {
        return "Ask an agent; output {answer} as text, JSON (checked against schema) or a list.";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode s = AgentNodeSupport.modelFields(AgentNodeSupport.agentField(Schema.object())
                        .template("query", "Question", "What to ask; templates allowed")
                        .any("context", "Context", "What the question is about (default: the input); templates allowed")
                        .enumeration("format", "Answer format", "text, json (checked against schema) or list", "text", "json", "list")
                        .defaultValue("format", "text"))
                .required("agent", "query")
                .build();
        AgentNodeSupport.withSchemaField(s, "JSON Schema the answer must match (format json)");
        return AgentNodeSupport.temperatureBounds(s);
    }

    @Override
    public String credentialKind() {
        return ModelResolver.CREDENTIAL_KIND;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkAgent(node, problems);
        AgentNodeSupport.checkTemplates(node, problems, "query", "context");
        AgentNodeSupport.checkSchema(node, problems);
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template agent = AgentNodeSupport.template(node, "agent");
        Template query = AgentNodeSupport.template(node, "query");
        String format = node.configText("format", "text");
        ConfigSchemas schema = AgentNodeSupport.answerSchema(node);
        String schemaText = node.config().has("schema") ? Json.write(node.config().get("schema")) : null;
        LlmClient client = new LlmClient(services.http());
        return call -> {
            AgentSession session = AgentSession.open(node, agent.render(call.vars()), services, true);
            JsonNode context = node.config().has("context") ? AgentNodeSupport.renderDeep(node, "context", call.vars()) : call.input();
            String contextText = AgentNodeSupport.text(context);
            String request = "Question: " + query.render(call.vars())
                    + (contextText.isBlank() || contextText.equals("{}") ? "" : "\n\nContext:\n" + contextText);
            String instructions = switch (format) {
                case "json" -> "Answer with JSON only" + (schemaText == null ? "." : ", matching this JSON Schema: " + schemaText);
                case "list" -> "Answer with only a JSON object {\"items\": [...]} whose items are the answer's entries, as strings.";
                default -> null;
            };
            List<ChatMessage> messages = session.prompt(request, instructions);
            JsonNode answer;
            switch (format) {
                case "json" -> {
                    boolean objectAnswer = schema == null || "object".equals(node.config().path("schema").path("type").asText("object"));
                    answer = JsonAnswers.ask(client, node.id(), session.target(), messages, objectAnswer,
                            schema == null ? null : JsonAnswers.schema(schema),
                            schemaText == null ? "JSON" : "JSON matching the schema " + schemaText, session.log());
                }
                case "list" -> answer = JsonAnswers.ask(client, node.id(), session.target(), messages, true,
                        v -> v.path("items").isArray() ? null : "it has no \"items\" array",
                        "a JSON object {\"items\": [...]}", session.log()).get("items");
                default -> answer = Json.NODES.textNode(client.chat(node.id(), session.target(), messages, List.of(), false, session.log()).text());
            }
            session.remember(request, AgentNodeSupport.text(answer));
            ObjectNode out = Json.object();
            out.set("answer", answer);
            return NodeResult.of(out).withDetails(session.log().details());
        };
    }
}
