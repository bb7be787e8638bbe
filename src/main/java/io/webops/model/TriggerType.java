package io.webops.model;

public enum TriggerType {
    MANUAL, WEBHOOK, SCHEDULE, EVENT,
    /** Each message of the workflow's source Kamelet node. */
    KAMELET;

    public String id() {
        return name().toLowerCase();
    }
}
