package io.webops.testing.servers;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An embedded Apache Artemis broker: an in-VM acceptor ({@link #inVmUrl()}) and a TCP acceptor on
 * 127.0.0.1 ({@link #brokerUrl()}, what a client such as the {@code jms-apache-artemis-*} Kamelets
 * is given), persistence off, security off (those Kamelets have no user or password property),
 * queues created on first use. {@link #send} and {@link #receiveText} talk to it over in-VM.
 */
public final class EmbeddedArtemis implements AutoCloseable {

    private static final String HOST = LoopbackFileServer.HOST;
    private static final AtomicInteger IN_VM_IDS = new AtomicInteger(1000);

    private final EmbeddedActiveMQ broker;
    private final int port;
    private final int inVmId;
    private final Path root;
    private final ActiveMQConnectionFactory inVm;

    private EmbeddedArtemis(EmbeddedActiveMQ broker, int port, int inVmId, Path root) {
        this.broker = broker;
        this.port = port;
        this.inVmId = inVmId;
        this.root = root;
        this.inVm = new ActiveMQConnectionFactory(inVmUrl());
    }

    public static EmbeddedArtemis start() {
        Path root = TempFolders.create("embedded-artemis");
        int port = freeLoopbackPort();
        int inVmId = IN_VM_IDS.incrementAndGet();
        Configuration config = new ConfigurationImpl();
        config.setName("webops-test-broker-" + inVmId);
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setBrokerInstance(root.toFile());
        config.setJournalDirectory(root.resolve("journal").toString());
        config.setBindingsDirectory(root.resolve("bindings").toString());
        config.setPagingDirectory(root.resolve("paging").toString());
        config.setLargeMessagesDirectory(root.resolve("large-messages").toString());
        try {
            config.addAcceptorConfiguration("in-vm", "vm://" + inVmId);
            config.addAcceptorConfiguration("tcp", "tcp://" + HOST + ":" + port);
        } catch (Exception e) {
            throw new IllegalStateException("Invalid acceptor", e);
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        try {
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Artemis broker", e);
        }
        return new EmbeddedArtemis(broker, port, inVmId, root);
    }

    private static int freeLoopbackPort() {
        // Artemis's acceptor does not report the port it bound for 0: take a free one (a tiny race, on loopback only)
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String brokerUrl() {
        return "tcp://" + HOST + ":" + port;
    }

    /** The properties the stock {@code jms-apache-artemis-source} / {@code -sink} Kamelets need for {@code queue}. */
    public Map<String, Object> kameletProperties(String queue) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("brokerURL", brokerUrl());
        properties.put("destinationName", queue);
        return properties;
    }

    public String inVmUrl() {
        return "vm://" + inVmId;
    }

    /** The broker's folder (journal, paging; empty while persistence is off). */
    public Path root() {
        return root;
    }

    /** Sends a text message to {@code queue}. */
    public void send(String queue, String text) {
        try (Connection connection = inVm.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new IllegalStateException("Could not send to " + queue, e);
        }
    }

    /** The text of the next message on {@code queue}, or {@code null} when none comes within {@code wait}. */
    public String receiveText(String queue, Duration wait) {
        try (Connection connection = inVm.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message message = consumer.receive(wait.toMillis());
            if (message == null) {
                return null;
            }
            if (!(message instanceof TextMessage text)) {
                throw new IllegalStateException("Not a text message on " + queue + ": " + message.getClass().getName());
            }
            return text.getText();
        } catch (JMSException e) {
            throw new IllegalStateException("Could not receive from " + queue, e);
        }
    }

    @Override
    public void close() {
        try {
            inVm.close();
            broker.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the embedded Artemis broker", e);
        } finally {
            TempFolders.delete(root);
        }
    }
}
