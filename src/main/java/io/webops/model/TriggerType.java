package io.webops.model;

public enum TriggerType {
    MANUAL, WEBHOOK, SCHEDULE, EVENT;

    public String id() {
        return name().toLowerCase();
    }
}
