package io.webops.nodes.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.List;

/**
 * Values between JSON and JDBC. Into the database: strings, whole numbers as Long (BigDecimal
 * beyond), decimals as BigDecimal, booleans, null; objects and arrays as their JSON text. Out of
 * it: numbers stay numbers, timestamps and dates become ISO-8601 strings (a timestamp without
 * zone as an instant in UTC), binary becomes base64, JSON columns become JSON.
 */
final class SqlValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private SqlValues() {
    }

    static Object toJdbc(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : new BigDecimal(v.bigIntegerValue());
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        return v.toString();
    }

    /** The rows {@link JsonRowMapperFactory} made, as one array. */
    static ArrayNode rows(List<?> rows) {
        ArrayNode out = JSON.arrayNode(rows.size());
        for (Object row : rows) {
            out.add((JsonNode) row);
        }
        return out;
    }

    static JsonNode toJson(Object v) {
        if (v == null) {
            return JSON.nullNode();
        }
        if (v instanceof String s) {
            return JSON.textNode(s);
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return JSON.numberNode(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return JSON.numberNode(b);
        }
        if (v instanceof BigDecimal d) {
            return d.scale() <= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                    && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0 ? JSON.numberNode(d.longValueExact()) : JSON.numberNode(d);
        }
        if (v instanceof Float || v instanceof Double) {
            return JSON.numberNode(((Number) v).doubleValue());
        }
        if (v instanceof java.sql.Timestamp t) {
            return JSON.textNode(t.toInstant().toString());
        }
        if (v instanceof java.sql.Date d) {
            return JSON.textNode(d.toLocalDate().toString());
        }
        if (v instanceof java.sql.Time t) {
            return JSON.textNode(t.toLocalTime().toString());
        }
        if (v instanceof TemporalAccessor) {
            return JSON.textNode(v.toString());
        }
        if (v instanceof byte[] b) {
            return JSON.textNode(Base64.getEncoder().encodeToString(b));
        }
        if (v instanceof java.sql.Array a) {
            try {
                ArrayNode out = JSON.arrayNode();
                for (Object item : (Object[]) a.getArray()) {
                    out.add(toJson(item));
                }
                return out;
            } catch (SQLException e) {
                return JSON.textNode(String.valueOf(v));
            }
        }
        if (v instanceof org.postgresql.util.PGobject pg && pg.getValue() != null
                && ("json".equals(pg.getType()) || "jsonb".equals(pg.getType()))) {
            try {
                return MAPPER.readTree(pg.getValue());
            } catch (java.io.IOException e) {
                return JSON.textNode(pg.getValue());
            }
        }
        return JSON.textNode(v.toString());
    }
}
