package io.webops.runtime;

import io.webops.history.ExecutionRecord;
import io.webops.history.Instances;
import io.webops.workers.TimedLoop;
import io.webops.workers.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's lease among the instances sharing the database: it beats every third of the lease, and at each
 * beat takes over the executions of any instance whose heartbeat is older than the lease (its process died, or it
 * lost the database), so an execution left by a dead instance runs on within the lease plus one beat. Should this
 * instance find that it was itself taken over (a pause longer than the lease), it halts the executions that are no
 * longer its own and beats on as a fresh instance.
 */
public final class InstanceLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLease.class);

    private final Instances instances;
    private final Engine engine;
    private final Duration lease;
    private final Worker worker;
    private TimedLoop loop;

    private InstanceLease(Instances instances, Engine engine, Duration lease) {
        this.instances = instances;
        this.engine = engine;
        this.lease = lease;
        this.worker = new Worker("webops-instance-lease", lease.multipliedBy(2));
    }

    /**
     * Writes this instance's first heartbeat: call it before this instance resumes what it left running itself, so
     * that no other instance takes those over meanwhile (and if one did first, they are no longer this one's).
     */
    public static InstanceLease register(Instances instances, Engine engine, Duration lease) {
        instances.beat();
        return new InstanceLease(instances, engine, lease);
    }

    /** Beats, and takes over expired instances, every third of the lease from now on. */
    public InstanceLease start() {
        loop = TimedLoop.start(worker, lease.dividedBy(3), this::turn);
        engine.monitor(worker);
        return this;
    }

    private void turn() {
        if (!instances.beat()) {
            int halted = engine.haltTakenOver();
            LOG.error("This instance's lease had expired (no heartbeat for {} s): another instance took over its "
                    + "executions; {} still running here were halted", lease.toSeconds(), halted);
        }
        Instant cutoff = Instant.now().minus(lease);
        for (String dead : instances.expired(cutoff)) {
            List<ExecutionRecord> claimed = instances.claim(dead, cutoff);
            if (!claimed.isEmpty()) {
                engine.takeOver(dead, claimed);
            }
        }
    }

    /** Stops beating and gives the lease up: another instance may take over what this one leaves running at once. */
    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        try {
            instances.release();
        } catch (RuntimeException e) {
            LOG.warn("Could not give this instance's lease up: {}", e.getMessage());
        }
    }
}
