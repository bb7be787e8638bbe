package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * n8n's parameter values: a string starting with {@code =} is an expression, text with {@code {{ ... }}} parts whose
 * content is JavaScript over {@code $json} (the item) and the other nodes ({@code $('Name').item.json},
 * {@code $node["Name"].json}). Parts that are plain paths become the product's own paths ({@code data.a.b},
 * {@code nodes.<id>.a}); other JavaScript is kept as JavaScript for a custom_code node.
 */
final class N8nExpressions {

    private static final Pattern PART = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern ROOT = Pattern.compile("^(?:\\$json|\\$input\\.item\\.json|\\$input\\.first\\(\\)\\.json"
            + "|\\$\\(\\s*(['\"])(.+?)\\1\\s*\\)\\.(?:item|first\\(\\)|last\\(\\))\\.json"
            + "|\\$node\\[\\s*(['\"])(.+?)\\3\\s*]\\.json)");
    private static final Pattern STEP = Pattern.compile("^(?:\\??\\.([A-Za-z_$][A-Za-z0-9_$]*)|\\[\\s*(['\"])(.*?)\\2\\s*]"
            + "|\\[\\s*(\\d+)\\s*])");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Node ids by n8n node name; null for a node that was not mapped. */
    private final Function<String, String> idByName;

    N8nExpressions(Function<String, String> idByName) {
        this.idByName = idByName;
    }

    static boolean isExpression(JsonNode value) {
        return value != null && value.isTextual() && value.asText().startsWith("=");
    }

    /**
     * The value as a config string of the product: literal text as it is, an expression whose parts are all plain
     * paths as a template ({@code Hi {{ data.name }}}); null when a part is other JavaScript.
     */
    String template(String value) {
        if (!value.startsWith("=")) {
            return value;
        }
        String text = value.substring(1);
        StringBuilder out = new StringBuilder();
        Matcher m = PART.matcher(text);
        int last = 0;
        while (m.find()) {
            String path = path(m.group(1).trim());
            if (path == null) {
                return null;
            }
            out.append(text, last, m.start()).append("{{ ").append(path).append(" }}");
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }

    /** The product path of an expression that is exactly one plain path ({@code ={{ $json.a }}}), else null. */
    String wholePath(String value) {
        if (!value.startsWith("=")) {
            return null;
        }
        String text = value.substring(1).trim();
        Matcher m = PART.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return path(m.group(1).trim());
    }

    /** The product path of one JavaScript expression that is a plain path, else null. */
    String path(String js) {
        Matcher root = ROOT.matcher(js);
        if (!root.find()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        String node = root.group(2) != null ? root.group(2) : root.group(4);
        if (node == null) {
            path.append("data");
        } else {
            String id = idByName.apply(node);
            if (id == null) {
                return null;
            }
            path.append("nodes").append(IDENTIFIER.matcher(id).matches() ? "." + id : "['" + id + "']");
        }
        String rest = js.substring(root.end());
        while (!rest.isEmpty()) {
            Matcher step = STEP.matcher(rest);
            if (!step.find()) {
                return null;
            }
            if (step.group(1) != null) {
                path.append('.').append(step.group(1));
            } else if (step.group(3) != null) {
                String key = step.group(3);
                path.append(IDENTIFIER.matcher(key).matches() ? "." + key : "['" + key.replace("'", "\\'") + "']");
            } else {
                path.append('[').append(step.group(4)).append(']');
            }
            rest = rest.substring(step.end());
        }
        return path.toString();
    }

    /** The value as JavaScript for a custom_code node over {@code $json}: text becomes a string, parts are kept. */
    static String javaScript(JsonNode value) {
        if (!isExpression(value)) {
            return Json.write(value);
        }
        String text = value.asText().substring(1);
        Matcher m = PART.matcher(text);
        List<String> terms = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                terms.add(Json.write(Json.NODES.textNode(text.substring(last, m.start()))));
            }
            terms.add("(" + m.group(1).trim() + ")");
            last = m.end();
        }
        if (last < text.length()) {
            terms.add(Json.write(Json.NODES.textNode(text.substring(last))));
        }
        if (terms.size() == 1) {
            return terms.get(0);
        }
        return "String(" + String.join(") + String(", terms) + ")";
    }

    /** A product path ({@code data.a['b c'][0]}, {@code nodes.x.y}) as a JSONata path over the bound variables. */
    static String jsonataPath(String productPath) {
        return "$" + productPath.replaceAll("\\['((?:[^'\\\\]|\\\\.)*)']", ".`$1`").replace("\\'", "'");
    }

    /**
     * The value as JSONata: a literal as JSON, an expression whose parts are all plain paths as paths and string
     * concatenation; null when a part is other JavaScript.
     */
    String jsonata(JsonNode value) {
        if (!isExpression(value)) {
            return Json.write(value);
        }
        String whole = wholePath(value.asText());
        if (whole != null) {
            return jsonataPath(whole);
        }
        String text = value.asText().substring(1);
        Matcher m = PART.matcher(text);
        List<String> terms = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            String path = path(m.group(1).trim());
            if (path == null) {
                return null;
            }
            if (m.start() > last) {
                terms.add(Json.write(Json.NODES.textNode(text.substring(last, m.start()))));
            }
            terms.add("$string(" + jsonataPath(path) + ")");
            last = m.end();
        }
        if (last < text.length() || terms.isEmpty()) {
            terms.add(Json.write(Json.NODES.textNode(text.substring(last))));
        }
        return String.join(" & ", terms);
    }
}
