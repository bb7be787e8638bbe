package io.webops.triggers;

import io.webops.model.Trigger;
import io.webops.model.TriggerType;
import java.util.Map;
import org.apache.camel.AsyncCallback;

/** Started from the editor or the API only: no trigger route. */
final class ManualTrigger implements TriggerKind {

    @Override
    public TriggerType type() {
        return TriggerType.MANUAL;
    }

    @Override
    public Map<String, Object> from(String workflowId, Trigger trigger) {
        return null;
    }

    @Override
    public boolean start(TriggerCall call, AsyncCallback callback) {
        callback.done(true);
        return true;
    }
}
