package io.webops.imports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of n8n's If and Switch nodes as the product's own expressions: version 2 and later
 * ({@code conditions: {conditions: [{leftValue, rightValue, operator: {type, operation}}], combinator}}) and version 1
 * ({@code conditions: {string|number|boolean: [{value1, operation, value2}]}, combineOperation}). Operands must be
 * literals or plain paths; anything else is a {@link Unmappable} naming the condition and why.
 */
final class N8nConditions {

    /** A condition that cannot be written in the product's expressions. */
    static final class Unmappable extends Exception {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }

    private final N8nExpressions expressions;

    N8nConditions(N8nExpressions expressions) {
        this.expressions = expressions;
    }

    /** The whole condition of an If node's {@code conditions} (or a Switch rule's), as one expression. */
    String expression(JsonNode conditions, JsonNode parameters) throws Unmappable {
        List<String> terms = new ArrayList<>();
        boolean any;
        if (conditions.path("conditions").isArray()) {
            any = "or".equals(conditions.path("combinator").asText("and"));
            boolean caseSensitive = conditions.path("options").path("caseSensitive").asBoolean(true);
            int i = 1;
            for (JsonNode c : conditions.path("conditions")) {
                terms.add(v2(c, caseSensitive, i++));
            }
        } else {
            any = "any".equals(parameters.path("combineOperation").asText("all"));
            int i = 1;
            for (String type : List.of("boolean", "dateTime", "number", "string")) {
                for (JsonNode c : conditions.path(type)) {
                    terms.add(v1(type, c, i++));
                }
            }
        }
        if (terms.isEmpty()) {
            throw new Unmappable("it has no conditions");
        }
        if (terms.size() == 1) {
            return terms.get(0);
        }
        return "(" + String.join(any ? ") or (" : ") and (", terms) + ")";
    }

    private String v2(JsonNode c, boolean caseSensitive, int n) throws Unmappable {
        String type = c.path("operator").path("type").asText("string");
        String operation = c.path("operator").path("operation").asText("equals");
        String left = operand(c.path("leftValue"), n, "leftValue", type);
        if (!caseSensitive && "string".equals(type)) {
            left = "lower(" + left + ")";
        }
        switch (operation) {
            case "exists": return "exists(" + left + ")";
            case "notExists": return "not exists(" + left + ")";
            case "empty": return "len(" + left + ") == 0";
            case "notEmpty": return "len(" + left + ") > 0";
            case "true": return left + " == true";
            case "false": return left + " == false";
            default: break;
        }
        String right = operand(c.path("rightValue"), n, "rightValue", type);
        if (!caseSensitive && "string".equals(type)) {
            right = "lower(" + right + ")";
        }
        return switch (operation) {
            case "equals" -> left + " == " + right;
            case "notEquals" -> left + " != " + right;
            case "gt", "after" -> left + " > " + right;
            case "gte", "afterOrEquals" -> left + " >= " + right;
            case "lt", "before" -> left + " < " + right;
            case "lte", "beforeOrEquals" -> left + " <= " + right;
            case "contains" -> "contains(" + left + ", " + right + ")";
            case "notContains" -> "not contains(" + left + ", " + right + ")";
            case "startsWith" -> "startswith(" + left + ", " + right + ")";
            case "notStartsWith" -> "not startswith(" + left + ", " + right + ")";
            case "endsWith" -> "endswith(" + left + ", " + right + ")";
            case "notEndsWith" -> "not endswith(" + left + ", " + right + ")";
            case "lengthEquals" -> "len(" + left + ") == " + right;
            case "lengthNotEquals" -> "len(" + left + ") != " + right;
            case "lengthGt" -> "len(" + left + ") > " + right;
            case "lengthLt" -> "len(" + left + ") < " + right;
            case "lengthGte" -> "len(" + left + ") >= " + right;
            case "lengthLte" -> "len(" + left + ") <= " + right;
            default -> throw new Unmappable("condition " + n + " uses the " + type + " operation '" + operation
                    + "', which the product's expressions do not have");
        };
    }

    private String v1(String type, JsonNode c, int n) throws Unmappable {
        String left = operand(c.path("value1"), n, "value1", type);
        if ("boolean".equals(type)) {
            String op = c.path("operation").asText("equal");
            return left + ("notEqual".equals(op) ? " != " : " == ") + operand(c.path("value2"), n, "value2", type);
        }
        String operation = c.path("operation").asText("equal");
        switch (operation) {
            case "isEmpty": return "len(" + left + ") == 0";
            case "isNotEmpty": return "len(" + left + ") > 0";
            default: break;
        }
        String right = operand(c.path("value2"), n, "value2", type);
        return switch (operation) {
            case "equal" -> left + " == " + right;
            case "notEqual" -> left + " != " + right;
            case "larger", "after" -> left + " > " + right;
            case "largerEqual" -> left + " >= " + right;
            case "smaller", "before" -> left + " < " + right;
            case "smallerEqual" -> left + " <= " + right;
            case "contains" -> "contains(" + left + ", " + right + ")";
            case "notContains" -> "not contains(" + left + ", " + right + ")";
            case "startsWith" -> "startswith(" + left + ", " + right + ")";
            case "endsWith" -> "endswith(" + left + ", " + right + ")";
            default -> throw new Unmappable("condition " + n + " uses the " + type + " operation '" + operation
                    + "', which the product's expressions do not have");
        };
    }

    /** A literal or a plain path as an operand of the product's expressions. */
    private String operand(JsonNode value, int n, String field, String type) throws Unmappable {
        if (N8nExpressions.isExpression(value)) {
            String path = expressions.wholePath(value.asText());
            if (path == null) {
                throw new Unmappable("condition " + n + "'s " + field + " " + value.asText()
                        + " is JavaScript, not a plain path; write it as a condition of the product");
            }
            return path;
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if ("number".equals(type) && value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?")) {
            return value.asText(); // n8n casts a number condition's text operand
        }
        if (value.isMissingNode() || value.isNull()) {
            return "null";
        }
        return "'" + value.asText().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
