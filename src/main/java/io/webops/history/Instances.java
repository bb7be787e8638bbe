package io.webops.history;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The heartbeats of the runtime instances sharing one database, and the lease they give: an instance whose heartbeat
 * is older than the lease is dead, and the first other instance to {@linkplain #claim claim} it takes over the
 * executions it left pending or running. Deleting the dead instance's row is the claim, so two instances never take
 * over the same executions. Times are the instances' own clocks: keep them in step (NTP) to well under the lease.
 */
public final class Instances {

    /** The heartbeat a stopping instance leaves: expired for every lease, so another instance may take over at once. */
    private static final Instant RELEASED = Instant.EPOCH;

    private final DataSource dataSource;
    private final Executions executions;
    private final String instanceId;

    Instances(DataSource dataSource, Executions executions, String instanceId) {
        this.dataSource = dataSource;
        this.executions = executions;
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Writes this instance's heartbeat. False when its row was missing, so it wrote a new one: at its first beat, or
     * because another instance found its lease expired and took its executions over.
     */
    public boolean beat() {
        Instant now = Jdbc.now();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE instances SET heartbeat_at = ? WHERE instance_id = ?")) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, instanceId);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO instances (instance_id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
                ps.setString(1, instanceId);
                Jdbc.setInstant(ps, 2, now);
                Jdbc.setInstant(ps, 3, now);
                ps.executeUpdate();
            }
            return false;
        } catch (SQLException e) {
            throw new StoreException("cannot write the heartbeat of instance " + instanceId, e);
        }
    }

    /** A graceful stop: the executions this instance leaves running may be taken over by another one at once. */
    public void release() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE instances SET heartbeat_at = ? WHERE instance_id = ?")) {
            Jdbc.setInstant(ps, 1, RELEASED);
            ps.setString(2, instanceId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot release the lease of instance " + instanceId, e);
        }
    }

    /** The other instances whose last heartbeat is older than {@code cutoff}. */
    public List<String> expired(Instant cutoff) {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT instance_id FROM instances WHERE heartbeat_at < ? AND instance_id <> ? ORDER BY instance_id")) {
            Jdbc.setInstant(ps, 1, cutoff);
            ps.setString(2, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the instances' heartbeats", e);
        }
        return out;
    }

    /**
     * Takes over the pending and running executions of {@code dead} if its heartbeat is still older than
     * {@code cutoff} and no other instance claimed it first: in one transaction its row is deleted and its executions
     * become this instance's. Answers them (with their input), oldest first; empty when another instance was first.
     */
    public List<ExecutionRecord> claim(String dead, Instant cutoff) {
        executions.flush();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM instances WHERE instance_id = ? AND heartbeat_at < ?")) {
                    ps.setString(1, dead);
                    Jdbc.setInstant(ps, 2, cutoff);
                    if (ps.executeUpdate() == 0) {
                        c.rollback();
                        return List.of();
                    }
                }
                List<ExecutionRecord> claimed = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + Executions.COLUMNS + " FROM executions"
                        + " WHERE instance_id = ? AND status IN ('pending', 'running') ORDER BY started_at, id FOR UPDATE")) {
                    ps.setString(1, dead);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(Executions.read(rs));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE executions SET instance_id = ?"
                        + " WHERE instance_id = ? AND status IN ('pending', 'running')")) {
                    ps.setString(1, instanceId);
                    ps.setString(2, dead);
                    ps.executeUpdate();
                }
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot take over the executions of instance " + dead, e);
        }
    }

    /** Of {@code ids}, those whose execution is stored as pending or running on another instance: taken over. */
    public Set<String> takenOver(Set<String> ids) {
        executions.flush();
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM executions"
                     + " WHERE status IN ('pending', 'running') AND instance_id IS NOT NULL AND instance_id <> ?")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ids.contains(rs.getString(1))) {
                        out.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read which executions were taken over", e);
        }
        return out;
    }
}
