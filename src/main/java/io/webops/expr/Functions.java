package io.webops.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The fixed whitelist of pure helper functions. Nothing here touches anything but JsonNode values. */
final class Functions {

    enum Fn {
        LEN("len", 1, 1),
        LOWER("lower", 1, 1),
        UPPER("upper", 1, 1),
        TRIM("trim", 1, 1),
        CONTAINS("contains", 2, 2),
        STARTSWITH("startswith", 2, 2),
        ENDSWITH("endswith", 2, 2),
        STR("str", 1, 1),
        INT("int", 1, 1),
        FLOAT("float", 1, 1),
        BOOL("bool", 1, 1),
        ABS("abs", 1, 1),
        ROUND("round", 1, 2),
        MIN("min", 1, 255),
        MAX("max", 1, 255),
        SUM("sum", 1, 1),
        KEYS("keys", 1, 1),
        VALUES("values", 1, 1),
        EXISTS("exists", 1, 1);

        final String fname;
        final int minArgs;
        final int maxArgs;

        Fn(String fname, int minArgs, int maxArgs) {
            this.fname = fname;
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }
    }

    /** Comma-separated names of the allowed functions, for error messages and docs. */
    static final String ALLOWED;

    static {
        StringBuilder sb = new StringBuilder();
        for (Fn f : Fn.values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.fname);
        }
        ALLOWED = sb.toString();
    }

    private Functions() {
    }

    static Fn lookup(String name) {
        for (Fn f : Fn.values()) {
            if (f.fname.equals(name)) {
                return f;
            }
        }
        return null;
    }

    static JsonNode apply(Fn fn, JsonNode[] a, int pos, EvalContext c) {
        switch (fn) {
            case LEN: return len(a[0], pos, c);
            case LOWER: return strFn(a[0], true, c);
            case UPPER: return strFn(a[0], false, c);
            case TRIM: {
                if (Json.isNull(a[0])) {
                    return NullNode.instance;
                }
                String s = Json.renderText(a[0], c);
                c.work(s.length());
                return TextNode.valueOf(s.strip());
            }
            case CONTAINS: return Json.bool(Json.contains(a[0], a[1], c));
            case STARTSWITH:
            case ENDSWITH: {
                if (!a[0].isTextual() || !a[1].isTextual()) {
                    return BooleanNode.FALSE;
                }
                c.work(a[1].textValue().length());
                return Json.bool(fn == Fn.STARTSWITH ? a[0].textValue().startsWith(a[1].textValue())
                        : a[0].textValue().endsWith(a[1].textValue()));
            }
            case STR: return a[0].isTextual() ? a[0] : TextNode.valueOf(Json.renderText(a[0], c));
            case INT: return toInt(a[0], pos, c);
            case FLOAT: return toFloat(a[0], pos, c);
            case BOOL: return Json.bool(Json.truthy(a[0]));
            case ABS: {
                JsonNode v = requireNumber(fn, a[0], pos);
                return Json.compareNumbers(v, Json.num(0)) < 0 ? Json.negate(v, pos) : v;
            }
            case ROUND: return round(a, pos);
            case MIN: return minMax(a, true, pos, c);
            case MAX: return minMax(a, false, pos, c);
            case SUM: return sum(a[0], pos, c);
            case KEYS:
            case VALUES: return keysValues(a[0], fn == Fn.KEYS, pos, c);
            case EXISTS: return Json.bool(!Json.isNull(a[0]));
            default: throw new IllegalStateException(fn.name());
        }
    }

    private static JsonNode requireNumber(Fn fn, JsonNode v, int pos) {
        if (!v.isNumber()) {
            throw new ExpressionException(fn.fname + "() needs a number, got " + Json.typeName(v), pos);
        }
        return v;
    }

    private static JsonNode len(JsonNode v, int pos, EvalContext c) {
        if (Json.isNull(v)) {
            return Json.num(0);
        }
        if (v.isTextual()) {
            return Json.num(Json.strLen(v.textValue(), c));
        }
        if (v.isArray() || v.isObject()) {
            return Json.num(v.size());
        }
        throw new ExpressionException("len() of " + Json.typeName(v), pos);
    }

    private static JsonNode strFn(JsonNode v, boolean lower, EvalContext c) {
        if (Json.isNull(v)) {
            return NullNode.instance;
        }
        String s = Json.renderText(v, c);
        c.work(s.length());
        return TextNode.valueOf(lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
    }

    /** Checks that {@code s} is a plain decimal number: [+-]digits[.digits][(e|E)[+-]digits]. */
    private static boolean isDecimalText(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && Lexer.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Lexer.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && Lexer.isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static double parseDecimal(Fn fn, JsonNode v, int pos, EvalContext c) {
        String s = v.textValue().strip();
        c.work(s.length());
        if (!isDecimalText(s)) {
            throw new ExpressionException(fn.fname + "() cannot convert string '" + abbreviate(s) + "'", pos);
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new ExpressionException(fn.fname + "() value out of range", pos);
        }
        return d;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static JsonNode truncate(double d, int pos) {
        if (Double.isNaN(d) || Math.abs(d) >= 9.2e18) {
            throw new ExpressionException("int() value out of range", pos);
        }
        return Json.num((long) d);
    }

    private static JsonNode toInt(JsonNode v, int pos, EvalContext c) {
        if (v.isNumber()) {
            return Json.isLong(v) ? Json.num(v.longValue()) : truncate(v.doubleValue(), pos);
        }
        if (v.isBoolean()) {
            return Json.num(v.booleanValue() ? 1 : 0);
        }
        if (v.isTextual()) {
            String s = v.textValue().strip();
            if (s.length() <= 18) {
                try {
                    return Json.num(Long.parseLong(s));
                } catch (NumberFormatException notPlainInteger) {
                    // try decimal below
                }
            }
            return truncate(parseDecimal(Fn.INT, v, pos, c), pos);
        }
        throw new ExpressionException("int() cannot convert " + Json.typeName(v), pos);
    }

    private static JsonNode toFloat(JsonNode v, int pos, EvalContext c) {
        if (v.isNumber()) {
            return Json.num(v.doubleValue(), pos);
        }
        if (v.isBoolean()) {
            return DoubleNode.valueOf(v.booleanValue() ? 1.0 : 0.0);
        }
        if (v.isTextual()) {
            return DoubleNode.valueOf(parseDecimal(Fn.FLOAT, v, pos, c));
        }
        throw new ExpressionException("float() cannot convert " + Json.typeName(v), pos);
    }

    /** Python round: half to even; round(x) gives an integer, round(x, n) a float (integers stay as they are). */
    private static JsonNode round(JsonNode[] a, int pos) {
        JsonNode v = requireNumber(Fn.ROUND, a[0], pos);
        if (a.length == 1) {
            if (Json.isLong(v)) {
                return v;
            }
            double d = v.doubleValue();
            if (Math.abs(d) >= 9.2e18 || Double.isNaN(d)) {
                throw new ExpressionException("round() value out of range", pos);
            }
            return Json.num(BigDecimal.valueOf(d).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
        }
        JsonNode nd = a[1];
        if (!Json.isLong(nd) || nd.longValue() < -20 || nd.longValue() > 20) {
            throw new ExpressionException("round() digits must be an integer between -20 and 20", pos);
        }
        int digits = (int) nd.longValue();
        if (Json.isLong(v) && digits >= 0) {
            return v;
        }
        BigDecimal r = BigDecimal.valueOf(v.doubleValue()).setScale(digits, RoundingMode.HALF_EVEN);
        return Json.num(r.doubleValue(), pos);
    }

    private static JsonNode minMax(JsonNode[] a, boolean min, int pos, EvalContext c) {
        String name = min ? "min" : "max";
        Iterator<JsonNode> it;
        if (a.length == 1) {
            if (!a[0].isArray()) {
                throw new ExpressionException(name + "() needs a list or several arguments", pos);
            }
            it = a[0].elements();
        } else {
            it = java.util.Arrays.asList(a).iterator();
        }
        JsonNode best = null;
        while (it.hasNext()) {
            JsonNode v = Json.norm(it.next());
            c.work(1);
            if (!(v.isNumber() || v.isTextual())) {
                throw new ExpressionException(name + "() cannot compare " + Json.typeName(v), pos);
            }
            if (best == null) {
                best = v;
                continue;
            }
            int r = Json.order(v, best, c);
            if (r == Integer.MIN_VALUE) {
                throw new ExpressionException(name + "() cannot compare " + Json.typeName(v)
                        + " with " + Json.typeName(best), pos);
            }
            if (min ? r < 0 : r > 0) {
                best = v;
            }
        }
        if (best == null) {
            throw new ExpressionException(name + "() of an empty list", pos);
        }
        return best;
    }

    private static JsonNode sum(JsonNode v, int pos, EvalContext c) {
        if (Json.isNull(v)) {
            return Json.num(0);
        }
        if (!v.isArray()) {
            throw new ExpressionException("sum() needs a list, got " + Json.typeName(v), pos);
        }
        JsonNode total = Json.num(0);
        for (JsonNode e : v) {
            c.work(1);
            if (!e.isNumber()) {
                throw new ExpressionException("sum() of a list containing " + Json.typeName(e), pos);
            }
            total = Json.arith(Json.ADD, total, e, pos, c);
        }
        return total;
    }

    private static JsonNode keysValues(JsonNode v, boolean keys, int pos, EvalContext c) {
        ArrayNode out = Json.F.arrayNode();
        if (Json.isNull(v)) {
            return out;
        }
        if (!v.isObject()) {
            throw new ExpressionException((keys ? "keys" : "values") + "() needs an object, got " + Json.typeName(v), pos);
        }
        Json.checkSize(v.size(), "list", pos);
        c.work(v.size());
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (keys) {
                out.add(e.getKey());
            } else {
                out.add(Json.norm(e.getValue()));
            }
        }
        return out;
    }
}
