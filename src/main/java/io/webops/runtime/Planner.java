package io.webops.runtime;

import io.webops.graph.Graph;
import io.webops.graph.Regions;
import io.webops.translate.RouteNames;
import io.webops.model.Connection;
import io.webops.model.Node;
import io.webops.model.Workflow;
import io.webops.nodes.Flow;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.NodeTypes;
import io.webops.transform.Conditions;
import io.webops.transform.DataTransform;
import java.util.HashSet;
import java.util.Set;

/** Compiles a validated workflow into a {@link Plan}: executors built, expressions parsed, regions found. */
final class Planner {

    private Planner() {
    }

    static Plan plan(String workflowId, int version, Workflow workflow, String ownerId, NodeTypes types, NodeServices services) {
        Plan plan = new Plan(workflowId, version, workflow, ownerId);
        Set<String> usedNames = new HashSet<>();
        for (Node node : workflow.nodes()) {
            NodeType type = types.require(node.type());
            String name = RouteNames.safe(node.id(), usedNames);
            NodePlan p = new NodePlan(plan.nodes.size(), node, type, type.executor(node, services), plan.prefix + "." + name);
            plan.nodes.add(p);
            plan.byId.put(node.id(), p);
            String credential = io.webops.nodes.CredentialRef.idOf(node);
            if (type.credentialKind() != null && credential != null) {
                plan.credentialIds.add(credential);
            }
        }
        for (Connection c : workflow.connections()) {
            NodePlan source = plan.byId.get(c.source());
            NodePlan target = plan.byId.get(c.target());
            ConnectionPlan cp = new ConnectionPlan(c, source, target,
                    c.condition() == null ? null : Conditions.compile(c.condition()),
                    c.transform() == null ? null : DataTransform.compile(c.transform()));
            cp.slot = target.incoming.size();
            source.outgoing.add(cp);
            target.incoming.add(cp);
        }
        Graph graph = new Graph(workflow);
        Regions regions = Regions.of(graph, id -> plan.byId.get(id).flow() == Flow.SPLIT,
                id -> plan.byId.get(id).flow() == Flow.GATHER);
        regions.bySplit().forEach((splitId, r) -> {
            NodePlan owner = plan.byId.get(splitId);
            RegionPlan region = new RegionPlan(owner, r.members(), r.merge() == null ? null : plan.byId.get(r.merge()));
            owner.ownRegion = region;
            if (region.merge != null) {
                region.merge.gathers = region;
                region.mergeSlot = region.merge.incoming.size();
            }
            plan.regions.add(region);
        });
        for (NodePlan p : plan.nodes) {
            String owner = regions.ownerOf(p.id());
            p.region = owner == null ? null : plan.byId.get(owner).ownRegion;
            if (p.region != null) {
                p.region.memberPlans.add(p);
            }
            p.sink = p.outgoing.stream().allMatch(c -> Connection.ERROR.equals(c.connection.sourceHandle()));
            if (p.incoming.isEmpty()) {
                if (p.flow() == Flow.CATCH_ALL) {
                    p.catchAll = true;
                    plan.catchAlls.add(p);
                } else {
                    plan.roots.add(p);
                }
            }
        }
        return plan;
    }
}
