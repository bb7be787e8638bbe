package io.webops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.llm.Agent;
import io.webops.llm.AgentFiles;
import io.webops.runtime.Json;

/**
 * Agents (§6): {@code GET /api/agents} lists the agents' folder, {@code GET|PUT|DELETE
 * /api/agents/{id}} read, write (the YAML file) and delete one. An agent is
 * {@code {id, name, system_prompt, model, tools, memory_size}} and an optional {@code credential}
 * (the id of an openai credential; its key stays in the vault).
 */
public final class AgentRoutes extends ApiRouteBuilder {

    private final AgentFiles agents;

    public AgentRoutes(AgentFiles agents) {
        this.agents = agents;
    }

    @Override
    public void configure() {
        api("agents", "/api/agents", "GET", e -> {
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("items");
            for (Object a : agents.list()) {
                if (a instanceof Agent agent) {
                    items.add(agent.json());
                } else {
                    items.addObject().put("error", ((AgentFiles.Invalid) a).getMessage());
                }
            }
            out.putNull("next_cursor");
            return out;
        });
        api("agent", "/api/agents/{id}", "GET,PUT,DELETE", e -> {
            String id = id(e);
            try {
                return switch (method(e)) {
                    case "PUT" -> agents.put(id, body(e)).json();
                    case "DELETE" -> {
                        if (!agents.delete(id)) {
                            throw ApiException.notFound("Agent", id);
                        }
                        status(e, 204);
                        yield null;
                    }
                    default -> agents.get(id).orElseThrow(() -> ApiException.notFound("Agent", id)).json();
                };
            } catch (AgentFiles.Invalid ex) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, ex.getMessage());
            }
        });
    }
}
