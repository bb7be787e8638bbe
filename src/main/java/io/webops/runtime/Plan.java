package io.webops.runtime;

import io.webops.model.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A workflow version compiled for execution: every node's plan, the roots and the catch-all handlers. */
final class Plan {

    final String workflowId;
    final int version;
    final Workflow workflow;
    /** The owner of the saved workflow (null: a workflow of no one, e.g. a command-line run). */
    final String ownerId;
    final List<NodePlan> nodes = new ArrayList<>();
    final Map<String, NodePlan> byId = new HashMap<>();
    final List<NodePlan> roots = new ArrayList<>();
    final List<NodePlan> catchAlls = new ArrayList<>();
    final List<RegionPlan> regions = new ArrayList<>();
    /** Route and endpoint names start with this: {@code <workflow>.v<version>}. */
    final String prefix;
    /** The credentials the nodes refer to: their secrets are scrubbed from what is recorded. */
    final java.util.Set<String> credentialIds = new java.util.LinkedHashSet<>();

    Plan(String workflowId, int version, Workflow workflow, String ownerId) {
        this.workflowId = workflowId;
        this.version = version;
        this.workflow = workflow;
        this.ownerId = ownerId;
        this.prefix = workflowId + ".v" + version;
    }

    int size() {
        return nodes.size();
    }

    String startEndpoint() {
        return "direct:" + prefix + ".start";
    }
}
