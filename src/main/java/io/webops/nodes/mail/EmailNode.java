package io.webops.nodes.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Schema;
import io.webops.nodes.Steps;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code email}: sends a message over SMTP. The node's route shows the delivery: its run prepares the mail
 * ({@link OutgoingMail}: From from the {@code smtp} credential, To, Cc, Bcc, Subject, the content type, the body and the
 * plain-text alternative), then {@code to: kamelet:webops-mail-sink} sends it with camel-mail through the node's
 * {@link SmtpSender}, which takes the server, login and TLS mode from the credential when it sends and connects through
 * the SSRF guard; Camel's redelivery sends it again when the node retries. The YAML names the sender bean only:
 * recipients, subject and bodies travel in headers and the body, so nothing a user writes is ever read as a Camel
 * property placeholder. A text and an HTML body together make a multipart/alternative message.
 */
public final class EmailNode implements NodeType {

    public static final String ID = "email";
    static final String KAMELET = "webops-mail-sink";
    /** Purpose of the node's mail sender bean, the one value the Kamelet receives. */
    static final String SENDER = "mailSender";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> TEMPLATE_FIELDS = List.of("to", "cc", "bcc", "subject", "body", "html");

    @Override
    public List<String> kamelets() {
        return List.of(KAMELET);
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
        return call -> {
            ResolvedCredential smtp = services.credential(credentialId, "smtp");
            Map<String, String> v = new LinkedHashMap<>();
            templates.forEach((field, t) -> v.put(field, t.render(call.vars()).strip()));
            // a line break in a header would start another header
            String subject = v.get("subject").replaceAll("[\\r\\n]+", " ");
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
            // the mail is sent by the route's next steps (kamelet:webops-mail-sink)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT,
                    new OutgoingMail(from, to, cc, bcc, subject, v.get("body"), v.get("html")), null);
        };
    }

    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        return Map.of(SENDER, new SmtpSender(node, services));
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        // noErrorHandler: a failure goes back to this route, whose error handling sends again (Camel's redelivery from
        // the point of failure) or hands it to the node's error handle
        Map<String, Object> send = Steps.map("to", Steps.map(
                // the Kamelet's route is named after the node's, so it goes when the node's deployment is removed
                "uri", "kamelet:" + KAMELET + "/" + step.bean(KAMELET),
                "parameters", Steps.map(
                        "noErrorHandler", true,
                        "mailSender", step.bean(SENDER))));
        List<Object> steps = new java.util.ArrayList<>(step.send(send));
        steps.addAll(step.dispatch());
        return steps;
    }

    @Override
    public NodeResult answer(Node node, NodeResult ran, org.apache.camel.Message answer, long durationMillis) {
        OutgoingMail mail = (OutgoingMail) ran.attachment();
        ObjectNode out = JSON.objectNode();
        out.set("to", list(mail.to()));
        out.set("cc", list(mail.cc()));
        out.set("bcc", list(mail.bcc()));
        out.put("subject", mail.subject());
        return NodeResult.of(out);
    }

    /**
     * Login refusals, rejected addresses and refused servers fail at once; network trouble and SMTP 4xx replies are
     * transient.
     */
    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        SmtpSender.SmtpFailure sent = null;
        for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof NodeFailure f) {
                return f;
            }
            if (c instanceof io.webops.security.SsrfException s) {
                return new NodeFailure("SsrfRefused", "Node '" + node.id() + "': the SMTP server was refused: " + s.getMessage(), false);
            }
            if (sent == null && c instanceof SmtpSender.SmtpFailure f) {
                sent = f;
            }
        }
        return sent == null ? failure : failure(node, sent);
    }

    private static NodeFailure failure(Node node, SmtpSender.SmtpFailure t) {
        String host = t.server();
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
        String reason = t.reason();
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

    private static ArrayNode list(InternetAddress[] addresses) {
        ArrayNode out = JSON.arrayNode();
        for (InternetAddress a : addresses) {
            out.add(a.toUnicodeString());
        }
        return out;
    }
}
