package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.expr.Condition;
import io.webops.expr.Vars;
import io.webops.model.Connection;
import io.webops.transform.DataTransform;
import io.webops.transform.WorkLimits;

/**
 * A connection compiled for execution: its condition parsed and its transform compiled once.
 * {@code slot} is the connection's position among its target's incoming connections, which is
 * the order inputs are merged in.
 */
final class ConnectionPlan {

    final Connection connection;
    final NodePlan source;
    final NodePlan target;
    final Condition condition;
    final DataTransform transform;
    int slot;

    ConnectionPlan(Connection connection, NodePlan source, NodePlan target, Condition condition, DataTransform transform) {
        this.connection = connection;
        this.source = source;
        this.target = target;
        this.condition = condition;
        this.transform = transform;
    }

    boolean firesOn(String handle) {
        return connection.sourceHandle().equals(handle);
    }

    /** The data this connection carries, or null when its condition does not hold. */
    JsonNode carry(JsonNode output, Vars scopeVars) {
        JsonNode data = transform == null ? output : transform.apply(output, scopeVars);
        WorkLimits limits = WorkLimits.current();
        if (transform != null && limits != null) {
            NodeLimits.check(() -> "Connection '" + source.id() + "' -> '" + target.id() + "': transform output", data,
                    limits.maxBytes());
        }
        if (condition == null) {
            return data;
        }
        return condition.test(new DataVars(data, scopeVars)) ? data : null;
    }

    /** Vars whose {@code data} is the connection's data. */
    record DataVars(JsonNode data, Vars scope) implements Vars {
        @Override
        public JsonNode lookup(String name) {
            return "data".equals(name) ? data : scope.lookup(name);
        }
    }
}
