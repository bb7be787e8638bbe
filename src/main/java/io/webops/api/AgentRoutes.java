package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.Credential;
import io.webops.credentials.Vault;
import io.webops.llm.Agent;
import io.webops.llm.AgentFiles;
import io.webops.llm.ModelResolver;
import io.webops.runtime.Json;
import java.util.NoSuchElementException;

/**
 * Agents (§6): {@code GET /api/agents} lists the agents' folder, {@code GET|PUT|DELETE
 * /api/agents/{id}} read, write (the YAML file) and delete one. An agent is
 * {@code {id, name, system_prompt, model, tools, memory_size}} and an optional {@code credential}
 * (the id of an openai credential; its key stays in the vault). Agents are the instance's: every
 * signed-in user reads them, editors and admins write them, and an agent may name only a
 * credential its writer can read (as a workflow may).
 */
public final class AgentRoutes extends ApiRouteBuilder {

    private static final String KIND = "agent";

    private final AgentFiles agents;
    private final Vault vault;

    public AgentRoutes(AgentFiles agents, Vault vault) {
        this.agents = agents;
        this.vault = vault;
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
                    case "PUT" -> {
                        requireWriter(e);
                        JsonNode body = body(e);
                        if (body.hasNonNull("credential")) {
                            requireCredential(e, body.get("credential").asText());
                        }
                        Agent saved = agents.put(id, body);
                        audit(e, "agent.put", KIND, id, null);
                        yield saved.json();
                    }
                    case "DELETE" -> {
                        requireWriter(e);
                        if (!agents.delete(id)) {
                            throw ApiException.notFound("Agent", id);
                        }
                        audit(e, "agent.delete", KIND, id, null);
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

    private void requireCredential(org.apache.camel.Exchange e, String credentialId) {
        Credential c;
        try {
            c = vault.get(credentialId);
        } catch (NoSuchElementException ex) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "credential '" + credentialId
                    + "' does not exist; create an openai credential and name it");
        }
        requireRead(e, CredentialRoutes.KIND, c.id(), c.ownerId(), "Credential");
        if (!ModelResolver.CREDENTIAL_KIND.equals(c.kind())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "credential '" + credentialId + "' is a " + c.kind()
                    + " credential; an agent needs an openai credential");
        }
    }
}
