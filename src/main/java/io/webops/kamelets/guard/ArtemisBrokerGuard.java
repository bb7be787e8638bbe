package io.webops.kamelets.guard;

import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import jakarta.jms.ConnectionFactory;
import java.net.InetAddress;
import java.util.Map;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.EndpointStrategy;

/**
 * Judges the brokers of every JMS endpoint whose connection factory is an Artemis
 * {@link ActiveMQConnectionFactory} (what the {@code jms-apache-artemis-*} Kamelets build from their
 * {@code brokerURL}), when the endpoint is registered, before it connects. The Artemis client connects with netty
 * and takes no socket factory, so instead: each {@code tcp://} host is resolved through the {@link SsrfGuard} and the
 * connector is pinned to the address judged (netty then looks nothing up); discovery ({@code udp://},
 * {@code jgroups://}), {@code vm://}, {@code ha=true} and SOCKS proxies are refused, and the client is told not to
 * follow the cluster topology the broker announces, so it connects only to the hosts judged.
 *
 * <p>Limit: a pinned TLS connector ({@code sslEnabled=true}) keeps the name for SNI, but {@code verifyHost=true}
 * compares the certificate with the pinned address.
 */
final class ArtemisBrokerGuard implements EndpointStrategy {

    private final SsrfGuard guard;

    ArtemisBrokerGuard(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (endpoint instanceof JmsEndpoint jms) {
            ConnectionFactory factory = jms.getConfiguration().getConnectionFactory();
            if (factory instanceof ActiveMQConnectionFactory artemis) {
                judge(artemis);
            }
        }
        return endpoint;
    }

    private void judge(ActiveMQConnectionFactory artemis) {
        if (artemis.getDiscoveryGroupConfiguration() != null) {
            throw new SsrfException("Refused an Artemis broker URL using discovery: give tcp://host:port");
        }
        if (artemis.isHA()) {
            throw new SsrfException("Refused an Artemis broker URL with ha=true: it follows the hosts the broker announces");
        }
        artemis.setUseTopologyForLoadBalancing(false);
        for (TransportConfiguration connector : artemis.getStaticConnectors()) {
            pin(connector);
        }
    }

    private void pin(TransportConfiguration connector) {
        if (!NettyConnectorFactory.class.getName().equals(connector.getFactoryClassName())) {
            throw new SsrfException("Refused an Artemis broker URL that is not tcp://host:port");
        }
        Map<String, Object> params = connector.getParams();
        if (Boolean.parseBoolean(String.valueOf(params.get(TransportConstants.SOCKS_ENABLED_PROP_NAME)))) {
            throw new SsrfException("Refused an Artemis broker URL with socksEnabled: the SSRF guard must see the broker's address");
        }
        Object host = params.get(TransportConstants.HOST_PROP_NAME);
        String name = host == null ? TransportConstants.DEFAULT_HOST : host.toString();
        InetAddress address = guard.resolve(name)[0];
        if (Boolean.parseBoolean(String.valueOf(params.get(TransportConstants.SSL_ENABLED_PROP_NAME)))) {
            params.putIfAbsent(TransportConstants.SNIHOST_PROP_NAME, name);
        }
        params.put(TransportConstants.HOST_PROP_NAME, address.getHostAddress());
    }
}
