package io.webops.model;

import java.util.Locale;

/**
 * Which finished executions of a workflow keep their data (as n8n's "save data on success / error"). The record of
 * every execution stays either way, so lists, counts and statistics stay right; only the data, often the bulk of the
 * history, is dropped.
 */
public enum SaveExecutionData {
    /** Every execution keeps its data. */
    ALL,
    /** Failed, timed-out and cancelled executions keep their data; successful ones only their record. */
    ERRORS_ONLY,
    /** No finished execution keeps its data. */
    NONE;

    /** Whether an execution that ended with {@code status} keeps its data. */
    public boolean keeps(String status) {
        return switch (this) {
            case ALL -> true;
            case ERRORS_ONLY -> !"success".equals(status);
            case NONE -> false;
        };
    }

    /** The value as the workflow document spells it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
