package io.webops.expr;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/** Value semantics over JsonNode: truthiness, equality, ordering, arithmetic, rendering. */
final class Json {

    /** Values nested deeper than this are refused by rendering and deep equality (guards the Java stack). */
    static final int MAX_VALUE_DEPTH = 1000;

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    // ---------------------------------------------------------------- basics

    /** null, MissingNode and POJO nodes (never produced by JSON parsing) all read as JSON null. */
    static JsonNode norm(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.getNodeType() == JsonNodeType.POJO) {
            return NullNode.instance;
        }
        return n;
    }

    static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.getNodeType() == JsonNodeType.POJO;
    }

    static JsonNode num(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return IntNode.valueOf((int) v);
        }
        return LongNode.valueOf(v);
    }

    static JsonNode num(double d, int pos) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ExpressionException("numeric result is not a finite number", pos);
        }
        return DoubleNode.valueOf(d);
    }

    static JsonNode bool(boolean b) {
        return b ? BooleanNode.TRUE : BooleanNode.FALSE;
    }

    /** Integral number that fits a long. */
    static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    static String typeName(JsonNode n) {
        if (isNull(n)) {
            return "null";
        }
        switch (n.getNodeType()) {
            case BOOLEAN: return "boolean";
            case NUMBER: return "number";
            case STRING: return "string";
            case ARRAY: return "array";
            case OBJECT: return "object";
            case BINARY: return "binary";
            default: return "null";
        }
    }

    /** Python-like truthiness: null/false/0/""/[]/{} are false. */
    static boolean truthy(JsonNode n) {
        if (isNull(n)) {
            return false;
        }
        switch (n.getNodeType()) {
            case BOOLEAN: return n.booleanValue();
            case NUMBER:
                if (isLong(n)) {
                    return n.longValue() != 0;
                }
                if (n.isBigDecimal()) {
                    return n.decimalValue().signum() != 0;
                }
                if (n.isBigInteger()) {
                    return n.bigIntegerValue().signum() != 0;
                }
                return n.doubleValue() != 0.0;
            case STRING: return !n.textValue().isEmpty();
            case ARRAY:
            case OBJECT: return n.size() > 0;
            case BINARY: return true;
            default: return false;
        }
    }

    /** Number of code points of a string (Python len). */
    static int strLen(String s, EvalContext c) {
        c.work(s.length());
        return s.codePointCount(0, s.length());
    }

    // ---------------------------------------------------------------- access

    /** {@code base.key}: object field; {@code .length} of an array or string; otherwise null. */
    static JsonNode member(JsonNode base, String key, EvalContext c) {
        if (base == null) {
            return NullNode.instance;
        }
        if (base.isObject()) {
            return norm(base.get(key));
        }
        if ("length".equals(key)) {
            if (base.isArray()) {
                return num(base.size());
            }
            if (base.isTextual()) {
                return num(strLen(base.textValue(), c));
            }
        }
        return NullNode.instance;
    }

    /** {@code base[idx]}: object key, array/string index (negative from the end); otherwise null. */
    static JsonNode index(JsonNode base, JsonNode idx, EvalContext c) {
        if (base == null || idx == null) {
            return NullNode.instance;
        }
        if (idx.isTextual()) {
            return base.isObject() ? norm(base.get(idx.textValue())) : NullNode.instance;
        }
        if (!idx.isNumber() || !(base.isArray() || base.isTextual())) {
            return NullNode.instance;
        }
        long i;
        if (isLong(idx)) {
            i = idx.longValue();
        } else {
            double d = idx.doubleValue();
            if (d != Math.rint(d) || Math.abs(d) > 1e15) {
                return NullNode.instance;
            }
            i = (long) d;
        }
        if (base.isArray()) {
            int size = base.size();
            if (i < 0) {
                i += size;
            }
            if (i < 0 || i >= size) {
                return NullNode.instance;
            }
            return norm(base.get((int) i));
        }
        String s = base.textValue();
        int len = strLen(s, c);
        if (i < 0) {
            i += len;
        }
        if (i < 0 || i >= len) {
            return NullNode.instance;
        }
        int at = s.offsetByCodePoints(0, (int) i);
        int end = s.offsetByCodePoints(at, 1);
        return TextNode.valueOf(s.substring(at, end));
    }

    // ---------------------------------------------------------------- comparison

    /** Deep JSON equality; numbers compare by value (1 == 1.0); null equals missing. */
    static boolean equal(JsonNode a, JsonNode b, EvalContext c) {
        return equal(a, b, c, 0);
    }

    private static boolean equal(JsonNode a, JsonNode b, EvalContext c, int depth) {
        if (depth > MAX_VALUE_DEPTH) {
            throw new ExpressionException("value nested too deeply to compare (max " + MAX_VALUE_DEPTH + ")", -1);
        }
        c.work(1);
        boolean an = isNull(a);
        boolean bn = isNull(b);
        if (an || bn) {
            return an && bn;
        }
        if (a == b) {
            return true;
        }
        JsonNodeType t = a.getNodeType();
        if (t != b.getNodeType()) {
            return false;
        }
        switch (t) {
            case NUMBER:
                return compareNumbers(a, b) == 0;
            case STRING:
                c.work(a.textValue().length());
                return a.textValue().equals(b.textValue());
            case BOOLEAN:
                return a.booleanValue() == b.booleanValue();
            case ARRAY: {
                int n = a.size();
                if (n != b.size()) {
                    return false;
                }
                for (int k = 0; k < n; k++) {
                    if (!equal(a.get(k), b.get(k), c, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            case OBJECT: {
                if (a.size() != b.size()) {
                    return false;
                }
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    JsonNode other = b.get(e.getKey());
                    if (other == null || !equal(e.getValue(), other, c, depth + 1)) {
                        return false;
                    }
                }
                return true;
            }
            default:
                return a.equals(b);
        }
    }

    static int compareNumbers(JsonNode a, JsonNode b) {
        if (isLong(a) && isLong(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (a.isBigDecimal() || b.isBigDecimal() || a.isBigInteger() || b.isBigInteger()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    /**
     * Ordering for {@code < <= > >=}: numbers numerically, strings lexicographically.
     * Returns {@link Integer#MIN_VALUE} when the operands are not comparable (the comparison is then false).
     */
    static int order(JsonNode a, JsonNode b, EvalContext c) {
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b);
        }
        if (a.isTextual() && b.isTextual()) {
            c.work(Math.min(a.textValue().length(), b.textValue().length()));
            int r = a.textValue().compareTo(b.textValue());
            return r < 0 ? -1 : (r > 0 ? 1 : 0);
        }
        return Integer.MIN_VALUE;
    }

    /** {@code item in container}: element of an array, substring of a string, key of an object; else false. */
    static boolean contains(JsonNode container, JsonNode item, EvalContext c) {
        if (container.isArray()) {
            for (JsonNode e : container) {
                if (equal(e, item, c)) {
                    return true;
                }
            }
            return false;
        }
        if (container.isTextual()) {
            if (!item.isTextual()) {
                return false;
            }
            c.work(container.textValue().length());
            return container.textValue().contains(item.textValue());
        }
        if (container.isObject()) {
            return item.isTextual() && container.has(item.textValue());
        }
        return false;
    }

    // ---------------------------------------------------------------- arithmetic

    static final int ADD = 0;
    static final int SUB = 1;
    static final int MUL = 2;
    static final int DIV = 3;
    static final int FLOORDIV = 4;
    static final int MOD = 5;

    private static final String[] ARITH_SYMBOLS = {"+", "-", "*", "/", "//", "%"};

    static JsonNode arith(int op, JsonNode a, JsonNode b, int pos, EvalContext c) {
        if (a.isNumber() && b.isNumber()) {
            return numeric(op, a, b, pos);
        }
        if (op == ADD) {
            if (a.isTextual() && b.isTextual()) {
                String x = a.textValue();
                String y = b.textValue();
                long len = (long) x.length() + y.length();
                checkSize(len, "string", pos);
                c.work(len);
                return TextNode.valueOf(x.concat(y));
            }
            if (a.isArray() && b.isArray()) {
                long len = (long) a.size() + b.size();
                checkSize(len, "list", pos);
                c.work(len);
                ArrayNode out = F.arrayNode(a.size() + b.size());
                out.addAll((ArrayNode) a);
                out.addAll((ArrayNode) b);
                return out;
            }
        }
        String hint = op == ADD && (a.isTextual() || b.isTextual()) ? " (use str() to convert)" : "";
        throw new ExpressionException("unsupported operand types for " + ARITH_SYMBOLS[op] + ": "
                + typeName(a) + " and " + typeName(b) + hint, pos);
    }

    private static JsonNode numeric(int op, JsonNode a, JsonNode b, int pos) {
        if (isLong(a) && isLong(b)) {
            long x = a.longValue();
            long y = b.longValue();
            try {
                switch (op) {
                    case ADD: return num(Math.addExact(x, y));
                    case SUB: return num(Math.subtractExact(x, y));
                    case MUL: return num(Math.multiplyExact(x, y));
                    case DIV:
                        if (y == 0) {
                            throw divByZero(pos);
                        }
                        return num((double) x / (double) y, pos);
                    case FLOORDIV:
                        if (y == 0) {
                            throw divByZero(pos);
                        }
                        if (x == Long.MIN_VALUE && y == -1) {
                            throw new ArithmeticException();
                        }
                        return num(Math.floorDiv(x, y));
                    case MOD:
                        if (y == 0) {
                            throw divByZero(pos);
                        }
                        return num(Math.floorMod(x, y));
                    default:
                        throw new IllegalStateException("op " + op);
                }
            } catch (ArithmeticException overflow) {
                // fall through to double arithmetic
            }
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        switch (op) {
            case ADD: return num(x + y, pos);
            case SUB: return num(x - y, pos);
            case MUL: return num(x * y, pos);
            case DIV:
                if (y == 0) {
                    throw divByZero(pos);
                }
                return num(x / y, pos);
            case FLOORDIV:
                if (y == 0) {
                    throw divByZero(pos);
                }
                return num(Math.floor(x / y), pos);
            case MOD: {
                if (y == 0) {
                    throw divByZero(pos);
                }
                double r = x % y;
                if (r != 0 && ((r < 0) != (y < 0))) {
                    r += y;
                }
                return num(r, pos);
            }
            default:
                throw new IllegalStateException("op " + op);
        }
    }

    private static ExpressionException divByZero(int pos) {
        return new ExpressionException("division by zero", pos);
    }

    static JsonNode negate(JsonNode a, int pos) {
        if (!a.isNumber()) {
            throw new ExpressionException("bad operand type for unary -: " + typeName(a), pos);
        }
        if (isLong(a) && a.longValue() != Long.MIN_VALUE) {
            return num(-a.longValue());
        }
        return num(-a.doubleValue(), pos);
    }

    static void checkSize(long size, String what, int pos) {
        if (size > Expression.MAX_SIZE) {
            throw new ExpressionException(what + " result too large: " + size + " (max " + Expression.MAX_SIZE + ")", pos);
        }
    }

    // ---------------------------------------------------------------- rendering

    /** Template rendering of a value: null → "", string raw, number as JSON number, containers as compact JSON. */
    static void renderText(JsonNode v, StringBuilder sb, EvalContext c) {
        if (isNull(v)) {
            return;
        }
        switch (v.getNodeType()) {
            case STRING:
                c.work(v.textValue().length());
                sb.append(v.textValue());
                break;
            case NUMBER:
            case BOOLEAN:
            case BINARY:
                sb.append(v.asText());
                break;
            default:
                writeJson(v, sb, c, 0);
                break;
        }
        checkSize(sb.length(), "rendered text", -1);
    }

    static String renderText(JsonNode v, EvalContext c) {
        if (v.isTextual()) {
            return v.textValue();
        }
        StringBuilder sb = new StringBuilder();
        renderText(v, sb, c);
        return sb.toString();
    }

    /** Compact JSON. Written by hand so POJO nodes never reach Jackson serialization and size stays bounded. */
    private static void writeJson(JsonNode v, StringBuilder sb, EvalContext c, int depth) {
        if (depth > MAX_VALUE_DEPTH) {
            throw new ExpressionException("value nested too deeply to render (max " + MAX_VALUE_DEPTH + ")", -1);
        }
        if (sb.length() > Expression.MAX_SIZE) {
            checkSize(sb.length(), "rendered text", -1);
        }
        c.work(1);
        if (isNull(v)) {
            sb.append("null");
            return;
        }
        switch (v.getNodeType()) {
            case OBJECT: {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(e.getKey(), sb, c);
                    sb.append(':');
                    writeJson(e.getValue(), sb, c, depth + 1);
                }
                sb.append('}');
                break;
            }
            case ARRAY: {
                sb.append('[');
                Iterator<JsonNode> it = v.elements();
                boolean first = true;
                while (it.hasNext()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    writeJson(it.next(), sb, c, depth + 1);
                }
                sb.append(']');
                break;
            }
            case STRING:
            case BINARY:
                quote(v.asText(), sb, c);
                break;
            case NUMBER:
            case BOOLEAN:
                sb.append(v.asText());
                break;
            default:
                sb.append("null");
        }
    }

    private static void quote(String s, StringBuilder sb, EvalContext c) {
        c.work(s.length());
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }
}
