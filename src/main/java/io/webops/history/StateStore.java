package io.webops.history;

import java.time.Instant;
import java.util.Optional;

/**
 * The key-value state workflows keep between runs, in {@code workflow_state}: JSON text by scope ({@code workflow} or
 * {@code owner}), scope id and key. Limits on sizes are the caller's; the number of keys of a scope is checked here.
 */
public final class StateStore {

    private final Sql sql;

    StateStore(Sql sql) {
        this.sql = sql;
    }

    public Optional<String> get(String scope, String scopeId, String key) {
        return sql.one("SELECT value_json FROM workflow_state WHERE scope = ? AND scope_id = ? AND state_key = ?",
                rs -> rs.getString(1), scope, scopeId, key);
    }

    /**
     * Sets the key; a new key only while the scope holds fewer than {@code maxKeys}. False when the scope is full (two
     * new keys written at once may both get the last place: the limit is a bound on growth, not an exact count).
     */
    public boolean put(String scope, String scopeId, String key, String json, int maxKeys) {
        Instant now = Instant.now();
        if (update(scope, scopeId, key, json, now)) {
            return true;
        }
        long keys = sql.one("SELECT COUNT(*) FROM workflow_state WHERE scope = ? AND scope_id = ?",
                rs -> rs.getLong(1), scope, scopeId).orElse(0L);
        if (keys >= maxKeys) {
            return false;
        }
        try {
            sql.update("INSERT INTO workflow_state (scope, scope_id, state_key, value_json, updated_at) VALUES (?, ?, ?, ?, ?)",
                    scope, scopeId, key, json, now);
            return true;
        } catch (IllegalStateException insertedMeanwhile) {
            return update(scope, scopeId, key, json, now);
        }
    }

    public boolean delete(String scope, String scopeId, String key) {
        return sql.update("DELETE FROM workflow_state WHERE scope = ? AND scope_id = ? AND state_key = ?", scope, scopeId, key) > 0;
    }

    private boolean update(String scope, String scopeId, String key, String json, Instant now) {
        return sql.update("UPDATE workflow_state SET value_json = ?, updated_at = ? WHERE scope = ? AND scope_id = ? AND state_key = ?",
                json, now, scope, scopeId, key) > 0;
    }
}
