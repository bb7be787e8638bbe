package io.webops.history;

import java.util.List;
import java.util.Optional;

/**
 * Who owns each agent made through the API (the agents themselves are files, {@code llm.AgentFiles}); an agent
 * without a row has no owner and only admins see it.
 */
public final class AgentOwners {

    private final Sql sql;

    AgentOwners(Sql sql) {
        this.sql = sql;
    }

    public Optional<String> of(String agentId) {
        return sql.one("SELECT owner_id FROM agent_owners WHERE agent_id = ?", rs -> rs.getString(1), agentId);
    }

    /** Records the owner of a new agent, replacing a row left by an agent of that id deleted outside the API. */
    public void set(String agentId, String ownerId) {
        if (sql.update("UPDATE agent_owners SET owner_id = ?, created_at = ? WHERE agent_id = ?", ownerId, Jdbc.now(), agentId) == 0) {
            sql.update("INSERT INTO agent_owners (agent_id, owner_id, created_at) VALUES (?, ?, ?)", agentId, ownerId, Jdbc.now());
        }
    }

    public void remove(String agentId) {
        sql.update("DELETE FROM agent_owners WHERE agent_id = ?", agentId);
    }

    /** The ids of the agents the user owns. */
    public List<String> ownedBy(String userId) {
        return sql.list("SELECT agent_id FROM agent_owners WHERE owner_id = ?", rs -> rs.getString(1), userId);
    }
}
