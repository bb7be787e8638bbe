package io.webops.nodes;

import io.webops.model.Node;
import io.webops.nodes.control.ConditionNode;
import io.webops.nodes.control.DelayNode;
import io.webops.nodes.control.ErrorHandlerNode;
import io.webops.nodes.control.LoopNode;
import io.webops.nodes.control.RespondNode;
import io.webops.nodes.google.GoogleDocsNode;
import io.webops.nodes.google.GoogleSheetsNode;
import io.webops.nodes.file.FileInputNode;
import io.webops.nodes.file.FileOutputNode;
import io.webops.nodes.http.HttpNodes;
import io.webops.nodes.mail.EmailNode;
import io.webops.nodes.notify.NotificationNode;
import io.webops.nodes.slack.SlackNode;
import io.webops.nodes.processor.AggregateNode;
import io.webops.nodes.processor.FilterNode;
import io.webops.nodes.processor.MergeNode;
import io.webops.nodes.processor.SplitNode;
import io.webops.nodes.processor.TransformNode;
import io.webops.nodes.source.WebhookInputNode;
import io.webops.nodes.sql.DatabaseQueryNode;
import io.webops.nodes.sql.DatabaseWriteNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue: every node type that works, by id, in palette order. */
public final class NodeTypes {

    private final Map<String, NodeType> byId = new LinkedHashMap<>();
    private final Map<String, String> unavailable = new java.util.HashMap<>();

    public NodeTypes(Collection<NodeType> types) {
        types.forEach(t -> byId.put(t.id(), t));
    }

    public static NodeTypes standard() {
        List<NodeType> all = new ArrayList<>();
        all.add(new WebhookInputNode());
        all.addAll(HttpNodes.all());
        all.add(new DatabaseQueryNode());
        all.add(new DatabaseWriteNode());
        all.add(new FileInputNode());
        all.add(new FileOutputNode());
        all.add(new TransformNode());
        all.add(new FilterNode());
        all.add(new AggregateNode());
        all.add(new SplitNode());
        all.add(new MergeNode());
        all.add(new io.webops.nodes.processor.StateNode());
        all.add(new io.webops.nodes.processor.CustomCodeNode());
        all.add(new ConditionNode());
        all.add(new LoopNode());
        all.add(new DelayNode());
        all.add(new ErrorHandlerNode());
        all.add(new RespondNode());
        all.add(new io.webops.nodes.control.SubWorkflowNode());
        all.add(new EmailNode());
        all.add(new SlackNode());
        all.add(new GoogleDocsNode());
        all.add(new GoogleSheetsNode());
        all.add(new NotificationNode());
        all.addAll(io.webops.nodes.agent.AgentNodes.all());
        all.sort(java.util.Comparator.comparing(NodeType::category));
        return new NodeTypes(all);
    }

    /** This catalogue and {@code more} after it (the Kamelet node types the operator allows). */
    public NodeTypes with(Collection<? extends NodeType> more) {
        List<NodeType> all = new ArrayList<>(byId.values());
        all.addAll(more);
        NodeTypes types = new NodeTypes(all);
        types.unavailable.putAll(unavailable);
        return types;
    }

    /**
     * This catalogue, knowing why some types that exist elsewhere are not offered here (a Kamelet the operator did not
     * allow, or whose jars are missing), by type id: validation names the reason instead of an unknown type.
     */
    public NodeTypes withUnavailable(Map<String, String> reasons) {
        NodeTypes types = with(List.of());
        types.unavailable.putAll(reasons);
        return types;
    }

    /** Why a type this catalogue lacks is not offered here, or empty when it is unknown altogether. */
    public Optional<String> whyUnavailable(String id) {
        return Optional.ofNullable(unavailable.get(id));
    }

    public Optional<NodeType> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public NodeType require(String id) {
        NodeType t = byId.get(id);
        if (t == null) {
            throw new IllegalArgumentException("Unknown node type '" + id + "'");
        }
        return t;
    }

    public Collection<NodeType> all() {
        return byId.values();
    }

    /** The part a node plays in the shape of a run, as its type declares. */
    public Flow flowOf(Node node) {
        return require(node.type()).flow(node);
    }
}
