package io.webops.nodes;

import org.apache.camel.spi.BeanRepository;

/**
 * The factory the generated YAML's {@code beans:} section names for the node beans the routes call: a node whose work has
 * no Camel counterpart (custom code, agents, aggregate...) is a bean built by the runtime for the deployed version, and
 * the section declares it as {@code factoryBean: io.webops.nodes.NodeBean}, {@code factoryMethod: of}, with the runtime's
 * repository of node beans ({@link Beans#NODES}) and the bean's name as arguments.
 */
public final class NodeBean {

    private NodeBean() {
    }

    /** The bean {@code name} of a deployed workflow version. */
    public static Object of(BeanRepository beans, String name) {
        Object bean = beans.lookupByName(name);
        if (bean == null) {
            throw new IllegalStateException("No node bean '" + name + "': the workflow version is not deployed by this runtime");
        }
        return bean;
    }
}
