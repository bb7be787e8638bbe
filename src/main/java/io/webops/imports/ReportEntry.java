package io.webops.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;

/** What became of one node of the imported document: {@code mapped} (and to what) or {@code unsupported} (and why). */
public record ReportEntry(String node, Status status, String reason) {

    public enum Status {
        MAPPED, UNSUPPORTED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static ReportEntry mapped(String node, String reason) {
        return new ReportEntry(node, Status.MAPPED, reason);
    }

    public static ReportEntry unsupported(String node, String reason) {
        return new ReportEntry(node, Status.UNSUPPORTED, reason);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("node", node);
        o.put("status", status.id());
        o.put("reason", reason);
        return o;
    }
}
