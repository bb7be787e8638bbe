package io.webops.nodes.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.nodes.NodeFailure;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The file nodes' formats. json: one JSON value, or JSON lines (several values, read as an
 * array; append mode writes one line per value). csv (commons-csv, RFC 4180): the header row names
 * the fields, rows read as objects of strings; written from objects, nested values as JSON text.
 * text: the file as one string.
 */
final class FileFormats {

    static final String[] ALL = {"json", "csv", "text"};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();

    private FileFormats() {
    }

    /** The format configured, or the one the file name's extension says (text when none does). */
    static String of(String configured, String path) {
        if (configured != null) {
            return configured;
        }
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".ndjson") ? "json" : p.endsWith(".csv") ? "csv" : "text";
    }

    static JsonNode read(String nodeId, String format, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            return switch (format) {
                case "json" -> json(text);
                case "csv" -> csv(text);
                default -> F.textNode(text);
            };
        } catch (IOException | RuntimeException e) {
            throw NodeFailure.data("Node '" + nodeId + "': the file is not valid " + format + ": " + e.getMessage());
        }
    }

    private static JsonNode json(String text) throws IOException {
        List<JsonNode> values = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                values.add(it.nextValue());
            }
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        ArrayNode all = F.arrayNode(values.size());
        all.addAll(values);
        return all;
    }

    private static JsonNode csv(String text) throws IOException {
        ArrayNode rows = F.arrayNode();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSV.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            List<String> header = parser.getHeaderNames();
            for (CSVRecord record : parser) {
                ObjectNode row = rows.addObject();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < record.size() ? record.get(i) : null);
                }
            }
        }
        return rows;
    }

    /** The header of an existing CSV file (its first record). */
    static List<String> csvHeader(byte[] bytes) throws IOException {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))
                .setFormat(CSV).get()) {
            var it = parser.iterator();
            return it.hasNext() ? it.next().toList() : List.of();
        }
    }

    static byte[] json(JsonNode content, boolean append) throws IOException {
        StringBuilder out = new StringBuilder();
        if (append && content.isArray()) {
            for (JsonNode item : content) {
                out.append(JSON.writeValueAsString(item)).append('\n');
            }
        } else {
            out.append(JSON.writeValueAsString(content)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] text(JsonNode content, boolean append) {
        String text = content.isTextual() ? content.asText() : content.toString();
        if (append && !text.endsWith("\n")) {
            text += "\n";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * CSV rows of the objects in {@code content} (one object is one row). With an existing
     * {@code header} (appending) no header is written and the columns follow it; otherwise the
     * header is every field in order of first appearance.
     */
    static byte[] csv(String nodeId, JsonNode content, List<String> header) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (content.isArray()) {
            content.forEach(rows::add);
        } else {
            rows.add(content);
        }
        Set<String> fields = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            if (!row.isObject()) {
                throw NodeFailure.data("Node '" + nodeId + "': csv rows must be objects of field names to values, found "
                        + row.getNodeType().name().toLowerCase(Locale.ROOT) + "; set config.content to an array of objects");
            }
            row.fieldNames().forEachRemaining(fields::add);
        }
        List<String> columns = header != null ? header : List.copyOf(fields);
        if (header != null && !header.containsAll(fields)) {
            Set<String> extra = new LinkedHashSet<>(fields);
            extra.removeAll(header);
            throw NodeFailure.data("Node '" + nodeId + "': the file's header has no column for " + extra
                    + "; append rows with the columns " + header + " or write a new file");
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSV)) {
            if (header == null) {
                printer.printRecord(columns);
            }
            for (JsonNode row : rows) {
                List<String> values = new ArrayList<>(columns.size());
                for (String c : columns) {
                    JsonNode v = row.get(c);
                    values.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString());
                }
                printer.printRecord(values);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
