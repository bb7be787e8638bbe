package io.webops.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.auth.Access;
import io.webops.auth.Caller;
import io.webops.credentials.Credential;
import io.webops.credentials.Vault;
import io.webops.history.AgentOwners;
import io.webops.json.Json;
import io.webops.llm.Agent;
import io.webops.llm.AgentFiles;
import io.webops.llm.AgentMemory;
import io.webops.llm.ModelResolver;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Agents (§6): {@code GET /api/agents} lists the agents the caller may read, {@code GET|PUT|DELETE /api/agents/{id}}
 * read, write (the YAML file) and delete one, {@code GET|POST|DELETE /api/agents/{id}/share} share it. An agent is
 * {@code {id, name, system_prompt, model, tools, memory_size}}, an optional {@code credential} (the id of an openai
 * credential; its key stays in the vault) and, in answers, its {@code owner_id}. Agents follow the rule of workflows:
 * the one who made it owns it, others read or change it only when it is shared with them, admins all; one the caller
 * may not read answers 404 as a missing one. An agent file with no owner (written by hand into the folder, or made
 * before agents had owners) is the admins'. An agent may name only a credential its writer can read.
 * {@code GET /api/agents/{id}/memories} lists what the agent stored (newest first, {@code ?limit=} up to 200) for
 * those who may read it; {@code DELETE} with {@code ?key=} forgets one memory, without it everything the agent stored,
 * said and was told, for those who may change it.
 */
public final class AgentRoutes extends ApiRouteBuilder {

    private static final String KIND = Access.AGENT;
    private static final String WHAT = "Agent";

    private final AgentFiles agents;
    private final AgentOwners owners;
    private final AgentMemory memory;
    private final Vault vault;

    public AgentRoutes(AgentFiles agents, AgentOwners owners, AgentMemory memory, Vault vault) {
        this.agents = agents;
        this.owners = owners;
        this.memory = memory;
        this.vault = vault;
    }

    @Override
    public void configure() {
        api("agents", "/api/agents", "GET", e -> {
            Set<String> visible = visibleTo(caller(e));
            ObjectNode out = Json.object();
            ArrayNode items = out.putArray("items");
            for (AgentFiles.Listed a : agents.list()) {
                if (visible != null && !visible.contains(a.id())) {
                    continue;
                }
                if (a.agent() != null) {
                    items.add(json(a.agent(), owners.of(a.id()).orElse(null)));
                } else {
                    items.addObject().put("id", a.id()).put("error", a.problem().getMessage());
                }
            }
            out.putNull("next_cursor");
            return out;
        });
        api("agent", "/api/agents/{id}", "GET,PUT,DELETE", e -> {
            String id = id(e);
            try {
                boolean exists = agents.exists(id);
                String owner = owners.of(id).orElse(null);
                return switch (method(e)) {
                    case "PUT" -> {
                        requireWriter(e);
                        if (exists) {
                            requireWrite(e, KIND, id, owner, WHAT);
                        }
                        JsonNode body = body(e);
                        if (body.hasNonNull("credential")) {
                            requireCredential(e, body.get("credential").asText());
                        }
                        Agent saved = agents.put(id, body);
                        if (!exists) {
                            owner = caller(e).userId();
                            forgetEarlier(id);
                            owners.set(id, owner);
                        }
                        audit(e, exists ? "agent.update" : "agent.create", KIND, id, null);
                        yield json(saved, owner);
                    }
                    case "DELETE" -> {
                        readable(e, id, exists, owner);
                        requireWrite(e, KIND, id, owner, WHAT);
                        agents.delete(id);
                        forgetEarlier(id);
                        audit(e, "agent.delete", KIND, id, null);
                        status(e, 204);
                        yield null;
                    }
                    default -> {
                        readable(e, id, exists, owner);
                        yield json(agents.get(id).orElseThrow(() -> ApiException.notFound(WHAT, id)), owner);
                    }
                };
            } catch (AgentFiles.Invalid ex) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, ex.getMessage());
            }
        });
        api("agent-memories", "/api/agents/{id}/memories", "GET,DELETE", e -> {
            String id = id(e);
            try {
                String owner = owners.of(id).orElse(null);
                readable(e, id, agents.exists(id), owner);
                if (method(e).equals("GET")) {
                    List<AgentMemory.Entry> stored = memory.recent(id, AgentMemory.MEMORY, limit(e));
                    ObjectNode out = Json.object();
                    ArrayNode items = out.putArray("items");
                    for (int i = stored.size() - 1; i >= 0; i--) {
                        AgentMemory.Entry m = stored.get(i);
                        items.addObject().put("key", m.key()).put("content", m.content()).put("reference", m.reference())
                                .put("created_at", ApiJson.time(m.createdAt()));
                    }
                    out.putNull("next_cursor");
                    return out;
                }
                requireWrite(e, KIND, id, owner, WHAT);
                String key = query(e, "key");
                if (key == null) {
                    memory.forgetAll(id);
                } else if (memory.forget(id, key) == 0) {
                    throw new ApiException(ErrorCode.NOT_FOUND, "Agent '" + id + "' has no memory under key '" + key + "'");
                }
                audit(e, "agent.forget", KIND, id, key == null ? Json.object().put("all", true) : Json.object().put("key", key));
                status(e, 204);
                return null;
            } catch (AgentFiles.Invalid ex) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, ex.getMessage());
            }
        });
        api("agent-share", "/api/agents/{id}/share", "GET,POST,DELETE", e -> {
            String id = id(e);
            try {
                String owner = owners.of(id).orElse(null);
                readable(e, id, agents.exists(id), owner);
                return share(e, KIND, id, owner, WHAT);
            } catch (AgentFiles.Invalid ex) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, ex.getMessage());
            }
        });
    }

    /** 404 unless the agent exists and the caller may read it. */
    private void readable(Exchange e, String id, boolean exists, String owner) {
        if (!exists) {
            throw ApiException.notFound(WHAT, id);
        }
        requireRead(e, KIND, id, owner, WHAT);
    }

    /** The ids of the agents the caller may read; null for admins, who read all. */
    private Set<String> visibleTo(Caller caller) {
        if (caller.isAdmin()) {
            return null;
        }
        Set<String> ids = new HashSet<>(owners.ownedBy(caller.userId()));
        ids.addAll(security().access().shares().sharedWith(KIND, caller.userId()));
        return ids;
    }

    /**
     * Drops what belonged to an agent of this id, deleted or (for a new agent) deleted by hand: its owner, shares and
     * memory, so none of it reaches whoever makes an agent of that id next.
     */
    private void forgetEarlier(String id) {
        owners.remove(id);
        security().access().shares().removeAll(KIND, id);
        memory.forgetAll(id);
    }

    private static ObjectNode json(Agent agent, String ownerId) {
        return agent.json().put("owner_id", ownerId);
    }

    /** The agent's credential must be an openai one the writer can read; one they cannot is answered as a missing one. */
    private void requireCredential(Exchange e, String credentialId) {
        Credential c = vault.find(credentialId)
                .filter(found -> security().access().canRead(caller(e), Access.CREDENTIAL, found.id(), found.ownerId()))
                .orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_FAILED, "credential '" + credentialId
                        + "' does not exist; create an openai credential and name it"));
        if (!ModelResolver.CREDENTIAL_KIND.equals(c.kind())) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "credential '" + credentialId + "' is a " + c.kind()
                    + " credential; an agent needs an openai credential");
        }
    }
}
