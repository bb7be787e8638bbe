package io.webops.translate;

import java.util.Set;

/**
 * Route ids and endpoint names are built only from characters Camel gives no meaning to, so a
 * node id such as {@code {{env:HOME}}} can never become a property placeholder or an expression.
 */
public final class RouteNames {

    /**
     * The id of the {@code step} holding a node's own work is its route id and this suffix (a step may not share its
     * route's id); parts of the node's work elsewhere are {@code <route id>.<part>}. The runtime's history reads them.
     */
    public static final String WORK_STEP = ".work";

    private RouteNames() {
    }

    public static String safe(String id, Set<String> used) {
        StringBuilder b = new StringBuilder(id.length());
        for (int i = 0; i < id.length() && b.length() < 60; i++) {
            char c = id.charAt(i);
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
        }
        String name = b.length() == 0 ? "node" : b.toString();
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }
}
