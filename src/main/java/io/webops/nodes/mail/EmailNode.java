package io.webops.nodes.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailConstants;

/**
 * {@code email}: sends a message over SMTP through the {@code webops-mail-sink} Kamelet
 * (camel-mail). The SMTP server, its login and its TLS mode come from an {@code smtp} credential
 * and are set programmatically on a mail sender bound under a generated name, which is the only
 * value the Kamelet receives; recipients, subject and bodies travel in headers and the body, so
 * nothing a user writes is ever read as a Camel property placeholder. A text and an HTML body
 * together make a multipart/alternative message.
 */
public final class EmailNode implements NodeType {

    public static final String ID = "email";
    static final String KAMELET = "webops-mail-sink";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> TEMPLATE_FIELDS = List.of("to", "cc", "bcc", "subject", "body", "html");

    /** Mail senders by CamelContext, shared by every email node and deployment there. */
    private final Map<CamelContext, Senders> senders = new ConcurrentHashMap<>();

    @Override
    public List<String> kamelets() {
        return List.of("webops-mail-sink");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.OUTPUT;
    }

    @Override
    public String title() {
        return "Email";
    }

    @Override
    public String description() {
        return "Send mail over SMTP (an smtp credential); text and/or HTML body; output {to, cc, bcc, subject}.";
    }

    @Override
    public ObjectNode configSchema() {
        return Schema.object()
                .string("credential", "SMTP credential", "The smtp credential: server, login, security and sender")
                .template("to", "To", "Recipients, comma-separated; templates allowed")
                .template("cc", "Cc", "Copy recipients, comma-separated; templates allowed")
                .template("bcc", "Bcc", "Blind copy recipients (not shown to the others), comma-separated; templates allowed")
                .template("subject", "Subject", "Templates allowed")
                .template("body", "Text body", "Plain-text body; templates allowed")
                .template("html", "HTML body", "HTML body; with a text body too, the mail carries both (multipart/alternative)")
                .required("to", "subject")
                .build();
    }

    @Override
    public String credentialKind() {
        return "smtp";
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        CredentialRef.check(node, "smtp", problems);
        io.webops.nodes.TemplateChecks.fields(node, problems, TEMPLATE_FIELDS.toArray(String[]::new));
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        Map<String, Template> templates = new LinkedHashMap<>();
        for (String field : TEMPLATE_FIELDS) {
            templates.put(field, Template.parse(node.configText(field, "")));
        }
        String credentialId = CredentialRef.idOf(node);
        Senders mail = senders.computeIfAbsent(services.camel(), Senders::new);
        int timeoutMillis = node.timeoutSeconds() * 1000;
        return call -> {
            ResolvedCredential smtp = services.credential(credentialId, "smtp");
            Map<String, String> v = new LinkedHashMap<>();
            templates.forEach((field, t) -> v.put(field, t.render(call.vars()).strip()));
            // a line break in a header would start another header
            v.put("subject", v.get("subject").replaceAll("[\\r\\n]+", " "));
            InternetAddress[] to = addresses(node, "to", v.get("to"));
            if (to.length == 0) {
                throw NodeFailure.data("Node '" + node.id() + "': config.to rendered no recipient; set at least one address");
            }
            InternetAddress[] cc = addresses(node, "cc", v.get("cc"));
            InternetAddress[] bcc = addresses(node, "bcc", v.get("bcc"));
            String from = smtp.text("from");
            if (from == null) {
                throw NodeFailure.config("Node '" + node.id() + "': the smtp credential has no 'from' address; set it on the credential");
            }
            Exchange result = mail.producer.send(mail.endpoint(node, smtp, timeoutMillis), ex -> {
                org.apache.camel.Message m = ex.getMessage();
                m.setHeader(MailConstants.MAIL_FROM, from);
                m.setHeader(MailConstants.MAIL_TO, join(to));
                if (cc.length > 0) {
                    m.setHeader(MailConstants.MAIL_CC, join(cc));
                }
                if (bcc.length > 0) {
                    m.setHeader(MailConstants.MAIL_BCC, join(bcc));
                }
                m.setHeader(MailConstants.MAIL_SUBJECT, v.get("subject"));
                boolean html = !v.get("html").isEmpty();
                if (html) {
                    m.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
                    m.setBody(v.get("html"));
                    if (!v.get("body").isEmpty()) {
                        m.setHeader(MailConstants.MAIL_ALTERNATIVE_BODY, v.get("body"));
                    }
                } else {
                    m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
                    m.setBody(v.get("body"));
                }
            });
            if (result.getException() != null) {
                throw failure(node, smtp, result.getException());
            }
            ObjectNode out = JSON.objectNode();
            out.set("to", list(to));
            out.set("cc", list(cc));
            out.set("bcc", list(bcc));
            out.put("subject", v.get("subject"));
            return NodeResult.of(out);
        };
    }

    private static InternetAddress[] addresses(Node node, String field, String text) {
        if (text.isEmpty()) {
            return new InternetAddress[0];
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(text, true);
            for (InternetAddress a : parsed) {
                a.validate();
            }
            return parsed;
        } catch (AddressException e) {
            throw NodeFailure.data("Node '" + node.id() + "': config." + field + " holds an invalid address ("
                    + e.getMessage() + "); write addresses like a@example.com, separated by commas");
        }
    }

    private static String join(InternetAddress[] addresses) {
        return InternetAddress.toString(addresses);
    }

    private static ArrayNode list(InternetAddress[] addresses) {
        ArrayNode out = JSON.arrayNode();
        for (InternetAddress a : addresses) {
            out.add(a.toUnicodeString());
        }
        return out;
    }

    /** Login refusals and rejected addresses fail at once; network trouble and SMTP 4xx replies are transient. */
    private static NodeFailure failure(Node node, ResolvedCredential smtp, Throwable t) {
        String host = smtp.text("host") + ":" + smtp.text("port");
        boolean network = false;
        int smtpCode = 0;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AuthenticationFailedException) {
                return new NodeFailure("AuthenticationError", "Node '" + node.id() + "': the SMTP server " + host
                        + " refused the login; check the smtp credential's username and password", false);
            }
            if (c instanceof ConnectException || c instanceof SocketTimeoutException || c instanceof UnknownHostException
                    || c instanceof java.net.SocketException) {
                network = true;
            }
            if (c instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException s) {
                smtpCode = s.getReturnCode();
            } else if (c instanceof org.eclipse.angus.mail.smtp.SMTPAddressFailedException s) {
                smtpCode = s.getReturnCode();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        String reason = smtp.scrub(rootMessage(t));
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLHandshakeException || c instanceof java.security.cert.CertificateException) {
                return new NodeFailure("MailError", "Node '" + node.id() + "': sending the mail failed: the TLS handshake with "
                        + host + " failed (" + reason + "); the server's certificate must be valid for its host name and"
                        + " trusted by the JVM, or set the smtp credential's security to match the server", false, null);
            }
        }
        if (network) {
            return new NodeFailure("MailError", "Node '" + node.id() + "': cannot reach the SMTP server " + host + " ("
                    + reason + "); check the smtp credential's host, port and security", true, null);
        }
        boolean transientReply = smtpCode >= 400 && smtpCode < 500;
        return new NodeFailure("MailError", "Node '" + node.id() + "': sending the mail failed"
                + (smtpCode > 0 ? " (SMTP " + smtpCode + ")" : "") + ": " + reason, transientReply, null);
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

    /**
     * One mail sender (and Kamelet endpoint) per distinct SMTP setting and timeout: a changed
     * credential takes effect at the next run without redeploying, and redeploying a workflow
     * reuses what its earlier versions bound instead of adding routes.
     */
    private static final class Senders {
        private final CamelContext camel;
        private final ProducerTemplate producer;
        private final Map<String, Endpoint> byFingerprint = new ConcurrentHashMap<>();

        Senders(CamelContext camel) {
            this.camel = camel;
            this.producer = camel.createProducerTemplate();
        }

        Endpoint endpoint(Node node, ResolvedCredential smtp, int timeoutMillis) {
            return byFingerprint.computeIfAbsent(fingerprint(smtp) + "/" + timeoutMillis, f -> {
                String bean = "webops-mail-sender-" + UUID.randomUUID();
                camel.getRegistry().bind(bean, sender(node, smtp, timeoutMillis));
                return camel.getEndpoint("kamelet:" + KAMELET + "?mailSender=" + bean);
            });
        }

        private DefaultJavaMailSender sender(Node node, ResolvedCredential smtp, int timeoutMillis) {
            String security = smtp.text("security", "none");
            String protocol = "tls".equals(security) ? "smtps" : "smtp";
            DefaultJavaMailSender sender = new DefaultJavaMailSender();
            sender.setProtocol(protocol);
            sender.setHost(smtp.text("host"));
            int port;
            try {
                port = Integer.parseInt(smtp.text("port", "tls".equals(security) ? "465" : "25"));
            } catch (NumberFormatException e) {
                throw NodeFailure.config("Node '" + node.id() + "': the smtp credential's port is not a number; set 25, 465 or 587");
            }
            sender.setPort(port);
            Properties props = new Properties();
            String p = "mail." + protocol + ".";
            props.setProperty(p + "connectiontimeout", String.valueOf(timeoutMillis));
            props.setProperty(p + "timeout", String.valueOf(timeoutMillis));
            props.setProperty(p + "writetimeout", String.valueOf(timeoutMillis));
            if (smtp.text("username") != null) {
                sender.setUsername(smtp.text("username"));
                sender.setPassword(smtp.text("password", ""));
                props.setProperty(p + "auth", "true");
            }
            if (!"none".equals(security)) {
                if ("starttls".equals(security)) {
                    props.setProperty(p + "starttls.enable", "true");
                    props.setProperty(p + "starttls.required", "true");
                }
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

        private static String fingerprint(ResolvedCredential smtp) {
            StringBuilder b = new StringBuilder();
            for (String field : List.of("host", "port", "security", "username", "password")) {
                b.append(smtp.text(field, "")).append('\u0000');
            }
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
