package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Template;
import io.webops.json.Json;
import io.webops.llm.AgentMemory;
import io.webops.llm.AgentSession;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import java.util.function.Consumer;

/**
 * {@code agent_learning}: records feedback on the agent's work (a rating, a correction or an
 * example), optionally about an earlier output ({@code reference}). Later prompts of that agent
 * carry the feedback most relevant to their request.
 */
public final class AgentLearningNode implements NodeType {

    @Override
    public String id() {
        return "agent_learning";
    }

    @Override
    public Category category() {
        return Category.AGENT;
    }

    @Override
    public String title() {
        return "Agent Learning";
    }

    @Override
    public String description() {
        return "Record feedback (rating, correction, example) that later prompts of the agent use.";
    }

    @Override
    public ObjectNode configSchema() {
        return AgentNodeSupport.agentField(Schema.object())
                .enumeration("feedback_type", "Feedback type", "rating, correction or example", "rating", "correction", "example")
                .any("feedback", "Feedback", "The feedback (default: the input); templates allowed")
                .template("reference", "About", "The earlier output this feedback is about, e.g. {{ nodes.answer.answer }}")
                .required("agent", "feedback_type")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkAgent(node, problems);
        AgentNodeSupport.checkTemplates(node, problems, "feedback", "reference");
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template agent = AgentNodeSupport.template(node, "agent");
        String type = node.configText("feedback_type", "correction");
        Template reference = AgentNodeSupport.template(node, "reference");
        return call -> {
            AgentSession session = AgentSession.open(node, agent.render(call.vars()), services, false);
            JsonNode feedback = node.config().has("feedback") ? AgentNodeSupport.renderDeep(node, "feedback", call.vars()) : call.input();
            String text = AgentNodeSupport.text(feedback);
            if (text.isBlank()) {
                throw NodeFailure.data("Node '" + node.id() + "': config.feedback is empty: there is nothing to learn");
            }
            String about = reference == null ? null : reference.render(call.vars());
            AgentMemory.Entry e = session.memory().store(session.agent().id(), AgentMemory.FEEDBACK, type, text,
                    about == null || about.isBlank() ? null : about.length() > 1000 ? about.substring(0, 1000) : about);
            ObjectNode out = Json.object();
            out.put("recorded", true);
            out.put("feedback_type", type);
            out.put("id", e.seq());
            return NodeResult.of(out);
        };
    }
}
