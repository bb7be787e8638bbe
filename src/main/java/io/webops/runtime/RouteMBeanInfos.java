package io.webops.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedInstance;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.api.management.NotificationSenderAware;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.support.management.DefaultManagementMBeanAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;

/**
 * Camel's MBean assembler, describing route MBeans once per class instead of once per route. Camel builds an MBean's
 * description (about a hundred attributes and operations of a route, each with a validated JMX descriptor) for
 * every route it registers: a quarter of deploying a 1,000-node workflow. A route MBean's description depends only
 * on its class, so the first one is reused; every other MBean (and a route MBean with a custom managed instance or
 * notifications) is assembled as Camel does it.
 */
final class RouteMBeanInfos extends DefaultManagementMBeanAssembler {

    private final Map<Class<?>, ModelMBeanInfo> routeInfos = new ConcurrentHashMap<>();

    RouteMBeanInfos(CamelContext camel) {
        super(camel);
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object managed, ObjectName name) throws JMException {
        if (!(managed instanceof ManagedRouteMBean) || managed instanceof NotificationSenderAware
                || managed instanceof ManagedInstance m && m.getInstance() != null
                && m.getInstance().getClass().isAnnotationPresent(ManagedResource.class)) {
            return super.assemble(server, managed, name);
        }
        ModelMBeanInfo info = routeInfos.get(managed.getClass());
        if (info == null) {
            info = assembler.getMBeanInfo(camelContext, managed, null, name.toString());
            routeInfos.putIfAbsent(managed.getClass(), info);
        }
        Boolean mask = camelContext.getManagementStrategy().getManagementAgent().getMask();
        // RequiredModelMBean copies the description (MonitoringTest reads several route MBeans in turn)
        MixinRequiredModelMBean mbean = new MixinRequiredModelMBean(info, mask != null && mask, null, null);
        try {
            mbean.setManagedResource(managed, "ObjectReference");
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
        return mbean;
    }
}
