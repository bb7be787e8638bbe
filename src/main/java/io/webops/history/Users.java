package io.webops.history;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Accounts: e-mail (stored lower-case, unique), password hash, role ({@code admin|editor|viewer}), and when it was
 * disabled (null while enabled).
 */
public final class Users {

    /** One account; {@code passwordHash} is a PHC string and never leaves the server. */
    public record User(String id, String email, String passwordHash, String role, Instant createdAt, Instant disabledAt) {
        public boolean disabled() {
            return disabledAt != null;
        }
    }

    private static final String COLUMNS = "id, email, password_hash, role, created_at, disabled_at";

    private final Sql sql;

    Users(Sql sql) {
        this.sql = sql;
    }

    /** Creates an account; {@link IllegalStateException} if the e-mail is taken. */
    public User create(String id, String email, String passwordHash, String role) {
        Instant now = Jdbc.now();
        String normalised = normalise(email);
        sql.update("INSERT INTO users (id, email, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, normalised, passwordHash, role, now, now);
        return new User(id, normalised, passwordHash, role, now, null);
    }

    public Optional<User> get(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM users WHERE id = ?", Users::read, id);
    }

    public Optional<User> byEmail(String email) {
        return sql.one("SELECT " + COLUMNS + " FROM users WHERE email = ?", Users::read, normalise(email));
    }

    public List<User> all() {
        return sql.list("SELECT " + COLUMNS + " FROM users ORDER BY created_at, id", Users::read);
    }

    public boolean any() {
        return !sql.list("SELECT id FROM users LIMIT 1", rs -> rs.getString(1)).isEmpty();
    }

    /** The admins who can sign in: a disabled one manages nothing. */
    public long countAdmins() {
        return sql.one("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL", rs -> rs.getLong(1)).orElse(0L);
    }

    /** Disables the account as of now, or enables it again. */
    public void setDisabled(String id, boolean disabled) {
        Instant now = Jdbc.now();
        // a null parameter binds as text, which PostgreSQL will not put in a timestamp column: NULL is written out
        if (disabled) {
            sql.update("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", now, now, id);
        } else {
            sql.update("UPDATE users SET disabled_at = NULL, updated_at = ? WHERE id = ?", now, id);
        }
    }

    public void setRole(String id, String role) {
        sql.update("UPDATE users SET role = ?, updated_at = ? WHERE id = ?", role, Jdbc.now(), id);
    }

    public void setPasswordHash(String id, String passwordHash) {
        sql.update("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", passwordHash, Jdbc.now(), id);
    }

    /** Deletes the account with its sessions, tokens and the shares granted to it. */
    public boolean delete(String id) {
        sql.update("DELETE FROM sessions WHERE user_id = ?", id);
        sql.update("DELETE FROM api_tokens WHERE user_id = ?", id);
        sql.update("DELETE FROM shares WHERE user_id = ?", id);
        return sql.update("DELETE FROM users WHERE id = ?", id) > 0;
    }

    static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static User read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("password_hash"), rs.getString("role"),
                Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "disabled_at"));
    }
}
