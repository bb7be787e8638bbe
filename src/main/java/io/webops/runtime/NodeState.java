package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** One node's progress inside one scope: what has arrived, and what it produced. */
final class NodeState {

    final NodePlan plan;
    final AtomicInteger pending;
    /** Data per incoming slot; null while the connection is inactive. */
    final AtomicReferenceArray<JsonNode> arrivals;
    final AtomicInteger attempts = new AtomicInteger();
    /** Failed attempts the retry decision saw (a redelivery to the node's endpoint does not run the node again). */
    final AtomicInteger failures = new AtomicInteger();
    volatile JsonNode output;
    volatile String status;
    volatile long startedAtMillis;
    volatile long startedNanos;
    /** For a split or loop: the scopes of its items, once it has run. */
    volatile java.util.List<Scope> items;

    NodeState(NodePlan plan) {
        this.plan = plan;
        this.pending = new AtomicInteger(plan.pendingCount());
        this.arrivals = new AtomicReferenceArray<>(plan.incoming.size() + 1);
    }
}
