package io.webops.kamelets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.nodes.NodeType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kamelets this instance offers: the classpath's catalogue under the operator's {@link KameletPolicy}. Each
 * enabled Kamelet is a {@link KameletNode}; the admin list ({@code GET /api/admin/kamelets}) shows every Kamelet of
 * the catalogue with its status.
 */
public final class Kamelets {

    private final KameletPolicy policy;
    /** Every Kamelet's standing, decided once: the setting and the class path do not change while running. */
    private final List<KameletPolicy.Status> statuses;

    public Kamelets(KameletCatalog catalog, KameletPolicy policy) {
        this.policy = policy;
        this.statuses = List.copyOf(policy.statuses(catalog));
    }

    /** The classpath's catalogue under {@code WEBOPS_KAMELETS} (null or blank: the default set). */
    public static Kamelets fromSetting(String setting) {
        return new Kamelets(KameletCatalog.classpath(), new KameletPolicy(setting));
    }

    /** A node type per enabled Kamelet, by name. */
    public List<NodeType> nodeTypes() {
        List<NodeType> out = new ArrayList<>();
        for (KameletPolicy.Status s : statuses) {
            if (s.enabled()) {
                out.add(new KameletNode(s.spec()));
            }
        }
        return out;
    }

    /** Why each Kamelet that is not a node type here is not, by node type id ({@code not in WEBOPS_KAMELETS}, {@code needs jar X}...). */
    public java.util.Map<String, String> unavailable() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (KameletPolicy.Status s : statuses) {
            if (!s.enabled()) {
                out.put(KameletNode.PREFIX + s.spec().name(), s.status().equals("refused")
                        ? "refused on this runtime: it " + s.reason() : s.reason());
            }
        }
        return out;
    }

    /** The built-in node types and these Kamelets', knowing why the others are not offered. */
    public io.webops.nodes.NodeTypes withStandard() {
        return io.webops.nodes.NodeTypes.standard().with(nodeTypes()).withUnavailable(unavailable());
    }

    public List<KameletPolicy.Status> statuses() {
        return statuses;
    }

    /** {@code {"allow": <setting>, "items": [{name, title, description, kind, group, provider, support_level, status, needs, reason}]}}. */
    public ObjectNode adminJson() {
        ObjectNode out = Json.object();
        out.put("allow", policy.setting());
        ArrayNode items = out.putArray("items");
        for (KameletPolicy.Status s : statuses) {
            KameletSpec k = s.spec();
            ObjectNode item = identity(items.addObject(), k);
            item.put("title", k.title());
            item.put("description", k.description());
            item.put("support_level", k.supportLevel());
            item.put("status", s.status());
            s.needs().forEach(item.putArray("needs")::add);
            item.put("reason", s.reason());
        }
        return out;
    }

    /**
     * The {@code kamelet} object of a node type's catalogue entry ({@code {name, kind, group, provider,
     * secret_properties, needs}}), or null for a type that is not a Kamelet.
     */
    public static ObjectNode catalogueEntry(NodeType type) {
        if (!(type instanceof KameletNode node)) {
            return null;
        }
        KameletSpec k = node.spec();
        ObjectNode out = identity(Json.object(), k);
        k.secretProperties().forEach(out.putArray("secret_properties")::add);
        out.putArray("needs");
        return out;
    }

    /** {@code name}, {@code kind}, {@code group} and {@code provider}, as both lists show them. */
    private static ObjectNode identity(ObjectNode out, KameletSpec k) {
        out.put("name", k.name());
        out.put("kind", k.kind());
        out.put("group", k.group());
        out.put("provider", k.provider());
        return out;
    }
}
