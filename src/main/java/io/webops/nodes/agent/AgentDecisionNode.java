package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code agent_decision}: the agent chooses one of {@code options} by {@code criteria}, given the
 * input (or {@code context}); output {@code {choice, reason, scores}}. The choice is always one of
 * the options: an answer naming anything else is asked for again once, then the node fails.
 */
public final class AgentDecisionNode implements NodeType {

    @Override
    public String id() {
        return "agent_decision";
    }

    @Override
    public Category category() {
        return Category.AGENT;
    }

    @Override
    public String title() {
        return "Agent Decision";
    }

    @Override
    public String description() {
        return "An agent chooses among options by criteria; output {choice, reason, scores}, choice always one of the options.";
    }

    @Override
    public ObjectNode configSchema() {
        return AgentNodeSupport.temperatureBounds(AgentNodeSupport.modelFields(AgentNodeSupport.agentField(Schema.object())
                        .any("options", "Options", "The choices: a list of strings, or a template giving a list")
                        .template("criteria", "Criteria", "How to choose; templates allowed")
                        .any("context", "Context", "What to decide about (default: the input); templates allowed"))
                .required("agent", "options", "criteria")
                .build());
    }

    @Override
    public String credentialKind() {
        return ModelResolver.CREDENTIAL_KIND;
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkAgent(node, problems);
        AgentNodeSupport.checkTemplates(node, problems, "options", "criteria", "context");
        JsonNode options = node.config().get("options");
        if (options != null && options.isArray() && options.size() < 2) {
            problems.accept(ValidationError.ofNode(node.id(), "config.options",
                    "Node '" + node.id() + "': config.options needs at least two choices"));
        }
        if (options != null && !options.isArray() && !options.isTextual()) {
            problems.accept(ValidationError.ofNode(node.id(), "config.options",
                    "Node '" + node.id() + "': config.options must be a list of strings or a template giving one"));
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template agent = AgentNodeSupport.template(node, "agent");
        Template criteria = AgentNodeSupport.template(node, "criteria");
        LlmClient client = new LlmClient(services.http());
        return call -> {
            AgentSession session = AgentSession.open(node, agent.render(call.vars()), services, true);
            List<String> options = options(node, AgentNodeSupport.renderDeep(node, "options", call.vars()));
            JsonNode context = node.config().has("context") ? AgentNodeSupport.renderDeep(node, "context", call.vars()) : call.input();
            StringBuilder request = new StringBuilder("Choose exactly one of these options:\n");
            for (int i = 0; i < options.size(); i++) {
                request.append(i + 1).append(". ").append(options.get(i)).append('\n');
            }
            request.append("\nCriteria: ").append(criteria.render(call.vars()));
            String contextText = AgentNodeSupport.text(context);
            if (!contextText.isBlank() && !contextText.equals("{}")) {
                request.append("\n\nContext:\n").append(contextText);
            }
            String shape = "a JSON object {\"choice\": <exactly one of " + Json.write(Json.MAPPER.valueToTree(options))
                    + ">, \"reason\": <why, in a sentence or two>, \"scores\": {<each option>: <0 to 1>}}";
            JsonNode answer = JsonAnswers.ask(client, node.id(), session.target(),
                    session.prompt(request.toString(), "Answer with only " + shape + "."), true,
                    v -> problem(v, options), shape, session.log());
            ObjectNode out = Json.object();
            out.put("choice", answer.get("choice").asText());
            out.put("reason", answer.path("reason").asText(""));
            out.set("scores", answer.path("scores").isObject() ? answer.get("scores") : Json.object());
            session.remember(request.toString(), Json.write(out));
            return NodeResult.of(out).withDetails(session.log().details());
        };
    }

    private static List<String> options(Node node, JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            for (JsonNode o : value) {
                String text = AgentNodeSupport.text(o).strip();
                if (!text.isEmpty() && !out.contains(text)) {
                    out.add(text);
                }
            }
        }
        if (out.size() < 2) {
            throw NodeFailure.data("Node '" + node.id() + "': config.options gave " + (value == null ? "nothing" : Json.write(value))
                    + ": it needs a list of at least two distinct choices");
        }
        return out;
    }

    private static String problem(JsonNode v, List<String> options) {
        if (!v.isObject()) {
            return "it is not a JSON object";
        }
        JsonNode choice = v.get("choice");
        if (choice == null || !choice.isTextual()) {
            return "it has no \"choice\" string";
        }
        if (!options.contains(choice.asText().strip())) {
            return "the choice '" + choice.asText() + "' is not one of the options " + Json.write(Json.MAPPER.valueToTree(options));
        }
        return null;
    }
}
