package io.webops.history;

import java.time.Instant;
import java.util.Optional;

/** Signed-in browser sessions, keyed by the SHA-256 of the session cookie; each carries its CSRF token. */
public final class Sessions {

    public record Session(String userId, String csrfToken, Instant expiresAt) {
    }

    private final Sql sql;

    Sessions(Sql sql) {
        this.sql = sql;
    }

    public void create(String idHash, String userId, String csrfToken, Instant expiresAt) {
        sql.update("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                idHash, userId, csrfToken, Jdbc.now(), Jdbc.micros(expiresAt));
    }

    /** The session if it exists and has not expired (expired ones are deleted on the way). */
    public Optional<Session> get(String idHash) {
        sql.update("DELETE FROM sessions WHERE expires_at < ?", Jdbc.now());
        return sql.one("SELECT user_id, csrf_token, expires_at FROM sessions WHERE id_hash = ?",
                rs -> new Session(rs.getString(1), rs.getString(2), Jdbc.getInstant(rs, "expires_at")), idHash);
    }

    public void delete(String idHash) {
        sql.update("DELETE FROM sessions WHERE id_hash = ?", idHash);
    }

    public void deleteForUser(String userId) {
        sql.update("DELETE FROM sessions WHERE user_id = ?", userId);
    }
}
