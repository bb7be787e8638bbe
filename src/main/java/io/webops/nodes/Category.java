package io.webops.nodes;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The five palette groups of §3. */
public enum Category {
    SOURCE, PROCESSOR, OUTPUT, CONTROL, AGENT;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
