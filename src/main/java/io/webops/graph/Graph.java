package io.webops.graph;

import io.webops.model.Connection;
import io.webops.model.Node;
import io.webops.model.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workflow as a directed graph over node ids, for ordering (Kahn's algorithm) and cycle
 * reporting. Connections that name missing nodes are left out; validation reports them.
 */
public final class Graph {

    private final Map<String, Node> nodes;
    private final Map<String, List<Connection>> outgoing = new HashMap<>();
    private final Map<String, List<Connection>> incoming = new HashMap<>();

    public Graph(Workflow workflow) {
        this.nodes = workflow.nodesById();
        for (String id : nodes.keySet()) {
            outgoing.put(id, new ArrayList<>());
            incoming.put(id, new ArrayList<>());
        }
        for (Connection c : workflow.connections()) {
            if (nodes.containsKey(c.source()) && nodes.containsKey(c.target())) {
                outgoing.get(c.source()).add(c);
                incoming.get(c.target()).add(c);
            }
        }
    }

    public Map<String, Node> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    public List<Connection> outgoing(String id) {
        return outgoing.getOrDefault(id, List.of());
    }

    public List<Connection> incoming(String id) {
        return incoming.getOrDefault(id, List.of());
    }

    /** Kahn's algorithm: the nodes in an order where every node follows its predecessors. */
    public TopologicalOrder order() {
        Map<String, Integer> inDegree = new LinkedHashMap<>();
        nodes.keySet().forEach(id -> inDegree.put(id, incoming.get(id).size()));
        Deque<String> ready = new ArrayDeque<>();
        inDegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (Connection c : outgoing.get(id)) {
                if (inDegree.merge(c.target(), -1, Integer::sum) == 0) {
                    ready.add(c.target());
                }
            }
        }
        if (order.size() == nodes.size()) {
            return new TopologicalOrder(order, List.of());
        }
        List<String> left = new ArrayList<>();
        inDegree.forEach((id, d) -> {
            if (d > 0) {
                left.add(id);
            }
        });
        return new TopologicalOrder(order, cycles(new java.util.LinkedHashSet<>(left)));
    }

    /**
     * The distinct cycles among the nodes Kahn's algorithm could not order, each as the node ids
     * on it in connection order (a node downstream of a cycle is not on it).
     */
    private List<List<String>> cycles(Set<String> left) {
        List<List<String>> found = new ArrayList<>();
        Set<String> onFoundCycle = new java.util.HashSet<>();
        for (String start : left) {
            if (onFoundCycle.contains(start)) {
                continue;
            }
            List<String> cycle = cycleThrough(start, left);
            if (!cycle.isEmpty() && cycle.stream().noneMatch(onFoundCycle::contains)) {
                found.add(cycle);
                onFoundCycle.addAll(cycle);
            }
        }
        return found;
    }

    /** Depth-first search from {@code start} for a path back to it, inside {@code within}. */
    private List<String> cycleThrough(String start, Set<String> within) {
        Deque<String> path = new ArrayDeque<>();
        Set<String> visited = new java.util.HashSet<>();
        return search(start, start, within, path, visited) ? new ArrayList<>(path) : List.of();
    }

    private boolean search(String at, String start, Set<String> within, Deque<String> path, Set<String> visited) {
        path.addLast(at);
        visited.add(at);
        for (Connection c : outgoing.get(at)) {
            String next = c.target();
            if (next.equals(start)) {
                return true;
            }
            if (within.contains(next) && !visited.contains(next) && search(next, start, within, path, visited)) {
                return true;
            }
        }
        path.removeLast();
        return false;
    }

    public record TopologicalOrder(List<String> nodes, List<List<String>> cycles) {
        public boolean acyclic() {
            return cycles.isEmpty();
        }
    }
}
