package io.webops.graph;

import io.webops.model.Connection;
import io.webops.model.ValidationError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The per-item regions of split and loop nodes (§4): the nodes after a split or loop run once
 * per item until the {@code merge} that closes it. A region is found by walking forward from the
 * split along its non-error connections, counting nested splits and merges like brackets.
 */
public final class Regions {

    /** A split or loop, its members and the merge that gathers its items (null when none). */
    public record Region(String owner, Set<String> members, String merge) {
    }

    private final Map<String, Region> bySplit = new LinkedHashMap<>();
    private final Map<String, String> ownerOf = new HashMap<>();
    private final List<ValidationError> errors = new ArrayList<>();

    private Regions() {
    }

    /**
     * @param isSplit  whether a node id is a split or loop
     * @param isGather whether a node id is a merge that gathers (closes the region it meets)
     */
    public static Regions of(Graph graph, Predicate<String> isSplit, Predicate<String> isGather) {
        Regions r = new Regions();
        for (String id : graph.nodes().keySet()) {
            if (isSplit.test(id)) {
                r.bySplit.put(id, r.walk(graph, id, isSplit, isGather));
            }
        }
        List<Region> innermostFirst = new ArrayList<>(r.bySplit.values());
        innermostFirst.sort(Comparator.comparingInt(region -> region.members().size()));
        for (Region region : innermostFirst) {
            region.members().forEach(m -> r.ownerOf.putIfAbsent(m, region.owner()));
        }
        r.checkEntries(graph);
        return r;
    }

    public Map<String, Region> bySplit() {
        return bySplit;
    }

    /** The innermost split or loop whose items a node runs for, or null for the top level. */
    public String ownerOf(String nodeId) {
        return ownerOf.get(nodeId);
    }

    public List<ValidationError> errors() {
        return errors;
    }

    private Region walk(Graph graph, String split, Predicate<String> isSplit, Predicate<String> isGather) {
        Map<String, Integer> depthOf = new LinkedHashMap<>();
        Set<String> merges = new LinkedHashSet<>();
        Deque<Map.Entry<String, Integer>> work = new ArrayDeque<>();
        for (Connection c : graph.outgoing(split)) {
            if (!Connection.ERROR.equals(c.sourceHandle())) {
                work.add(Map.entry(c.target(), 0));
            }
        }
        while (!work.isEmpty()) {
            Map.Entry<String, Integer> next = work.poll();
            String id = next.getKey();
            int depth = next.getValue();
            if (isGather.test(id) && depth == 0) {
                merges.add(id);
                continue;
            }
            Integer seen = depthOf.putIfAbsent(id, depth);
            if (seen != null) {
                if (seen != depth) {
                    errors.add(ValidationError.ofNode(id, null, "Node '" + id + "' is reached both inside and outside the items of "
                            + "split/loop '" + split + "'; close the split with one merge before joining other branches"));
                }
                continue;
            }
            int after = isGather.test(id) ? depth - 1 : depth;
            for (Connection c : graph.outgoing(id)) {
                int d = isSplit.test(id) && !Connection.ERROR.equals(c.sourceHandle()) ? after + 1 : after;
                work.add(Map.entry(c.target(), d));
            }
        }
        if (merges.size() > 1) {
            errors.add(ValidationError.ofNode(split, null, "Split/loop '" + split + "' is closed by more than one merge: "
                    + String.join(", ", merges) + "; gather its items in one merge"));
        }
        String merge = merges.isEmpty() ? null : merges.iterator().next();
        return new Region(split, Set.copyOf(depthOf.keySet()), merge);
    }

    /** A node inside a region may only be fed by the split itself or by other members. */
    private void checkEntries(Graph graph) {
        for (Region region : bySplit.values()) {
            for (String member : region.members()) {
                if (!region.owner().equals(ownerOf.get(member))) {
                    continue;
                }
                for (Connection c : graph.incoming(member)) {
                    String from = c.source();
                    boolean inside = from.equals(region.owner()) || region.members().contains(from);
                    if (!inside) {
                        errors.add(ValidationError.ofConnection(c.index(), null, "Connection " + c.describe()
                                + " enters the items of split/loop '" + region.owner() + "' from outside; feed '" + member
                                + "' from the split or from a node after it"));
                    }
                }
            }
        }
    }
}
