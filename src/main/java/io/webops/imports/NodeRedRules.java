package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node-RED's {@code change} and {@code switch} rules as JSONata over the message ({@code msg} is the workflow's data:
 * {@code {payload, topic, ...}}). A change node becomes one JSONata transform that applies its rules in order to
 * {@code $m}; a switch rule becomes a JSONata condition over the message. Values of the types Node-RED keeps outside
 * the message (flow, global, env contexts) and regular expressions have no counterpart: {@link Unmappable}.
 */
final class NodeRedRules {

    /** A rule that cannot be written in JSONata here, and why. */
    static final class Unmappable extends Exception {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }

    /** Sets {@code $v} at path {@code $p} in {@code $o}, making objects on the way; deletes the key at {@code $p}. */
    private static final String HELPERS = "$set := function($o, $p, $v) { $count($p) = 0 ? $v : $merge([$type($o) = "
            + "'object' ? $o : {}, {$p[0]: $set($lookup($o, $p[0]), $p[[1..$count($p)-1]], $v)}]) };\n"
            + "$del := function($o, $p) { $type($o) != 'object' ? $o : $count($p) = 1 ? ($r := $sift($o, "
            + "function($v, $k) { $k != $p[0] }); $exists($r) ? $r : {}) : $merge([$o, {$p[0]: $del($lookup($o, "
            + "$p[0]), $p[[1..$count($p)-1]])}]) };\n";

    private static final Pattern SEGMENT = Pattern.compile("^(?:\\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\\[\\s*(['\"])(.*?)\\2\\s*]"
            + "|\\[\\s*(\\d+)\\s*])");
    private static final List<String> OUTSIDE = List.of("$flowContext", "$globalContext", "$env", "$parts", "$moment",
            "$clone");

    private NodeRedRules() {
    }

    /** The change node's rules as one JSONata transform of the message. */
    static String change(JsonNode rules) throws Unmappable {
        StringBuilder q = new StringBuilder("(\n$m := $;\n").append(HELPERS);
        int n = 1;
        for (JsonNode rule : rules) {
            String at = "rule " + n++;
            requireMsg(rule.path("pt").asText("msg"), at, "property");
            List<Object> path = path(rule.path("p").asText(), at);
            String keys = keys(path, at);
            switch (rule.path("t").asText()) {
                case "set" -> q.append("$m := $set($m, ").append(keys).append(", ")
                        .append(value(rule.path("to"), rule.path("tot").asText("str"), "$m", at)).append(");\n");
                case "change" -> {
                    String fromType = rule.path("fromt").asText("str");
                    if ("re".equals(fromType)) {
                        throw new Unmappable(at + " searches with a regular expression, which the product's JSONata "
                                + "refuses (it could not be stopped at the node's timeout)");
                    }
                    String from = value(rule.path("from"), fromType, "$m", at);
                    String to = value(rule.path("to"), rule.path("tot").asText("str"), "$m", at);
                    q.append("$m := $set($m, ").append(keys).append(", ($v := ").append(read("$m", path))
                            .append("; $type($v) = 'string' and $type(").append(from).append(") = 'string' ? $replace($v, ")
                            .append(from).append(", $string(").append(to).append(")) : ($v = ").append(from)
                            .append(" ? ").append(to).append(" : $v)));\n");
                }
                case "delete" -> q.append("$m := $del($m, ").append(keys).append(");\n");
                case "move" -> {
                    requireMsg(rule.path("tot").asText("msg"), at, "target");
                    String target = keys(path(rule.path("to").asText(), at), at);
                    q.append("$m := ($v := ").append(read("$m", path)).append("; $set($del($m, ").append(keys)
                            .append("), ").append(target).append(", $v));\n");
                }
                default -> throw new Unmappable(at + " is of type '" + rule.path("t").asText() + "', which is not known");
            }
        }
        return q.append("$m\n)").toString();
    }

    /**
     * The switch node's rules as JSONata conditions over the message, one per output: with {@code checkall} false
     * (stop at the first match) a rule holds only where none before it did; {@code else} holds where none did.
     */
    static List<String> switchConditions(JsonNode node) throws Unmappable {
        String propertyType = node.path("propertyType").asText("msg");
        String property;
        if ("jsonata".equals(propertyType)) {
            property = "$.(" + jsonata(node.path("property").asText(), "property") + ")";
        } else {
            requireMsg(propertyType, "the switch's property", "property");
            property = read("$", path(node.path("property").asText("payload"), "the switch's property"));
        }
        boolean all = !"false".equals(node.path("checkall").asText("true"));
        List<String> rules = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        int n = 1;
        for (JsonNode rule : node.path("rules")) {
            String at = "rule " + n++;
            String none = rules.isEmpty() ? "true" : "$not(" + String.join(" or ", rules) + ")";
            if ("else".equals(rule.path("t").asText())) {
                outputs.add(none);
                continue;
            }
            String holds = "(" + predicate(rule, property, at) + ")";
            outputs.add(all || rules.isEmpty() ? holds : "(" + holds + " and " + none + ")");
            rules.add(holds);
        }
        return outputs;
    }

    private static String predicate(JsonNode rule, String x, String at) throws Unmappable {
        String t = rule.path("t").asText();
        switch (t) {
            case "true": return x + " = true";
            case "false": return x + " = false";
            case "null": return "$not($exists(" + x + ")) or " + x + " = null";
            case "nnull": return "$exists(" + x + ") and " + x + " != null";
            case "empty": return "($type(" + x + ") = 'string' and " + x + " = '') or ($type(" + x + ") = 'array' and $count("
                    + x + ") = 0) or ($type(" + x + ") = 'object' and $count($keys(" + x + ")) = 0)";
            case "nempty": return "($type(" + x + ") = 'string' and " + x + " != '') or ($type(" + x + ") = 'array' and $count("
                    + x + ") > 0) or ($type(" + x + ") = 'object' and $count($keys(" + x + ")) > 0)";
            case "istype": {
                String type = rule.path("v").asText();
                if ("undefined".equals(type)) {
                    return "$not($exists(" + x + "))";
                }
                if (!List.of("string", "number", "boolean", "array", "object", "null").contains(type)) {
                    throw new Unmappable(at + " tests for type '" + type + "', which JSON does not have");
                }
                return "$type(" + x + ") = '" + type + "'";
            }
            case "jsonata_exp": return "$.(" + jsonata(rule.path("v").asText(), at) + ") = true";
            default: break;
        }
        String v = value(rule.path("v"), rule.path("vt").asText("str"), "$", at);
        return switch (t) {
            case "eq" -> x + " = " + v;
            case "neq" -> x + " != " + v;
            case "lt" -> x + " < " + v;
            case "lte" -> x + " <= " + v;
            case "gt" -> x + " > " + v;
            case "gte" -> x + " >= " + v;
            case "btwn" -> x + " >= " + v + " and " + x + " <= " + value(rule.path("v2"), rule.path("v2t").asText("num"), "$", at);
            case "cont" -> "$contains($string(" + x + "), $string(" + v + "))";
            case "hask" -> "$type(" + x + ") = 'object' and $exists($lookup(" + x + ", $string(" + v + ")))";
            case "regex" -> throw new Unmappable(at + " matches a regular expression, which the product's JSONata "
                    + "refuses (it could not be stopped at the node's timeout)");
            default -> throw new Unmappable(at + " ('" + t + "') looks at the message sequence, which the product "
                    + "does not keep");
        };
    }

    /** A Node-RED typed value as JSONata, {@code msg} being read from {@code context} ({@code $m} or {@code $}). */
    private static String value(JsonNode raw, String type, String context, String at) throws Unmappable {
        String text = raw.asText("");
        return switch (type) {
            case "str" -> Json.write(Json.NODES.textNode(text));
            case "num" -> {
                try {
                    yield Json.write(Json.parse(text.trim()).numberValue());
                } catch (RuntimeException e) {
                    throw new Unmappable(at + ": '" + text + "' is not a number");
                }
            }
            case "bool" -> String.valueOf("true".equals(text));
            case "json" -> {
                try {
                    yield Json.write(Json.parse(text));
                } catch (RuntimeException e) {
                    throw new Unmappable(at + ": '" + text + "' is not JSON");
                }
            }
            case "jsonata" -> context + ".(" + jsonata(text, at) + ")";
            case "msg" -> read(context, path(text, at));
            case "date" -> "$millis()";
            default -> throw new Unmappable(at + " takes a value from " + type + ", which is kept outside the message "
                    + "in Node-RED and has no counterpart in a workflow");
        };
    }

    private static String jsonata(String expression, String at) throws Unmappable {
        for (String outside : OUTSIDE) {
            if (expression.contains(outside)) {
                throw new Unmappable(at + "'s JSONata calls " + outside + ", a function of Node-RED's own");
            }
        }
        return expression;
    }

    private static void requireMsg(String type, String at, String what) throws Unmappable {
        if (!"msg".equals(type)) {
            throw new Unmappable(at + "'s " + what + " is in " + type + " context, which is kept outside the message "
                    + "in Node-RED and has no counterpart in a workflow");
        }
    }

    /** A property such as {@code payload.a["b c"][0]} as its keys and indexes. */
    static List<Object> path(String property, String at) throws Unmappable {
        List<Object> path = new ArrayList<>();
        String rest = property.trim();
        if (rest.startsWith("msg.")) {
            rest = rest.substring(4);
        }
        while (!rest.isEmpty()) {
            Matcher m = SEGMENT.matcher(rest);
            if (!m.find() || (path.isEmpty() && rest.startsWith("."))) {
                throw new Unmappable(at + ": property '" + property + "' is not a message property path");
            }
            if (m.group(1) != null) {
                path.add(m.group(1));
            } else if (m.group(3) != null) {
                path.add(m.group(3));
            } else {
                path.add(Integer.parseInt(m.group(4)));
            }
            rest = rest.substring(m.end());
        }
        if (path.isEmpty()) {
            throw new Unmappable(at + ": the property is empty");
        }
        return path;
    }

    private static String keys(List<Object> path, String at) throws Unmappable {
        List<String> keys = new ArrayList<>();
        for (Object key : path) {
            if (!(key instanceof String s)) {
                throw new Unmappable(at + " writes an array element ([" + key + "]); only object keys are imported");
            }
            keys.add(Json.write(Json.NODES.textNode(s)));
        }
        return "[" + String.join(", ", keys) + "]";
    }

    /** A JSONata path reading {@code path} from {@code context}. */
    static String read(String context, List<Object> path) {
        StringBuilder out = new StringBuilder(context);
        for (Object key : path) {
            if (key instanceof Integer i) {
                out.append('[').append(i).append(']');
            } else {
                out.append(".`").append(((String) key).replace("`", "")).append('`');
            }
        }
        return out.toString();
    }
}
