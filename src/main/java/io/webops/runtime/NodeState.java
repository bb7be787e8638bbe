package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** One node's progress inside one scope: what has arrived, and what it produced (its history is {@link NodeHistory}'s). */
final class NodeState {

    final NodePlan plan;
    final AtomicInteger pending;
    /** Data per incoming slot; null while the connection is inactive. */
    final AtomicReferenceArray<JsonNode> arrivals;
    /** For {@code nodes.<id>}: what the node produced (its error, when it went on through its error handle). */
    volatile JsonNode output;
    /** When its first attempt started (System.nanoTime()): the node's timeout bounds its completion from there. */
    volatile long startedNanos;
    /** For a split or loop: the scopes of its items, once it has run. */
    volatile java.util.List<Scope> items;

    NodeState(NodePlan plan) {
        this.plan = plan;
        this.pending = new AtomicInteger(plan.pendingCount());
        this.arrivals = new AtomicReferenceArray<>(plan.incoming.size() + 1);
    }
}
