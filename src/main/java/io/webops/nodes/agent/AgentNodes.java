package io.webops.nodes.agent;

import io.webops.nodes.NodeType;
import java.util.List;

/** The LLM processor and the five agent node types of §3. */
public final class AgentNodes {

    private AgentNodes() {
    }

    public static List<NodeType> all() {
        return List.of(new LlmNode(), new AgentTaskNode(), new AgentQueryNode(), new AgentMemoryNode(),
                new AgentDecisionNode(), new AgentLearningNode());
    }
}
