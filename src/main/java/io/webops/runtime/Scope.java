package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.expr.Vars;
import io.webops.json.Json;
import io.webops.model.Connection;
import io.webops.nodes.NodeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where nodes run: the execution's top level, or one item of a split or loop. A scope holds each
 * node's state and decides, when a node finishes, which of its successors in the same scope have
 * become ready (§4: a node runs once every predecessor has finished and at least one incoming
 * connection is active; otherwise it is skipped, and the skip travels on).
 */
final class Scope {

    final Run run;
    final Scope parent;
    final RegionPlan region;
    final JsonNode item;
    final int index;
    private final AtomicReferenceArray<NodeState> states;
    /** Per item: the data flowing out of the region into its merge, by the merge's slots. */
    private final AtomicReferenceArray<JsonNode> exits;

    Scope(Run run, Scope parent, RegionPlan region, JsonNode item, int index) {
        this.run = run;
        this.parent = parent;
        this.region = region;
        this.item = item;
        this.index = index;
        this.states = new AtomicReferenceArray<>(run.plan.size());
        this.exits = region == null || region.merge == null ? null
                : new AtomicReferenceArray<>(region.merge.incoming.size());
    }

    NodeState state(NodePlan plan) {
        NodeState s = states.get(plan.index);
        if (s == null) {
            NodeState fresh = new NodeState(plan);
            s = states.compareAndExchange(plan.index, null, fresh);
            if (s == null) {
                s = fresh;
            }
        }
        return s;
    }

    /** The item scopes of a split or loop that ran in this scope, or null. */
    java.util.List<Scope> itemsOf(NodePlan split) {
        NodeState s = states.get(split.index);
        return s == null ? null : s.items;
    }

    /** The output of a node, seen from here: this scope first, then the enclosing ones. */
    JsonNode outputOf(NodePlan plan) {
        NodeState s = states.get(plan.index);
        if (s != null && s.output != null) {
            return s.output;
        }
        return parent == null ? null : parent.outputOf(plan);
    }

    /** The merged input of a node (§4): objects merged key by key, anything else under its source id. */
    JsonNode inputOf(NodeState state) {
        NodePlan plan = state.plan;
        int slots = state.arrivals.length();
        JsonNode single = onlyArrival(state.arrivals);
        if (single == null && !anyArrival(state.arrivals)) {
            return Json.NODES.nullNode();
        }
        boolean gathered = plan.gathers != null && state.arrivals.get(slots - 1) != null;
        if (single != null && (single.isObject() || gathered || plan.incoming.isEmpty())) {
            return single;
        }
        return merge(state.arrivals, i -> i < plan.incoming.size() ? plan.incoming.get(i).source.id() : plan.gathers.owner.id());
    }

    /** The one data that arrived, or null when none or several did. */
    private static JsonNode onlyArrival(AtomicReferenceArray<JsonNode> slots) {
        JsonNode single = null;
        for (int i = 0; i < slots.length(); i++) {
            JsonNode data = slots.get(i);
            if (data != null) {
                if (single != null) {
                    return null;
                }
                single = data;
            }
        }
        return single;
    }

    private static boolean anyArrival(AtomicReferenceArray<JsonNode> slots) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                return true;
            }
        }
        return false;
    }

    /** §4's merge: objects key by key in slot order (later wins), anything else under its source's id. */
    private static ObjectNode merge(AtomicReferenceArray<JsonNode> slots, java.util.function.IntFunction<String> sourceOf) {
        ObjectNode merged = Json.object();
        for (int i = 0; i < slots.length(); i++) {
            JsonNode data = slots.get(i);
            if (data == null) {
                continue;
            }
            if (data.isObject()) {
                merged.setAll((ObjectNode) data);
            } else {
                merged.set(sourceOf.apply(i), data);
            }
        }
        return merged;
    }

    /**
     * The successors a node's end made ready to run in its scope (the list) and those it skipped: a skipped node's route
     * never runs (no exchange reaches it), so its log is written from here, after the log of the node that ended
     * ({@link NodeHistory} reads this list on the exchange, {@link Exchanges#NEXT}).
     */
    static final class Successors extends ArrayList<NodePlan> {
        /** The nodes skipped, in the order decided; null when none. */
        List<NodePlan> skipped;

        Successors(int ready) {
            super(ready);
        }

        private void skip(NodePlan node) {
            if (skipped == null) {
                skipped = new ArrayList<>(2);
            }
            skipped.add(node);
        }
    }

    /**
     * Records how a node ended and returns the successors in this scope that are now ready to
     * run. {@code result} is null when the node was skipped or failed without an error route.
     */
    Successors complete(NodePlan node, NodeResult result) {
        Successors ready = new Successors(2);
        complete(node, result, ready);
        return ready;
    }

    private void complete(NodePlan node, NodeResult result, Successors ready) {
        Vars vars = null;
        for (ConnectionPlan c : node.outgoing) {
            NodePlan target = c.target;
            boolean active = result != null && c.firesOn(result.handle());
            if (node.ownRegion != null && !Connection.ERROR.equals(c.connection.sourceHandle())) {
                continue;
            }
            JsonNode data = null;
            if (active) {
                if (vars == null) {
                    vars = vars(result.output());
                }
                data = c.carry(result.output(), vars);
            }
            if (region != null && target.region != region) {
                if (target == region.merge && data != null) {
                    exits.set(c.slot, data);
                }
                continue;
            }
            arrive(state(target), c.slot, data, ready);
        }
        if (node.ownRegion != null && node.ownRegion.merge != null
                && (result == null || !Connection.OUTPUT.equals(result.handle()))) {
            arrive(state(node.ownRegion.merge), node.ownRegion.mergeSlot, null, ready);
        }
    }

    /** Starts one item of a split or loop: the split's connections into its items carry the item. */
    Successors enter(NodePlan split) {
        Successors ready = new Successors(2);
        Vars vars = vars(item);
        for (ConnectionPlan c : split.outgoing) {
            if (Connection.ERROR.equals(c.connection.sourceHandle())) {
                continue;
            }
            JsonNode data = c.carry(item, vars);
            if (c.target == region.merge) {
                if (data != null) {
                    exits.set(c.slot, data);
                }
            } else {
                arrive(state(c.target), c.slot, data, ready);
            }
        }
        return ready;
    }

    /** After every item of a split has run: hands the gathered outputs to its merge. */
    Successors gathered(RegionPlan split, ArrayNode items) {
        Successors ready = new Successors(1);
        if (split.merge != null) {
            arrive(state(split.merge), split.mergeSlot, items, ready);
        }
        return ready;
    }

    /** What this item hands to the merge: the exits merged like a node input, or null if none fired. */
    JsonNode exitValue() {
        if (exits == null || !anyArrival(exits)) {
            return null;
        }
        JsonNode single = onlyArrival(exits);
        return single != null ? single : merge(exits, i -> region.merge.incoming.get(i).source.id());
    }

    private void arrive(NodeState target, int slot, JsonNode data, Successors ready) {
        if (data != null) {
            target.arrivals.set(slot, data);
        }
        if (target.pending.decrementAndGet() == 0) {
            if (anyArrival(target.arrivals)) {
                ready.add(target.plan);
            } else {
                ready.skip(target.plan);
                complete(target.plan, null, ready);
            }
        }
    }

    Vars vars(JsonNode data) {
        return new ScopeVars(this, data);
    }

    /** The names of §5 for expressions and templates evaluated in this scope. */
    record ScopeVars(Scope scope, JsonNode data) implements Vars {
        @Override
        public JsonNode lookup(String name) {
            switch (name) {
                case "data":
                    return data;
                case "nodes":
                    return scope.nodesView();
                case "trigger":
                    return scope.run.triggerData;
                case "execution":
                    return scope.run.executionView();
                case "item":
                    return scope.innermostItem();
                default:
                    return null;
            }
        }
    }

    JsonNode innermostItem() {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.region != null) {
                return s.item;
            }
        }
        return null;
    }

    /** {@code nodes.<id>}: every output visible from this scope (built only when read). */
    ObjectNode nodesView() {
        ObjectNode view = Json.object();
        for (NodePlan p : run.plan.nodes) {
            JsonNode out = outputOf(p);
            if (out != null) {
                view.set(p.id(), out);
            }
        }
        return view;
    }

    /** Item indexes from the outermost split down to this scope, for ordering item outputs. */
    int[] itemPath() {
        int depth = 0;
        for (Scope s = this; s.region != null; s = s.parent) {
            depth++;
        }
        int[] path = new int[depth];
        Scope s = this;
        for (int i = depth - 1; i >= 0; i--, s = s.parent) {
            path[i] = s.index;
        }
        return path;
    }
}
