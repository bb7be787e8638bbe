package io.webops.nodes.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.model.Node;
import io.webops.nodes.Category;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Paths;
import io.webops.nodes.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** sum, avg, min, max and count over the array at {@code path}, overall or per group. */
public final class AggregateNode implements NodeType {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Operation(String op, String field, String as) {
    }

    @Override
    public String id() {
        return "aggregate";
    }

    @Override
    public Category category() {
        return Category.PROCESSOR;
    }

    @Override
    public String title() {
        return "Aggregate";
    }

    @Override
    public String description() {
        return "sum, avg, min, max or count over the array at path; output {<as>: value}, or one such object per group.";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode operation = Schema.object()
                .enumeration("op", "Operation", "What to compute", "sum", "avg", "min", "max", "count")
                .string("field", "Field", "The item field to aggregate (not needed for count)")
                .string("as", "Output name", "Key of the result (default: <op>_<field>)")
                .required("op")
                .build();
        return Schema.object()
                .string("path", "Array path", "Where the array is in the input (empty: the input itself)")
                .array("operations", "Operations", "What to compute over the items", operation)
                .string("group_by", "Group by", "An item field: one result object per distinct value")
                .required("operations")
                .build();
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        List<Operation> operations = new ArrayList<>();
        for (JsonNode o : node.config("operations")) {
            String op = o.path("op").asText();
            String field = o.path("field").asText(null);
            String as = o.path("as").asText(field == null ? op : op + "_" + field);
            operations.add(new Operation(op, field, as));
        }
        String path = node.configText("path", "");
        String groupBy = node.configText("group_by", null);
        return call -> {
            ArrayNode items = Paths.array(call.input(), path, node.id());
            if (groupBy == null || groupBy.isBlank()) {
                return NodeResult.of(aggregate(node, operations, items));
            }
            Map<String, ArrayNode> groups = new LinkedHashMap<>();
            Map<String, JsonNode> keys = new LinkedHashMap<>();
            for (JsonNode item : items) {
                JsonNode key = Paths.get(item, groupBy);
                String k = key == null ? "null" : key.toString();
                keys.putIfAbsent(k, key == null ? JSON.nullNode() : key);
                groups.computeIfAbsent(k, x -> JSON.arrayNode()).add(item);
            }
            ArrayNode out = JSON.arrayNode();
            groups.forEach((k, group) -> {
                ObjectNode row = JSON.objectNode();
                row.set(groupBy, keys.get(k));
                row.setAll(aggregate(node, operations, group));
                out.add(row);
            });
            return NodeResult.of(out);
        };
    }

    private static ObjectNode aggregate(Node node, List<Operation> operations, ArrayNode items) {
        ObjectNode result = JSON.objectNode();
        for (Operation o : operations) {
            if ("count".equals(o.op)) {
                long n = 0;
                for (JsonNode item : items) {
                    if (o.field == null || isPresent(Paths.get(item, o.field))) {
                        n++;
                    }
                }
                result.put(o.as, n);
                continue;
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            boolean integral = true;
            for (JsonNode item : items) {
                JsonNode v = o.field == null ? item : Paths.get(item, o.field);
                if (!isPresent(v)) {
                    continue;
                }
                if (!v.isNumber()) {
                    throw NodeFailure.data("Node '" + node.id() + "': " + o.op + " over '" + o.field
                            + "' found a non-number: " + v);
                }
                integral &= v.isIntegralNumber();
                double d = v.asDouble();
                sum += d;
                min = Math.min(min, d);
                max = Math.max(max, d);
                n++;
            }
            switch (o.op) {
                case "sum" -> put(result, o.as, sum, integral);
                case "avg" -> {
                    if (n == 0) {
                        result.putNull(o.as);
                    } else {
                        result.put(o.as, sum / n);
                    }
                }
                case "min" -> putOrNull(result, o.as, min, n, integral);
                case "max" -> putOrNull(result, o.as, max, n, integral);
                default -> throw NodeFailure.config("Node '" + node.id() + "': unknown operation '" + o.op + "'");
            }
        }
        return result;
    }

    private static boolean isPresent(JsonNode v) {
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    private static void putOrNull(ObjectNode result, String key, double value, int n, boolean integral) {
        if (n == 0) {
            result.putNull(key);
        } else {
            put(result, key, value, integral);
        }
    }

    private static void put(ObjectNode result, String key, double value, boolean integral) {
        if (integral && value == Math.rint(value) && Math.abs(value) < 9.0e15) {
            result.put(key, (long) value);
        } else {
            result.put(key, value);
        }
    }
}
