package io.webops.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The nodes that run once per item of a split or loop, and the merge that gathers them. */
final class RegionPlan {

    final NodePlan owner;
    final Set<String> members;
    final NodePlan merge;
    final List<NodePlan> memberPlans = new ArrayList<>();
    /** Slot of the gathered items among the merge's arrivals. */
    int mergeSlot;

    RegionPlan(NodePlan owner, Set<String> members, NodePlan merge) {
        this.owner = owner;
        this.members = members;
        this.merge = merge;
    }

    boolean contains(NodePlan node) {
        return members.contains(node.id());
    }

    /** Whether a connection into the merge comes from this region (or straight from its split). */
    boolean feeds(ConnectionPlan c) {
        return c.source == owner || members.contains(c.source.id());
    }
}
