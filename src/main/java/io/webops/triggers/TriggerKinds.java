package io.webops.triggers;

import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every trigger kind, by the type the workflow document names. */
public final class TriggerKinds {

    /** Webhook auth fields that are secrets: stored sealed, never returned or exported. */
    public static final java.util.Set<String> AUTH_SECRET_FIELDS = java.util.Set.of("value", "secret", "password");


    private static final Map<TriggerType, TriggerKind> BY_TYPE = new EnumMap<>(TriggerType.class);

    static {
        for (TriggerKind kind : List.of(new ManualTrigger(), new WebhookTrigger(), new ScheduleTrigger(), new EventTrigger(),
                new KameletTrigger())) {
            BY_TYPE.put(kind.type(), kind);
        }
    }

    private TriggerKinds() {
    }

    public static TriggerKind of(TriggerType type) {
        return BY_TYPE.get(type);
    }

    public static TriggerKind of(Trigger trigger) {
        return of(trigger.type());
    }
}
