package io.webops.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A draft workflow document (§2) and the report of how each node of the source came into it. */
public record Imported(ObjectNode workflow, List<ReportEntry> report) {

    public Imported {
        report = List.copyOf(report);
    }
}
