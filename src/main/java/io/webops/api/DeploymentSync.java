package io.webops.api;

import io.webops.history.Store;
import io.webops.history.WorkflowState;
import io.webops.runtime.Engine;
import io.webops.workers.TimedLoop;
import io.webops.workers.Worker;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's deployments in line with the workflows saved by any instance sharing the database (§8):
 * polls every workflow's status and version, and hands each one that changed (or disappeared) to
 * {@link WorkflowService#followStore}. A change this instance made itself is seen too; following it again is a
 * no-op, since the engine keeps a deployment of the same version.
 */
public final class DeploymentSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentSync.class);

    private final Store store;
    private final Engine engine;
    private final WorkflowService workflows;
    private final Map<String, WorkflowState> seen = new HashMap<>();
    private TimedLoop loop;

    private final Worker worker = new Worker("webops-deployment-sync", Duration.ofSeconds(60));

    private DeploymentSync(Store store, Engine engine, WorkflowService workflows) {
        this.store = store;
        this.engine = engine;
        this.workflows = workflows;
    }

    /** Polls the store every {@code interval}, starting after one interval. */
    public static DeploymentSync start(Store store, Engine engine, WorkflowService workflows, Duration interval) {
        DeploymentSync sync = new DeploymentSync(store, engine, workflows);
        sync.loop = TimedLoop.start(sync.worker, interval, sync::syncQuietly);
        engine.monitor(sync.worker);
        return sync;
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the saved workflows to follow other instances: {}", e.getMessage());
        }
    }

    /** One pass: follows every workflow whose status or version changed since the last pass, or that is gone. */
    void sync() {
        Set<String> gone = new HashSet<>(seen.keySet());
        gone.addAll(engine.deployedIds());
        for (WorkflowState state : store.workflows().states()) {
            gone.remove(state.id());
            if (!state.equals(seen.put(state.id(), state))) {
                follow(state.id(), state.status() + " version " + state.version());
            }
        }
        for (String id : gone) {
            seen.remove(id);
            follow(id, "deleted");
        }
    }

    private void follow(String id, String what) {
        try {
            workflows.followStore(id);
        } catch (RuntimeException e) {
            LOG.warn("Workflow {} ({}) could not be followed on this instance: {}", id, what, e.getMessage());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
