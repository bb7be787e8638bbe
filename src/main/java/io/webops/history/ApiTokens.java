package io.webops.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, stored as the SHA-256 of the token (shown to its owner once, at creation). */
public final class ApiTokens {

    public record ApiToken(String id, String userId, String name, Instant createdAt, Instant lastUsedAt) {
    }

    /** last_used_at is written at most this often per token, so a busy client does not write on every request. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    private static final String COLUMNS = "id, user_id, name, created_at, last_used_at";

    private final Sql sql;

    ApiTokens(Sql sql) {
        this.sql = sql;
    }

    public ApiToken create(String id, String userId, String name, String tokenHash) {
        Instant now = Jdbc.now();
        sql.update("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                id, userId, name, tokenHash, now);
        return new ApiToken(id, userId, name, now, null);
    }

    /** The token with this hash, its last use recorded. */
    public Optional<ApiToken> use(String tokenHash) {
        Optional<ApiToken> token = sql.one("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?",
                ApiTokens::read, tokenHash);
        Instant now = Jdbc.now();
        token.filter(t -> t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION)))
                .ifPresent(t -> sql.update("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, t.id()));
        return token;
    }

    public boolean exists(String tokenHash) {
        return sql.one("SELECT id FROM api_tokens WHERE token_hash = ?", rs -> rs.getString(1), tokenHash).isPresent();
    }

    public List<ApiToken> forUser(String userId) {
        return sql.list("SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = ? ORDER BY created_at, id",
                ApiTokens::read, userId);
    }

    /** Revokes one of the user's tokens; false if they have no token with this id. */
    public boolean delete(String userId, String id) {
        return sql.update("DELETE FROM api_tokens WHERE id = ? AND user_id = ?", id, userId) > 0;
    }

    private static ApiToken read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ApiToken(rs.getString("id"), rs.getString("user_id"), rs.getString("name"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "last_used_at"));
    }
}
