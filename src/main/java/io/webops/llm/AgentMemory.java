package io.webops.llm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The agents' persistent memory in the {@code agent_memory} table, scoped to the agent: memories
 * stored by key, the conversation, feedback. Similarity recall runs on an in-memory
 * {@link LexicalIndex} per agent and kind, built from the table on first use and checked against
 * it on every recall through {@code agent_memory_state} (a version per agent and kind, bumped by
 * every write and forget), so entries written or forgotten by another instance sharing the
 * database are seen.
 */
public final class AgentMemory {

    public static final String MEMORY = "memory";
    public static final String CONVERSATION = "conversation";
    public static final String FEEDBACK = "feedback";

    public record Entry(long seq, String kind, String key, String content, String reference, Instant createdAt) {
    }

    public record Scored(Entry entry, double score) {
    }

    private static final class Index {
        LexicalIndex lexical = new LexicalIndex();
        final Map<Long, Entry> entries = new HashMap<>();
        long count = -1;
        long maxSeq = -1;
        long version = -1;
    }

    private final DataSource dataSource;
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();

    public AgentMemory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores an entry; a memory stored under an existing key replaces it. */
    public Entry store(String agentId, String kind, String key, String content, String reference) {
        return inTransaction("store", c -> {
            if (MEMORY.equals(kind) && key != null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_memory WHERE agent_id = ? AND kind = ? AND mem_key = ?")) {
                    ps.setString(1, agentId);
                    ps.setString(2, kind);
                    ps.setString(3, key);
                    ps.executeUpdate();
                }
            }
            Entry e = insert(c, agentId, kind, key, content, reference);
            bump(c, agentId, kind);
            return e;
        });
    }

    /** Conversation messages kept per agent: prompts carry at most 200 ({@code memory_size}), older ones go. */
    static final int CONVERSATION_KEPT = 200;

    /** One exchange of the agent's conversation: the request and the answer, in one transaction. */
    public void converse(String agentId, String request, String answer) {
        inTransaction("store", c -> {
            insert(c, agentId, CONVERSATION, "user", request, null);
            Entry last = insert(c, agentId, CONVERSATION, "assistant", answer, null);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_memory WHERE agent_id = ? AND kind = ? AND seq <= ("
                    + "SELECT seq FROM agent_memory WHERE agent_id = ? AND kind = ? ORDER BY seq DESC LIMIT 1 OFFSET " + CONVERSATION_KEPT + ")")) {
                ps.setString(1, agentId);
                ps.setString(2, CONVERSATION);
                ps.setString(3, agentId);
                ps.setString(4, CONVERSATION);
                ps.executeUpdate();
            }
            return last;
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot " + what + " agent memory: " + e.getMessage(), e);
        }
    }

    private static Entry insert(Connection c, String agentId, String kind, String key, String content, String reference) throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO agent_memory (agent_id, kind, mem_key, content, reference, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                new String[] {"seq"})) {
            ps.setString(1, agentId);
            ps.setString(2, kind);
            ps.setString(3, key);
            ps.setString(4, content);
            ps.setString(5, reference);
            ps.setTimestamp(6, Timestamp.from(now));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Entry(keys.getLong(1), kind, key, content, reference, now);
            }
        }
    }

    public Optional<Entry> byKey(String agentId, String key) {
        List<Entry> rows = query("SELECT seq, kind, mem_key, content, reference, created_at FROM agent_memory"
                + " WHERE agent_id = ? AND kind = ? AND mem_key = ? ORDER BY seq DESC", agentId, MEMORY, key);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The newest {@code limit} entries of a kind, oldest first. */
    public List<Entry> recent(String agentId, String kind, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Entry> rows = query("SELECT seq, kind, mem_key, content, reference, created_at FROM agent_memory"
                + " WHERE agent_id = ? AND kind = ? ORDER BY seq DESC LIMIT " + limit, agentId, kind);
        Collections.reverse(rows);
        return rows;
    }

    /** Forgets the memory stored under a key; answers how many entries went. */
    public int forget(String agentId, String key) {
        return inTransaction("forget", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_memory WHERE agent_id = ? AND kind = ? AND mem_key = ?")) {
                ps.setString(1, agentId);
                ps.setString(2, MEMORY);
                ps.setString(3, key);
                int n = ps.executeUpdate();
                if (n > 0) {
                    bump(c, agentId, MEMORY);
                }
                return n;
            }
        });
    }

    /** Forgets everything an agent stored, said and was told (its id may next be another user's new agent). */
    public void forgetAll(String agentId) {
        inTransaction("forget", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_memory WHERE agent_id = ?")) {
                ps.setString(1, agentId);
                ps.executeUpdate();
            }
            for (String kind : List.of(MEMORY, CONVERSATION, FEEDBACK)) {
                bump(c, agentId, kind);
            }
            return null;
        });
    }

    /** Marks the agent's entries of a kind as changed (portable upsert: update, else insert, else update again). */
    private static void bump(Connection c, String agentId, String kind) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE agent_memory_state SET version = version + 1 WHERE agent_id = ? AND kind = ?")) {
            up.setString(1, agentId);
            up.setString(2, kind);
            if (up.executeUpdate() > 0) {
                return;
            }
            java.sql.Savepoint before = c.setSavepoint();
            try (PreparedStatement in = c.prepareStatement("INSERT INTO agent_memory_state (agent_id, kind, version) VALUES (?, ?, 1)")) {
                in.setString(1, agentId);
                in.setString(2, kind);
                in.executeUpdate();
            } catch (SQLException raced) {
                c.rollback(before);
                up.executeUpdate();
            }
        }
    }

    /** The entries of a kind most similar to the text, best first. */
    public List<Scored> similar(String agentId, String kind, String text, int limit) {
        if (limit <= 0 || text == null || text.isBlank()) {
            return List.of();
        }
        Index index = indexes.computeIfAbsent(agentId + "\u0000" + kind, k -> new Index());
        synchronized (index) {
            refresh(index, agentId, kind);
            List<Scored> out = new ArrayList<>();
            for (LexicalIndex.Hit hit : index.lexical.search(text, limit)) {
                Entry e = index.entries.get(hit.seq());
                if (e != null) {
                    out.add(new Scored(e, hit.score()));
                }
            }
            return out;
        }
    }

    /** Brings the index up to the table: adds what is new, rebuilds when something was removed. */
    private void refresh(Index index, String agentId, String kind) {
        long version = version(agentId, kind);
        if (version == index.version) {
            return;
        }
        long count;
        long maxSeq;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MAX(seq) FROM agent_memory WHERE agent_id = ? AND kind = ?")) {
            ps.setString(1, agentId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                maxSeq = rs.getLong(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read agent memory: " + e.getMessage(), e);
        }
        boolean onlyAdded = index.count >= 0 && count - index.count == countNewer(agentId, kind, index.maxSeq);
        if (!onlyAdded) {
            index.lexical = new LexicalIndex();
            index.entries.clear();
        }
        long from = onlyAdded ? index.maxSeq : -1;
        for (Entry e : query("SELECT seq, kind, mem_key, content, reference, created_at FROM agent_memory"
                + " WHERE agent_id = ? AND kind = ? AND seq > " + from + " ORDER BY seq", agentId, kind)) {
            index.entries.put(e.seq(), e);
            index.lexical.add(e.seq(), (e.key() == null ? "" : e.key() + " ") + e.content());
        }
        index.count = count;
        index.maxSeq = maxSeq;
        index.version = version;
    }

    private long version(String agentId, String kind) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version FROM agent_memory_state WHERE agent_id = ? AND kind = ?")) {
            ps.setString(1, agentId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read agent memory: " + e.getMessage(), e);
        }
    }

    private long countNewer(String agentId, String kind, long seq) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM agent_memory WHERE agent_id = ? AND kind = ? AND seq > ?")) {
            ps.setString(1, agentId);
            ps.setString(2, kind);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read agent memory: " + e.getMessage(), e);
        }
    }

    private List<Entry> query(String sql, String agentId, String kind, String... more) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, agentId);
            ps.setString(2, kind);
            for (int i = 0; i < more.length; i++) {
                ps.setString(3 + i, more[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read agent memory: " + e.getMessage(), e);
        }
        return out;
    }
}
