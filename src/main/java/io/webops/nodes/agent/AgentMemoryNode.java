package io.webops.nodes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code agent_memory}: store, recall or forget in the agent's persistent memory (the database,
 * scoped to the agent). Recall is by {@code key}, or by similarity to {@code query} (a local
 * lexical vector, no embedding service). What an agent remembers also reaches its later prompts.
 */
public final class AgentMemoryNode implements NodeType {

    @Override
    public String id() {
        return "agent_memory";
    }

    @Override
    public Category category() {
        return Category.AGENT;
    }

    @Override
    public String title() {
        return "Agent Memory";
    }

    @Override
    public String description() {
        return "Store, recall (by key or by similarity) or forget in an agent's persistent memory.";
    }

    @Override
    public ObjectNode configSchema() {
        return AgentNodeSupport.agentField(Schema.object())
                .enumeration("operation", "Operation", "store, recall or forget", "store", "recall", "forget")
                .template("key", "Key", "Name of the memory (store, recall by key, forget); templates allowed")
                .any("content", "Content", "What to store (default: the input); templates allowed")
                .template("query", "Query", "Recall the memories most similar to this text; templates allowed")
                .integer("limit", "Limit", "How many memories a similarity recall answers")
                .defaultValue("limit", 5)
                .minimum("limit", 1)
                .maximum("limit", 100)
                .required("agent", "operation")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        AgentNodeSupport.checkAgent(node, problems);
        AgentNodeSupport.checkTemplates(node, problems, "key", "content", "query");
        String op = node.configText("operation", "");
        if (op.equals("forget") && node.configText("key", null) == null) {
            problems.accept(ValidationError.ofNode(node.id(), "config.key", "Node '" + node.id() + "': config.key is required to forget"));
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Template agent = AgentNodeSupport.template(node, "agent");
        String operation = node.configText("operation", "recall");
        Template key = AgentNodeSupport.template(node, "key");
        Template query = AgentNodeSupport.template(node, "query");
        int limit = node.config().path("limit").asInt(5);
        return call -> {
            AgentSession session = AgentSession.open(node, agent.render(call.vars()), services, false);
            AgentMemory memory = session.memory();
            String agentId = session.agent().id();
            String k = key == null ? null : blankToNull(key.render(call.vars()));
            ObjectNode out = Json.object();
            switch (operation) {
                case "store" -> {
                    JsonNode content = node.config().has("content") ? AgentNodeSupport.renderDeep(node, "content", call.vars()) : call.input();
                    String text = AgentNodeSupport.text(content);
                    if (text.isBlank()) {
                        throw NodeFailure.data("Node '" + node.id() + "': config.content is empty: there is nothing to store");
                    }
                    AgentMemory.Entry e = memory.store(agentId, AgentMemory.MEMORY, k, text, null);
                    out.put("stored", true);
                    out.put("key", k);
                    out.put("id", e.seq());
                }
                case "forget" -> {
                    if (k == null) {
                        throw NodeFailure.data("Node '" + node.id() + "': config.key rendered empty: say which memory to forget");
                    }
                    out.put("forgotten", memory.forget(agentId, k));
                    out.put("key", k);
                }
                default -> {
                    if (k != null && query == null) {
                        Optional<AgentMemory.Entry> e = memory.byKey(agentId, k);
                        out.put("key", k);
                        out.put("found", e.isPresent());
                        out.set("content", e.map(x -> (JsonNode) Json.NODES.textNode(x.content())).orElse(Json.NODES.nullNode()));
                    } else {
                        String text = query != null ? query.render(call.vars()) : AgentNodeSupport.text(call.input());
                        ArrayNode found = out.putArray("memories");
                        for (AgentMemory.Scored s : memory.similar(agentId, AgentMemory.MEMORY, text, limit)) {
                            ObjectNode m = found.addObject();
                            m.put("key", s.entry().key());
                            m.put("content", s.entry().content());
                            m.put("score", Math.round(s.score() * 1000) / 1000.0);
                        }
                    }
                }
            }
            return NodeResult.of(out);
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
