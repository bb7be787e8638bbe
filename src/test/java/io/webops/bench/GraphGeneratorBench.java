package io.webops.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates realistic workflow documents of a given node count for the deploy benchmark
 * (bench/deploy.sh): a webhook_input root followed by a sequence of blocks until the count is
 * reached, each block attached to the previous block's tail:
 * <ul>
 *   <li>chain: one JMESPath transform or one filter;</li>
 *   <li>condition: condition -> transform on true / transform on false -> merge (join);</li>
 *   <li>parallel: 2-4 concurrent branches (transform, aggregate or filter) -> merge (join).</li>
 * </ul>
 * Seeded, so the same size gives the same graph. Only node types without I/O are used, so one
 * execution of the graph can be run as a sanity check. Not a test.
 */
public final class GraphGeneratorBench {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;
    private final ObjectNode doc = F.objectNode();
    private final ArrayNode nodes;
    private final ArrayNode connections;
    private int count;
    private int column;

    private GraphGeneratorBench(long seed) {
        random = new Random(seed);
        nodes = F.arrayNode();
        connections = F.arrayNode();
    }

    /** A workflow document of exactly {@code size} nodes (size >= 1), manual trigger. */
    public static ObjectNode generate(int size, long seed) {
        return new GraphGeneratorBench(seed).build(size);
    }

    /** An input the generated graphs work on. */
    public static ObjectNode input() {
        ObjectNode order = F.objectNode().put("id", 7).put("customer", "acme").put("total", 120);
        ArrayNode items = order.putArray("items");
        items.addObject().put("sku", "a-1").put("qty", 2).put("price", 30);
        items.addObject().put("sku", "b-2").put("qty", 1).put("price", 60);
        ObjectNode in = F.objectNode();
        in.set("order", order);
        return in;
    }

    private ObjectNode build(int size) {
        doc.put("name", "generated graph of " + size + " nodes");
        doc.put("description", "bench/deploy.sh: chains, conditions, parallel branches and joins");
        doc.putObject("trigger").put("type", "manual");
        doc.putObject("settings").put("timeout_seconds", 300);
        String tail = node("webhook_input", "Input", F.objectNode(), 0);
        while (count < size) {
            int left = size - count;
            int pick = random.nextInt(10);
            if (pick < 4 && left >= 4) {
                tail = condition(tail);
            } else if (pick < 7 && left >= 4) {
                tail = parallel(tail, Math.min(left - 1, 2 + random.nextInt(3)));
            } else {
                tail = chain(tail);
            }
        }
        doc.set("nodes", nodes);
        doc.set("connections", connections);
        return doc;
    }

    private String chain(String tail) {
        column++;
        String id = random.nextInt(4) == 0
                ? node("filter", "Keep multi-unit items", filterConfig(), 0)
                : node("transform", "Reshape", transformConfig("step", count), 0);
        connect(tail, id, null);
        return id;
    }

    private String condition(String tail) {
        column++;
        int threshold = 50 + 25 * random.nextInt(4);
        String cond = node("condition", "Total over " + threshold,
                F.objectNode().put("expression", "data.order.total > " + threshold + " and data.order.customer != 'blocked'"), 0);
        connect(tail, cond, null);
        column++;
        String yes = node("transform", "Big", F.objectNode().put("type", "jmespath").put("query", "{order: order, tier: 'big'}"), -1);
        String no = node("transform", "Small", F.objectNode().put("type", "jmespath").put("query", "{order: order, tier: 'small'}"), 1);
        connect(cond, yes, "true");
        connect(cond, no, "false");
        column++;
        String merge = node("merge", "Join", F.objectNode().put("mode", "join"), 0);
        connect(yes, merge, null);
        connect(no, merge, null);
        return merge;
    }

    private String parallel(String tail, int branches) {
        column++;
        List<String> ends = new ArrayList<>();
        for (int b = 0; b < branches; b++) {
            int kind = b == 0 ? 2 : random.nextInt(3);
            String id;
            if (kind == 0) {
                ObjectNode op = F.objectNode().put("op", "sum").put("field", "price").put("as", "sum_" + count);
                ObjectNode config = F.objectNode().put("path", "order.items");
                config.putArray("operations").add(op);
                id = node("aggregate", "Sum prices", config, b);
            } else if (kind == 1) {
                id = node("filter", "Keep multi-unit items", filterConfig(), b);
            } else {
                id = node("transform", "Branch " + b, transformConfig("branch_" + b, count), b);
            }
            connect(tail, id, null);
            ends.add(id);
        }
        column++;
        String merge = node("merge", "Join branches", F.objectNode().put("mode", "join"), 0);
        for (String end : ends) {
            connect(end, merge, null);
        }
        return merge;
    }

    private static ObjectNode transformConfig(String key, int n) {
        return F.objectNode().put("type", "jmespath")
                .put("query", "{order: order, " + key + ": `" + n + "`, skus: order.items[].sku}");
    }

    private static ObjectNode filterConfig() {
        return F.objectNode().put("path", "order.items").put("condition", "item.qty >= 1 and item.price > 0");
    }

    private String node(String type, String label, ObjectNode config, int row) {
        String id = type.replace('_', '-') + "-" + count++;
        ObjectNode n = nodes.addObject();
        n.put("id", id).put("type", type).put("label", label);
        n.putObject("position").put("x", 100 + 220 * column).put("y", 300 + 140 * row);
        n.set("config", config);
        return id;
    }

    private void connect(String source, String target, String handle) {
        ObjectNode c = connections.addObject().put("source", source).put("target", target);
        if (handle != null) {
            c.put("sourceHandle", handle);
        }
    }
}
