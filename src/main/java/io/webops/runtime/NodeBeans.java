package io.webops.runtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.BeanRepository;

/**
 * The beans of deployed workflows (each node's processor, split pools), looked up by the name the
 * generated YAML refers to. They live in their own repository beside Camel's registry because
 * there are thousands of them: lookups by type (which Camel makes while creating every route)
 * would otherwise scan them all, making deployment quadratic in the number of nodes.
 */
final class NodeBeans implements BeanRepository {

    private final Map<String, Object> beans = new ConcurrentHashMap<>();

    void bind(String name, Object bean) {
        beans.put(name, bean);
    }

    Object unbind(String name) {
        return beans.remove(name);
    }

    @Override
    public Object lookupByName(String name) {
        return beans.get(name);
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = beans.get(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    /** Node beans are found by name only. */
    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    /** Node beans are found by name only. */
    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return Set.of();
    }
}
