package io.webops.nodes.mail;

import io.webops.credentials.ResolvedCredential;
import io.webops.model.Node;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeServices;
import io.webops.security.SsrfSocketFactory;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.apache.camel.component.mail.DefaultJavaMailSender;

/**
 * The mail sender of one email node, bound as {@code <route id>.mailSender} and named by its route's
 * {@code kamelet:webops-mail-sink}: each time it sends it opens the node's smtp credential and sends with that server,
 * login and TLS mode, so the YAML holds neither a host nor a secret and a corrected credential counts at the next run.
 * Every connection goes through the SSRF guard ({@link SsrfSocketFactory}). A failure to send is a {@link SmtpFailure}
 * naming the server, with the credential's secrets scrubbed from its reason.
 */
final class SmtpSender extends DefaultJavaMailSender {

    private final Node node;
    private final NodeServices services;
    private final String credentialId;
    private final int timeoutMillis;
    /** The sender made for the credential as it was last read, reused while the credential is unchanged. */
    private final AtomicReference<Configured> last = new AtomicReference<>();

    private record Configured(List<String> settings, DefaultJavaMailSender sender) {
    }

    SmtpSender(Node node, NodeServices services) {
        this.node = node;
        this.services = services;
        this.credentialId = CredentialRef.idOf(node);
        this.timeoutMillis = node.timeoutSeconds() * 1000;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        ResolvedCredential smtp = services.credential(credentialId, "smtp");
        String server = smtp.text("host") + ":" + smtp.text("port");
        DefaultJavaMailSender sender = sender(smtp);
        try {
            sender.send(message);
        } catch (MessagingException | RuntimeException e) {
            throw new SmtpFailure(server, smtp.scrub(rootMessage(e)), e);
        }
    }

    /** A failure to send, naming the server; {@link #reason()} holds no secret of the credential. */
    static final class SmtpFailure extends MessagingException {

        private static final long serialVersionUID = 1L;
        private final String server;
        private final String reason;

        SmtpFailure(String server, String reason, Exception cause) {
            super("Sending to the SMTP server " + server + " failed: " + reason, cause);
            this.server = server;
            this.reason = reason;
        }

        String server() {
            return server;
        }

        String reason() {
            return reason;
        }
    }

    private DefaultJavaMailSender sender(ResolvedCredential smtp) {
        List<String> settings = java.util.stream.Stream.of("host", "port", "security", "username", "password")
                .map(f -> smtp.text(f, "")).toList();
        Configured current = last.get();
        if (current == null || !current.settings().equals(settings)) {
            current = new Configured(settings, configure(smtp));
            last.set(current);
        }
        return current.sender();
    }

    private DefaultJavaMailSender configure(ResolvedCredential smtp) {
        String security = smtp.text("security", "none");
        String protocol = "tls".equals(security) ? "smtps" : "smtp";
        DefaultJavaMailSender sender = new DefaultJavaMailSender();
        sender.setProtocol(protocol);
        sender.setHost(smtp.text("host"));
        try {
            sender.setPort(Integer.parseInt(smtp.text("port", "tls".equals(security) ? "465" : "25")));
        } catch (NumberFormatException e) {
            throw NodeFailure.config("Node '" + node.id() + "': the smtp credential's port is not a number; set 25, 465 or 587");
        }
        Properties props = new Properties();
        String p = "mail." + protocol + ".";
        props.setProperty(p + "connectiontimeout", String.valueOf(timeoutMillis));
        props.setProperty(p + "timeout", String.valueOf(timeoutMillis));
        props.setProperty(p + "writetimeout", String.valueOf(timeoutMillis));
        // the connection is opened by the guard's sockets, and never by a socket of the mail client's own instead
        SsrfSocketFactory guarded = new SsrfSocketFactory(services.ssrfGuard());
        props.put(p + "socketFactory", guarded);
        props.setProperty(p + "socketFactory.fallback", "false");
        if (smtp.text("username") != null) {
            sender.setUsername(smtp.text("username"));
            sender.setPassword(smtp.text("password", ""));
            props.setProperty(p + "auth", "true");
        }
        if ("tls".equals(security)) {
            // implicit TLS: the guarded socket connects, then the JVM's default TLS (javax.net.ssl.* settings) wraps it
            props.put(p + "ssl.socketFactory", guarded);
            props.setProperty(p + "ssl.checkserveridentity", "true");
        } else if ("starttls".equals(security)) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
            props.setProperty(p + "ssl.checkserveridentity", "true");
            // the JVM's default trust (javax.net.ssl.* settings), read when the sender is built
            try {
                props.put(p + "ssl.socketFactory", SSLContext.getDefault().getSocketFactory());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("No default TLS context", e);
            }
        }
        sender.setJavaMailProperties(props);
        return sender;
    }

    private static String rootMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message.strip();
    }
}
