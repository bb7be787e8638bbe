package io.webops.llm;

import io.webops.nodes.NodeFailure;
import org.apache.camel.CamelContext;

/**
 * What the LLM and agent nodes share at run time, bound in the CamelContext's registry as
 * {@value #BEAN}: the operator's default model, the agents' folder, their memory and the
 * workflows they may call as tools. The server binds one; so does the command line's {@code run}.
 */
public record LlmRuntime(LlmDefaults defaults, AgentFiles agents, AgentMemory memory, WorkflowCatalog workflows) {

    public static final String BEAN = "webops.llm";

    public void bindTo(CamelContext camel) {
        camel.getRegistry().bind(BEAN, this);
    }

    public static LlmRuntime of(CamelContext camel, String nodeId) {
        LlmRuntime r = camel.getRegistry().lookupByNameAndType(BEAN, LlmRuntime.class);
        if (r == null) {
            throw NodeFailure.config("Node '" + nodeId + "': LLM and agent nodes need the server's runtime"
                    + " (run the workflow with `serve` or `run`)");
        }
        return r;
    }
}
