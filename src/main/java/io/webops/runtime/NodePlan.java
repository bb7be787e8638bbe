package io.webops.runtime;

import io.webops.model.Node;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeType;
import java.util.ArrayList;
import java.util.List;

/** A node compiled for one deployment: its executor, its connections and the region it runs in. */
final class NodePlan {

    final Node node;
    final NodeType type;
    final NodeExecutor executor;
    final String routeId;
    final int index;
    final List<ConnectionPlan> incoming = new ArrayList<>();
    final List<ConnectionPlan> outgoing = new ArrayList<>();
    /** The split/loop whose items this node runs for; null at the top level. */
    RegionPlan region;
    /** Set when this node is a split or loop: the region of its items. */
    RegionPlan ownRegion;
    /** Set when this node is the merge gathering a region's items. */
    RegionPlan gathers;
    /**
     * The node's own time in successful runs, for /observe/metrics (reset when a new version is deployed). Camel's
     * route timer of the node route also holds the successors it starts, so this one is kept; runs are Camel's.
     */
    final java.util.concurrent.atomic.LongAdder nanos = new java.util.concurrent.atomic.LongAdder();
    boolean sink;
    boolean catchAll;
    /** The exchange variable holding the node's output: its route id's last part (safe characters only). */
    final String variable;

    NodePlan(int index, Node node, NodeType type, NodeExecutor executor, String routeId) {
        this.index = index;
        this.node = node;
        this.type = type;
        this.executor = executor;
        this.routeId = routeId;
        this.variable = routeId.substring(routeId.lastIndexOf('.') + 1);
    }

    String id() {
        return node.id();
    }

    Flow flow() {
        return type.flow(node);
    }

    /** Incoming connections counted in this node's own scope (a gathering merge counts its region once). */
    int pendingCount() {
        int count = 0;
        for (ConnectionPlan c : incoming) {
            if (gathers == null || !gathers.feeds(c)) {
                count++;
            }
        }
        return gathers == null ? count : count + 1;
    }
}
