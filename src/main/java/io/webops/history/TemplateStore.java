package io.webops.history;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Templates people saved from their workflows ({@code shared_templates}) and how often each template, official or
 * shared, was used to make a workflow ({@code template_usage}).
 */
public final class TemplateStore {

    public record SharedTemplate(String id, String ownerId, String name, String category, String description,
                                 boolean isPublic, String document, Instant createdAt) {
    }

    private static final String COLUMNS = "id, owner_id, name, category, description, is_public, document, created_at";

    private final Sql sql;

    TemplateStore(Sql sql) {
        this.sql = sql;
    }

    public SharedTemplate create(String id, String ownerId, String name, String category, String description,
                                 boolean isPublic, String document) {
        Instant now = Jdbc.now();
        sql.update("INSERT INTO shared_templates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id, ownerId, name, category, description, isPublic, document, now);
        return new SharedTemplate(id, ownerId, name, category, description, isPublic, document, now);
    }

    public Optional<SharedTemplate> get(String id) {
        return sql.one("SELECT " + COLUMNS + " FROM shared_templates WHERE id = ?", TemplateStore::read, id);
    }

    /** The public templates and the user's own, oldest first; every template when {@code userId} is null (admins). */
    public List<SharedTemplate> visibleTo(String userId) {
        if (userId == null) {
            return sql.list("SELECT " + COLUMNS + " FROM shared_templates ORDER BY created_at, id", TemplateStore::read);
        }
        return sql.list("SELECT " + COLUMNS + " FROM shared_templates WHERE is_public = ? OR owner_id = ? ORDER BY created_at, id",
                TemplateStore::read, true, userId);
    }

    /** Deletes the template and its usage count; false when there was none. */
    public boolean delete(String id) {
        sql.update("DELETE FROM template_usage WHERE template_id = ?", id);
        return sql.update("DELETE FROM shared_templates WHERE id = ?", id) > 0;
    }

    /** Counts one more workflow made from the template; exact under concurrent calls (the row is updated in place). */
    public void countUse(String templateId) {
        if (sql.update("UPDATE template_usage SET usage_count = usage_count + 1 WHERE template_id = ?", templateId) > 0) {
            return;
        }
        try {
            sql.update("INSERT INTO template_usage (template_id, usage_count) VALUES (?, ?)", templateId, 1L);
        } catch (IllegalStateException insertedMeanwhile) {
            sql.update("UPDATE template_usage SET usage_count = usage_count + 1 WHERE template_id = ?", templateId);
        }
    }

    /** How often each of these templates was used (those never used are absent). */
    public Map<String, Long> usage(Collection<String> templateIds) {
        Map<String, Long> out = new HashMap<>();
        if (templateIds.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(templateIds.size(), "?"));
        sql.list("SELECT template_id, usage_count FROM template_usage WHERE template_id IN (" + marks + ")",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)), templateIds.toArray())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static SharedTemplate read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SharedTemplate(rs.getString("id"), rs.getString("owner_id"), rs.getString("name"), rs.getString("category"),
                rs.getString("description"), rs.getBoolean("is_public"), rs.getString("document"),
                Jdbc.getInstant(rs, "created_at"));
    }
}
