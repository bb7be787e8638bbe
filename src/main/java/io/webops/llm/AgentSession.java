package io.webops.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.webops.auth.Access;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeServices;
import java.util.ArrayList;
import java.util.List;

/**
 * One agent node run: the agent as defined now, the model it talks to, and its prompts. A prompt
 * is the agent's system prompt, the memories and feedback most similar to the request, the
 * agent's recent conversation ({@code memory_size} messages), then the request; the request and
 * the final answer join the conversation afterwards.
 */
public final class AgentSession {

    /** How many similar memories and feedback entries a prompt carries. */
    static final int RECALLED = 5;

    private final Node node;
    private final Agent agent;
    private final LlmRuntime runtime;
    private final ModelTarget target;
    private final CallLog log = new CallLog();

    private AgentSession(Node node, Agent agent, LlmRuntime runtime, ModelTarget target) {
        this.node = node;
        this.agent = agent;
        this.runtime = runtime;
        this.target = target;
        log.note("agent", Json.NODES.textNode(agent.id()));
    }

    /** Opens the session; fails naming the node and field when the agent does not exist or is invalid. */
    public static AgentSession open(Node node, String agentId, NodeServices services, boolean needsModel) {
        LlmRuntime runtime = LlmRuntime.of(services.camel(), node.id());
        Agent agent = agent(node, agentId, runtime, services);
        ModelTarget target = needsModel ? ModelResolver.resolve(node, services, runtime.defaults(), agent) : null;
        return new AgentSession(node, agent, runtime, target);
    }

    /** The agent, if the running workflow's owner may read it: one they may not is answered as a missing one. */
    static Agent agent(Node node, String agentId, LlmRuntime runtime, NodeServices services) {
        if (agentId == null || agentId.isBlank()) {
            throw NodeFailure.config("Node '" + node.id() + "': config.agent is required (the id of an agent under agents/)");
        }
        if (!AgentFiles.isValidId(agentId)) {
            throw NodeFailure.config("Node '" + node.id() + "': config.agent '" + agentId + "' is not an agent id:"
                    + " use 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        if (!services.mayUse(Access.AGENT, agentId)) {
            throw missing(node, agentId);
        }
        try {
            return runtime.agents().get(agentId).orElseThrow(() -> missing(node, agentId));
        } catch (AgentFiles.Invalid e) {
            throw NodeFailure.config("Node '" + node.id() + "': config.agent: " + e.getMessage());
        }
    }

    private static NodeFailure missing(Node node, String agentId) {
        return NodeFailure.config("Node '" + node.id() + "': config.agent '" + agentId + "' does not exist: create it with"
                + " PUT /api/agents/" + agentId + " or a file agents/" + agentId + ".yaml in the data folder");
    }

    public Agent agent() {
        return agent;
    }

    public ModelTarget target() {
        return target;
    }

    public CallLog log() {
        return log;
    }

    public AgentMemory memory() {
        return runtime.memory();
    }

    public LlmRuntime runtime() {
        return runtime;
    }

    /** The messages for a request, with what the agent remembers and has learned about it. */
    public List<ChatMessage> prompt(String request, String instructions) {
        StringBuilder system = new StringBuilder(agent.systemPrompt());
        ArrayNode recalled = Json.MAPPER.createArrayNode();
        List<AgentMemory.Scored> memories = runtime.memory().similar(agent.id(), AgentMemory.MEMORY, request, RECALLED);
        if (!memories.isEmpty()) {
            system.append("\n\nWhat you remember that may be relevant:");
            for (AgentMemory.Scored m : memories) {
                system.append("\n- ").append(m.entry().key() == null ? "" : m.entry().key() + ": ").append(m.entry().content());
                ObjectNode r = recalled.addObject();
                r.put("key", m.entry().key());
                r.put("score", Math.round(m.score() * 1000) / 1000.0);
            }
        }
        List<AgentMemory.Scored> feedback = runtime.memory().similar(agent.id(), AgentMemory.FEEDBACK, request, RECALLED);
        ArrayNode used = Json.MAPPER.createArrayNode();
        if (!feedback.isEmpty()) {
            system.append("\n\nFeedback on your earlier answers; apply it:");
            for (AgentMemory.Scored f : feedback) {
                system.append("\n- (").append(f.entry().key()).append(") ").append(f.entry().content());
                if (f.entry().reference() != null) {
                    system.append(" [about: ").append(f.entry().reference()).append("]");
                }
                used.add(f.entry().seq());
            }
        }
        if (instructions != null) {
            system.append("\n\n").append(instructions);
        }
        log.note("recalled_memories", recalled);
        log.note("feedback_used", used);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(system.toString().strip()));
        for (AgentMemory.Entry turn : runtime.memory().recent(agent.id(), AgentMemory.CONVERSATION, agent.memorySize())) {
            messages.add("assistant".equals(turn.key()) ? AiMessage.from(turn.content()) : UserMessage.from(turn.content()));
        }
        messages.add(UserMessage.from(request));
        return messages;
    }

    /** The request and the answer join the agent's conversation. */
    public void remember(String request, String answer) {
        if (agent.memorySize() <= 0) {
            return;
        }
        runtime.memory().converse(agent.id(), request, answer);
    }

    public String nodeId() {
        return node.id();
    }
}
